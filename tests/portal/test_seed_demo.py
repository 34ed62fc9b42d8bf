"""`make run` loads the demo with `seed_demo`; a second run keeps the data as it is."""

import io

from django.core.management import call_command

from awards.models import AwardProposal, AwardRound
from campaigns.models import Campaign
from initiatives.models import Initiative, Recognition
from portal.models import HistoryEntry
from reports.models import YearlyReport
from units.models import Person, RoleAssignment, Unit, User

MODELS = [
    Unit,
    Person,
    User,
    RoleAssignment,
    Campaign,
    Initiative,
    Recognition,
    YearlyReport,
    AwardRound,
    AwardProposal,
    HistoryEntry,
]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seed_demo_loads_the_five_plans_once_and_prints_the_logins(db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = _counts()
    assert set(Campaign.objects.values_list("document_number", flat=True)) >= {
        "1536/KH-SGDĐT",
        "4400/KH-SGDĐT",
        "29/KH-SKHCN",
    }
    assert Campaign.objects.count() == 5
    assert all(count > 0 for count in first.values()), first
    printed = out.getvalue()
    for username in ("vanphong", "lanhdao", "quantri", "hoidong1", "canbo", "thutruong"):
        assert username in printed
    assert "ThiDua@2025" in printed

    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first
