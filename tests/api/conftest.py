import datetime

import pytest
from django.test import Client

from api.tokens import token_create
from awards.models import AwardProposal, ProposalStatus
from reports import services as reports
from reports.models import YearlyReport
from tests.awards.conftest import award  # noqa: F401  (fixture)
from tests.awards.helpers import propose
from tests.initiatives.factories import InitiativeFactory
from units.models import Person


@pytest.fixture
def tokens(users):
    """A personal token (its secret) for every actor of `users`."""
    return {
        name: token_create(user=user, by=user, name=f"Thử {name}")[1]
        for name, user in users.items()
    }


@pytest.fixture
def call(tokens):
    """call(actor, url, method, **kwargs) -> response, with the actor's bearer token, from a
    client that enforces CSRF as the server does (a program has no CSRF cookie)."""
    client = Client(enforce_csrf_checks=True)

    def _call(actor, url, method="get", **kwargs):
        headers = {"Authorization": f"Bearer {tokens[actor]}"} if actor else {}
        return getattr(client, method)(url, headers=headers, **kwargs)

    return _call


@pytest.fixture
def world(org, users, award):  # noqa: F811
    """School A's records in the department's campaign: an initiative past the draft stage,
    a report of 2026, a decided award to a teacher of school A."""
    campaign = award["campaign"]
    initiative = InitiativeFactory(campaign=campaign, unit=org["school_a"], status="submitted")
    cycle = reports.cycle_open(campaign=campaign, year=2026)[0]
    report = YearlyReport.objects.get(cycle=cycle, unit=org["school_a"])
    teacher = award["teacher"]
    Person.objects.filter(pk=teacher.pk).update(date_of_birth=datetime.date(1985, 3, 2))
    proposal = propose(award, users)
    AwardProposal.objects.filter(pk=proposal.pk).update(
        status=ProposalStatus.DECIDED,
        decision_number="125/QĐ-SGDĐT",
        decision_date=datetime.date(2026, 12, 20),
        decision_authority="Giám đốc Sở Giáo dục và Đào tạo",
        decision_signer_name="Nguyễn Văn An",
    )
    return {
        "campaign": campaign,
        "initiative": initiative,
        "report": report,
        "proposal": proposal,
        "unit": org["school_a"],
    }
