import io

from django.core.management import call_command

from initiatives.models import Initiative, Recognition, Status


def test_seed_demo_is_idempotent(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = Initiative.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Initiative.objects.count() == first == 6
    assert set(Initiative.objects.values_list("status", flat=True)) == {
        Status.DRAFT,
        Status.SUBMITTED,
        Status.RETURNED,
        Status.IN_COUNCIL,
        Status.RECOGNISED,
    }
    assert Recognition.objects.filter(level="base").count() == 2
