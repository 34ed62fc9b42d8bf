"""The API over real HTTP (the test client) with bearer tokens: the same scope as the pages
(404 outside it), 401 without a live token, the documented export, the report figures
written through the page's checks, the rate limit and a valid OpenAPI 3 schema."""

import datetime
import hashlib

import pytest
from django.core.cache import cache
from django.db import connection
from openapi_spec_validator import validate

from api.models import ApiToken
from api.tokens import token_create
from portal.models import HistoryEntry
from reports.models import ReportStatus, YearlyReport
from tests.initiatives.factories import InitiativeFactory

ACTORS = ["staff_a", "head_a", "staff_b", "office", "leader", "admin", "council", "outsider"]
# Who sees each record of school A (`world`), as the pages' selectors decide.
SEES = {
    "campaign": {"staff_a", "head_a", "staff_b", "office", "leader", "admin", "council"},
    "unit": {"staff_a", "head_a", "office", "leader", "admin"},
    "initiative": {"staff_a", "head_a", "office", "leader", "admin"},
    "report": {"staff_a", "head_a", "office", "leader", "admin"},
    "proposal": {"staff_a", "head_a", "office", "leader", "admin", "council"},
}
DETAIL = {
    "campaign": lambda w: f"/api/v1/campaigns/{w['campaign'].pk}",
    "unit": lambda w: f"/api/v1/units/{w['unit'].pk}",
    "initiative": lambda w: f"/api/v1/initiatives/{w['initiative'].pk}",
    "report": lambda w: f"/api/v1/reports/{w['report'].pk}",
    "proposal": lambda w: f"/api/v1/awards/proposals/{w['proposal'].pk}",
}
LIST = {
    "campaign": ("/api/v1/campaigns", lambda body: body),
    "unit": ("/api/v1/units", lambda body: body["items"]),
    "initiative": ("/api/v1/initiatives", lambda body: body["items"]),
    "proposal": ("/api/v1/awards/proposals", lambda body: body["items"]),
}


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()


@pytest.mark.parametrize("kind", sorted(DETAIL))
def test_detail_in_scope_200_outside_404(world, call, kind):
    url = DETAIL[kind](world)
    outcomes = {actor: call(actor, url).status_code for actor in ACTORS}
    assert outcomes == {actor: 200 if actor in SEES[kind] else 404 for actor in ACTORS}


@pytest.mark.parametrize("kind", sorted(LIST))
def test_lists_hold_only_the_scope(world, call, kind):
    url, items = LIST[kind]
    record = {"campaign": "campaign", "unit": "unit", "initiative": "initiative"}.get(kind, kind)
    pk = world[record].pk
    listed = {
        actor: pk in {row["id"] for row in items(call(actor, url).json())} for actor in ACTORS
    }
    assert listed == {actor: actor in SEES[kind] for actor in ACTORS}


def test_out_of_scope_answers_like_a_missing_record(world, call):
    response = call("staff_b", f"/api/v1/units/{world['unit'].pk}")
    missing = call("staff_b", "/api/v1/units/987654321")
    assert response.status_code == missing.status_code == 404
    assert response.json() == missing.json() == {"detail": "Không tìm thấy."}


