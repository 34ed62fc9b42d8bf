import io

from django.core.management import call_command

from api.models import ApiToken
from devtools.demo.api import EXPORT_SECRET, STAFF_SECRET
from units.models import Unit


def test_the_demo_tokens_read_their_scope(db, client):
    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert ApiToken.objects.count() == 2
    assert EXPORT_SECRET in out.getvalue()

    def get(secret, url):
        response = client.get(url, headers={"Authorization": f"Bearer {secret}"})
        assert response.status_code == 200
        return response.json()

    export = get(EXPORT_SECRET, "/api/v1/decisions/export")
    recipients = [r for d in export["decisions"] for r in d["recipients"]]
    assert recipients
    root = Unit.objects.get(code="HP-SGD")
    hp = set(Unit.objects.filter(path__startswith=root.path).values_list("name", flat=True))
    assert {r["unit"] for r in recipients} <= hp

    units = get(STAFF_SECRET, "/api/v1/units?limit=500")["items"]
    assert units and "HP-SGD" not in {u["code"] for u in units}
