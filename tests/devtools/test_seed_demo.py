"""`make run` loads the demo with `seed_demo`; a second run keeps the data as it is."""

import io

from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from awards.models import AwardProposal, AwardRound, ForwardedPackage
from campaigns.models import Campaign, ConferenceDelegate
from initiatives.models import Initiative, Recognition
from portal.models import HistoryEntry
from portal.twofactor import two_factor_check
from reports.models import ReportingCycle, YearlyReport
from units.models import Person, RoleAssignment, Unit, User

MODELS = [
    ForwardedPackage,
    Unit,
    Person,
    User,
    RoleAssignment,
    Campaign,
    Initiative,
    Recognition,
    YearlyReport,
    ReportingCycle,
    AwardRound,
    AwardProposal,
    HistoryEntry,
    TOTPDevice,
    ConferenceDelegate,
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
    # The five plans, and the two plans of UBND thành phố Hải Phòng they implement.
    assert Campaign.objects.count() == 7
    assert all(count > 0 for count in first.values()), first
    printed = out.getvalue()
    for username in ("vanphong", "lanhdao", "quantri", "hoidong1", "canbo", "thutruong"):
        assert username in printed
    assert "ThiDua@2025" in printed
    assert "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ" in printed
    assert set(TOTPDevice.objects.values_list("user__username", flat=True)) == {
        "vanphong",
        "lanhdao",
        "quantri",
        "txvanphong",
        "hnvanphong",
        "hyvanphong",
        "tpvanphong",
    }

    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first


def test_the_demo_code_command_lets_the_demo_office_log_in(db):
    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo_code", stdout=out)
    code = out.getvalue().split()[0]
    office = User.objects.get(username="vanphong")
    assert two_factor_check(user=office, token=code) is not None