def test_without_a_live_token_401(world, client, users, tokens):
    url = f"/api/v1/units/{world['unit'].pk}"
    assert client.get(url).status_code == 401
    response = client.get(url, headers={"Authorization": "Bearer ctd_not-a-token"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"

    def status(secret):
        return client.get(url, headers={"Authorization": f"Bearer {secret}"}).status_code

    assert status(tokens["staff_a"]) == 200
    revoked = ApiToken.objects.get(user=users["staff_a"])
    revoked.revoked_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    revoked.save()
    assert status(tokens["staff_a"]) == 401

    assert status(tokens["head_a"]) == 200
    ApiToken.objects.filter(user=users["head_a"]).update(
        expires_on=datetime.date.today() - datetime.timedelta(days=1)
    )
    assert status(tokens["head_a"]) == 401

    assert status(tokens["office"]) == 200
    users["office"].is_active = False
    users["office"].save()
    assert status(tokens["office"]) == 401


def test_a_session_is_not_enough(world, login, users):
    """Signed in on the pages, without a token: the API still asks for one."""
    client = login(users["staff_a"])
    assert client.get(f"/api/v1/units/{world['unit'].pk}").status_code == 401


def test_the_secret_is_kept_only_as_its_digest(users):
    token, secret = token_create(user=users["staff_a"], by=users["staff_a"], name="Bảng tính")
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert stored["digest"] == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {str(value) for value in stored.values()}
    assert secret.startswith(stored["prefix"])


def test_last_use_is_stamped_at_most_once_a_minute(world, call, users):
    token = ApiToken.objects.get(user=users["office"])
    assert token.last_used_at is None
    call("office", "/api/v1/campaigns")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    call("office", "/api/v1/campaigns")
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    call("office", "/api/v1/campaigns")
    token.refresh_from_db()
    assert token.last_used_at > first


def test_rate_limit_per_token(world, call, settings):
    settings.API_RATE_LIMIT = 3
    codes = [call("office", "/api/v1/campaigns").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = call("office", "/api/v1/campaigns")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Quá nhiều yêu cầu" in refused.json()["detail"]
    # Another token has its own count.
    assert call("leader", "/api/v1/campaigns").status_code == 200


def test_initiatives_keyset_pages(world, call, org):
    for _ in range(4):
        InitiativeFactory(campaign=world["campaign"], unit=org["school_a"], status="submitted")
    first = call("office", "/api/v1/initiatives?limit=3").json()
    assert len(first["items"]) == 3
    second = call("office", f"/api/v1/initiatives?limit=3&after={first['next_after']}").json()
    assert len(second["items"]) == 2
    assert second["next_after"] is None
    ids = [row["id"] for row in first["items"] + second["items"]]
    assert ids == sorted(ids)
    assert len(set(ids)) == 5


# --- The export of issued decisions ------------------------------------------------------


def test_decision_export_shape(world, call):
    body = call("office", "/api/v1/decisions/export?year=2026").json()
    assert body["format"] == "cong-thi-dua/quyet-dinh-khen-thuong/1"
    [decision] = body["decisions"]
    recipient_id = decision["recipients"][0].pop("id")
    decision_id = decision.pop("id")
    assert decision == {
        "number": "125/QĐ-SGDĐT",
        "date": "2026-12-20",
        "authority": "Giám đốc Sở Giáo dục và Đào tạo",
        "signer": "Nguyễn Văn An",
        "award_forms": ["Giấy khen của Giám đốc Sở"],
        "recipients": [
            {
                "kind": "individual",
                "name": "Nguyễn Thị Hương",
                "unit": "Trường THPT An Lão",
                "birth_year": 1985,
                "award_form": "Giấy khen của Giám đốc Sở",
            }
        ],
    }
    # The identifiers are stable from one export to the next.
    again = call("office", "/api/v1/decisions/export?year=2026").json()["decisions"][0]
    assert (again["id"], again["recipients"][0]["id"]) == (decision_id, recipient_id)


def test_decision_export_filters_and_scope(world, call):
    def count(actor, query):
        return len(call(actor, f"/api/v1/decisions/export?{query}").json()["decisions"])

    assert count("office", "year=2025") == 0
    assert count("office", "since=2099-01-01") == 0
    assert count("office", f"since={datetime.date.today().isoformat()}") == 1
    assert count("staff_a", "") == 1
    assert count("staff_b", "") == 0
    assert count("outsider", "") == 0
    assert len(call("leader", "/api/v1/decisions?year=2026").json()) == 1


# --- Writing the figures of a yearly report ----------------------------------------------


def _figures(response):
    return {f["key"]: f for f in response.json()["figures"]}


def test_figures_round_trip_recorded(world, call):
    url = f"/api/v1/reports/{world['report'].pk}"
    computed = _figures(call("staff_a", url))["headcount"]["computed"]
    payload = {"figures": [{"key": "headcount", "value": computed + 5, "reason": "Có 5 hợp đồng"}]}
    response = call(
        "staff_a", f"{url}/figures", "patch", data=payload, content_type="application/json"
    )
    assert response.status_code == 200
    assert _figures(call("staff_a", url))["headcount"]["value"] == computed + 5
    report = YearlyReport.objects.get(pk=world["report"].pk)
    assert report.status == ReportStatus.DRAFT
    edited = HistoryEntry.objects.filter(object_id=report.pk, action="edited").get()
    assert edited.changes["headcount"][1] == computed + 5


@pytest.mark.parametrize(
    ("figure", "message"),
    [
        ({"key": "headcount", "value": 10**6}, "nêu lý do"),
        ({"key": "headcount", "value": -1}, "lớn hơn hoặc bằng"),
        ({"key": "headcount", "value": "nhiều"}, "Giá trị này không hợp lệ"),
        ({"key": "no_such_figure", "value": 1}, "Không có số liệu này"),
    ],
)
def test_bad_figures_422_in_vietnamese(world, call, figure, message):
    url = f"/api/v1/reports/{world['report'].pk}/figures"
    response = call(
        "staff_a", url, "patch", data={"figures": [figure]}, content_type="application/json"
    )
    assert response.status_code == 422
    assert message in " ".join(problem["msg"] for problem in response.json()["detail"])
    assert not HistoryEntry.objects.filter(object_id=world["report"].pk, action="edited").exists()


def test_figures_of_a_handed_in_report_are_refused(world, call):
    YearlyReport.objects.filter(pk=world["report"].pk).update(status=ReportStatus.SUBMITTED)
    url = f"/api/v1/reports/{world['report'].pk}/figures"
    payload = {"figures": [{"key": "headcount", "value": 1, "reason": "x"}]}
    response = call("staff_a", url, "patch", data=payload, content_type="application/json")
    assert response.status_code == 409
    assert "không thể sửa" in response.json()["detail"]


def test_only_the_unit_writes_its_figures(world, call):
    """The office sees the report (200 on GET) but does not file it: 404 on write, as the
    edit page answers it."""
    url = f"/api/v1/reports/{world['report'].pk}/figures"
    payload = {"figures": [{"key": "headcount", "value": 1, "reason": "x"}]}
    outcomes = {
        actor: call(actor, url, "patch", data=payload, content_type="application/json").status_code
        for actor in ACTORS
    }
    assert outcomes == {actor: 200 if actor in {"staff_a", "head_a"} else 404 for actor in ACTORS}


# --- The schema --------------------------------------------------------------------------


def test_openapi_schema_is_valid(db, client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    export = schema["paths"]["/api/v1/decisions/export"]["get"]
    assert {p["name"] for p in export["parameters"]} == {"year", "since"}
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    recipient = schema["components"]["schemas"]["Recipient"]["properties"]
    assert set(recipient) == {"id", "kind", "name", "unit", "birth_year", "award_form"}


# --- GET never writes ---------------------------------------------------------------------


def test_api_reads_write_only_the_last_use_stamp(world, call):
    """Every GET of the API, with a token: the one write is the token's last-use stamp, at
    most once a minute (the page walk of tests/portal/test_get_never_writes.py opens the
    API's URLs without a token)."""
    urls = [
        "/api/v1/campaigns",
        *(DETAIL[kind](world) for kind in DETAIL),
        "/api/v1/units",
        "/api/v1/initiatives",
        "/api/v1/awards/proposals",
        "/api/v1/decisions",
        "/api/v1/decisions/export",
    ]
    writes = []

    def record(execute, sql, params, many, context):
        if sql.lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            writes.append(sql.split(" SET ")[0])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        for url in urls:
            assert call("staff_a", url).status_code == 200, url
    assert writes == ['UPDATE "api_apitoken"']


def test_the_docs_page_loads_its_scripts_from_the_portal(db, client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<script src="/static/ninja/swagger-ui-bundle.js">' in page
    assert "Content-Security-Policy" in response
    assert "script-src 'self'" in response["Content-Security-Policy"]
