"""The home page costs the same number of queries however many rows wait in its panels,
and its counts stay honest and bounded."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import ProposalStatus, RoundStatus
from initiatives.models import CouncilAssignment, Status
from portal import home_cache, panels
from reports.models import ReportStatus
from tests.awards.factories import AwardProposalFactory, AwardRoundFactory
from tests.factories import AwardFormFactory, CampaignFactory, PersonFactory
from tests.initiatives.factories import InitiativeFactory
from tests.reports.factories import ReportingCycleFactory, YearlyReportFactory

ROLES = ["staff_a", "head_a", "office", "leader", "admin", "council"]


def _fill(org, users, n: int):
    """`n` more rows of everything a panel of some role lists."""
    department, school = org["department"], org["school_a"]
    campaign = CampaignFactory(issuing_unit=department)
    campaign.participants.set([department])
    for _ in range(n):
        InitiativeFactory(campaign=campaign, unit=school, status=Status.DRAFT)
        InitiativeFactory(campaign=campaign, unit=school, status=Status.SUBMITTED)
        council = InitiativeFactory(campaign=campaign, unit=school, status=Status.IN_COUNCIL)
        CouncilAssignment.objects.create(initiative=council, member=users["council"])
    for year in range(2000, 2000 + n):
        cycle = ReportingCycleFactory(
            campaign=campaign, year=year, deadline=datetime.date(year, 12, 15)
        )
        YearlyReportFactory(cycle=cycle, unit=school, status=ReportStatus.NOT_STARTED)
        YearlyReportFactory(cycle=cycle, unit=org["school_b"], status=ReportStatus.DRAFT)
    award_form = AwardFormFactory(campaign=campaign)
    for year in range(2000, 2000 + n):
        AwardRoundFactory(
            campaign=campaign,
            year=year,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            status=RoundStatus.FINALISED,
        )
    open_round = AwardRoundFactory(campaign=campaign, year=1999, status=RoundStatus.OPEN)
    for status in (ProposalStatus.DRAFT, ProposalStatus.RETURNED, ProposalStatus.SUBMITTED):
        for _ in range(n):
            AwardProposalFactory(
                round=open_round,
                award_form=award_form,
                nominee_person=PersonFactory(unit=school),
                status=status,
            )


def _queries(client, user) -> int:
    """The queries of a home page built afresh (not the panels kept in the cache)."""
    client.force_login(user)
    client.get("/")  # warm-up: the session, translations
    home_cache.changed_everywhere()
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("username", ROLES)
def test_home_queries_do_not_grow_with_the_rows_waiting(client, org, users, username):
    _fill(org, users, 10)  # past every panel's limit of rows shown
    few = _queries(client, users[username])
    _fill(org, users, 25)
    assert _queries(client, users[username]) == few


def test_office_panel_shows_the_newest_and_a_bounded_count(client, org, users, settings):
    campaign = CampaignFactory(issuing_unit=org["department"])
    for _ in range(8):
        InitiativeFactory(campaign=campaign, unit=org["school_a"], status=Status.SUBMITTED)
    newest = InitiativeFactory(
        campaign=campaign, unit=org["school_b"], status=Status.SUBMITTED, title="Sáng kiến mới nhất"
    )
    client.force_login(users["office"])
    page = client.get("/").content.decode()
    assert "Sáng kiến mới nhất" in page
    assert f"/initiatives/{newest.pk}/" in page
    assert '<span class="count">9</span>' in page

    panels.COUNT_CAP, saved = 6, panels.COUNT_CAP
    home_cache.changed_everywhere()  # the panels are built afresh with the smaller cap
    try:
        page = client.get("/").content.decode()
    finally:
        panels.COUNT_CAP = saved
    assert '<span class="count">hơn 6</span>' in page
