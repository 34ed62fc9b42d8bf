"""The home page's panels are kept per user until a row they show changes."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.models import Status
from portal import home_cache
from reports.models import ReportStatus
from reports.services import cycle_open
from tests.factories import CampaignFactory
from tests.initiatives.factories import InitiativeFactory

PANEL_TABLES = ('FROM "reports_yearlyreport"', 'FROM "initiatives_initiative"')


def panel_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return [q["sql"] for q in captured if any(t in q["sql"] for t in PANEL_TABLES)]


@pytest.fixture
def campaign(org):
    campaign = CampaignFactory(issuing_unit=org["department"], title="Phong trào Dạy tốt")
    campaign.participants.add(org["department"])
    return campaign


@pytest.mark.parametrize("username", ["staff_a", "head_a", "office", "leader", "council"])
def test_a_second_visit_reads_the_kept_panels(client, users, campaign, username):
    client.force_login(users[username])
    panel_queries(client)
    assert panel_queries(client) == []


def test_the_panels_are_kept_written(client, users, campaign):
    """A visit with every panel kept joins the kept HTML: the panels' template is not run
    again, and the page shows the same panels."""

    def visit():
        response = client.get("/")
        written = [t.name for t in response.templates if t.name == "portal/_panels.html"]
        return written, response.content.decode()

    client.force_login(users["office"])
    first_written, first = visit()
    assert first_written  # built and written on the first visit
    again_written, again = visit()
    assert again_written == []
    assert "Phong trào Dạy tốt" in again
    panels = first[first.index('<div class="panels">') :]
    assert again[again.index('<div class="panels">') :] == panels


def test_a_submitted_report_leaves_the_staffs_panel(client, org, users, campaign):
    cycle = cycle_open(campaign=campaign, year=2026)[0]
    report = cycle.reports.get(unit=org["school_a"])
    client.force_login(users["staff_a"])
    assert f"/reports/{report.pk}/" in client.get("/").content.decode()
    report.status = ReportStatus.SUBMITTED
    report.save()
    assert f"/reports/{report.pk}/" not in client.get("/").content.decode()


def test_the_office_sees_an_initiative_submitted_below_it(client, org, users, campaign):
    client.force_login(users["office"])
    client.get("/")
    initiative = InitiativeFactory(
        campaign=campaign, unit=org["school_b"], status=Status.SUBMITTED, title="Sổ điểm số"
    )
    assert f"/initiatives/{initiative.pk}/" in client.get("/").content.decode()


def test_a_campaign_renamed_shows_on_the_units_home(client, users, campaign):
    client.force_login(users["staff_a"])
    assert "Phong trào Dạy tốt" in client.get("/").content.decode()
    campaign.title = "Phong trào Dạy tốt, học tốt"
    campaign.save()
    assert "Phong trào Dạy tốt, học tốt" in client.get("/").content.decode()


def test_a_change_in_another_school_keeps_the_staffs_panels(client, org, users, campaign):
    client.force_login(users["staff_a"])
    panel_queries(client)
    InitiativeFactory(campaign=campaign, unit=org["school_b"], status=Status.DRAFT)
    assert panel_queries(client) == []
    InitiativeFactory(campaign=campaign, unit=org["school_a"], status=Status.DRAFT)
    assert panel_queries(client) != []


def test_panels_read_before_a_commit_are_rebuilt_once_it_commits(
    client, org, users, campaign, django_capture_on_commit_callbacks
):
    client.force_login(users["staff_a"])
    with django_capture_on_commit_callbacks() as callbacks:
        InitiativeFactory(campaign=campaign, unit=org["school_a"], status=Status.DRAFT)
        panel_queries(client)  # read (and kept) before the change commits
    assert panel_queries(client) == []
    for callback in callbacks:
        callback()
    assert panel_queries(client) != []


def test_a_saved_report_rebuilds_only_the_report_panels(client, org, users, campaign):
    cycle = cycle_open(campaign=campaign, year=2026)[0]
    report = cycle.reports.get(unit=org["school_a"])
    client.force_login(users["staff_a"])
    panel_queries(client)
    report.status = ReportStatus.DRAFT
    report.save()
    rebuilt = panel_queries(client)
    assert [q for q in rebuilt if 'FROM "reports_yearlyreport"' in q]
    assert not [q for q in rebuilt if 'FROM "initiatives_initiative"' in q]


def test_the_offices_chart_counts_outlive_the_panels(client, org, users, campaign):
    """After a change the office's panels are built afresh, but its chart counts (younger
    than CHARTS_FRESH) are kept: the same queries however many initiatives, none counting."""
    from initiatives import charts

    def counting(sql: str) -> bool:  # one of the charts' three GROUP BY counts
        return sql.startswith('SELECT "initiatives_') and "GROUP BY" in sql

    def afresh() -> list[str]:
        home_cache.changed_everywhere()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return [q["sql"] for q in captured]

    client.force_login(users["office"])
    client.get("/")  # the chart counts are made and kept
    for _ in range(6):  # past the panel's five rows
        InitiativeFactory(campaign=campaign, unit=org["school_b"], status=Status.SUBMITTED)
    few = afresh()
    assert not [q for q in few if counting(q)]
    for _ in range(20):
        InitiativeFactory(campaign=campaign, unit=org["school_a"], status=Status.SUBMITTED)
    assert len(afresh()) == len(few)

    cache.delete(charts.scope_key(users["office"]))  # cold: the counts forgotten too
    cold = afresh()
    assert len([q for q in cold if counting(q)]) == 3
    # The three counts, and the scope's unit ids they are counted over.
    assert len(cold) == len(few) + 4
    assert len([q for q in cold if 'FROM "units_unit"' in q]) == 1 + len(
        [q for q in few if 'FROM "units_unit"' in q]
    )


class DownCache:
    """A cache server that does not answer."""

    def __getattr__(self, name):
        def refuse(*args, **kwargs):
            raise ConnectionError("cache server down")

        return refuse


def test_pages_and_saves_work_while_the_cache_server_is_down(
    client, org, users, campaign, monkeypatch
):
    from reports import figures
    from tests.factories import PersonFactory

    cycle = cycle_open(campaign=campaign, year=2026)[0]
    report = cycle.reports.get(unit=org["school_a"])
    monkeypatch.setattr("portal.home_cache.cache", DownCache())
    monkeypatch.setattr(figures, "cache", DownCache())
    PersonFactory(unit=org["school_a"])  # the change is saved; nothing to forget
    client.force_login(users["staff_a"])
    assert f"/reports/{report.pk}/" in client.get("/").content.decode()
    assert client.get(reverse("reports:edit", args=[report.pk])).status_code == 200
