"""Cycles open for every participating unit; transitions check the state."""

import datetime

import polib
import pytest
from django.conf import settings

from portal.services import history_for
from reports.models import ReportStatus, YearlyReport
from reports.services import (
    ReportError,
    cycle_open,
    cycles_open_for_year,
    report_accept,
    report_return,
    report_start,
)
from tests.factories import CampaignFactory, UnitFactory


def test_cycle_opens_for_every_unit_under_the_participants(campaign, org):
    cycle, created = cycle_open(campaign=campaign, year=2026)
    assert cycle.deadline == datetime.date(2026, 12, 15)
    assert created == 5
    codes = set(YearlyReport.objects.filter(cycle=cycle).values_list("unit__code", flat=True))
    assert codes == {"SGD", "VP", "THA", "THA2", "THB"}  # not the other department
    assert cycle_open(campaign=campaign, year=2026) == (cycle, 0)
    UnitFactory(code="NEW", parent=org["school_a"])
    assert cycle_open(campaign=campaign, year=2026)[1] == 1


def test_deadline_comes_from_the_campaign(org):
    campaign = CampaignFactory(
        issuing_unit=org["department"], report_deadline_day=30, report_deadline_month=11
    )
    campaign.participants.add(org["school_b"])
    cycle, created = cycle_open(campaign=campaign, year=2027)
    assert (cycle.deadline, created) == (datetime.date(2027, 11, 30), 1)


def test_daily_job_opens_cycles_of_campaigns_running_this_year(campaign, org):
    ended = CampaignFactory(issuing_unit=org["department"], start_year=2020, end_year=2022)
    ended.participants.add(org["department"])
    cycles = cycles_open_for_year(year=2026)
    assert [c.campaign for c in cycles] == [campaign]


def test_transitions_check_the_state_and_keep_history(cycle, org, users):
    report = YearlyReport.objects.get(cycle=cycle, unit=org["school_a"])
    with pytest.raises(ReportError):
        report_return(report=report, by=users["office"], reason="Thiếu")
    with pytest.raises(ReportError):
        report_accept(report=report, by=users["office"])
    report = report_start(report=report, by=users["staff_a"])
    assert report.status == ReportStatus.DRAFT
    entries = list(history_for(report))
    assert [(e.action, e.from_state, e.to_state, e.actor) for e in entries] == [
        ("started", "not_started", "draft", users["staff_a"])
    ]


def test_vietnamese_catalog_is_complete():
    path = settings.BASE_DIR / "reports" / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    catalog = polib.pofile(str(path))
    # translated() reads msgstr, or every msgstr[n] of a plural entry.
    assert [e.msgid for e in catalog if not e.translated() or "fuzzy" in e.flags] == []
    assert len(catalog) > 150
