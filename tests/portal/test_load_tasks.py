"""The load test's deadline-day tasks do what they claim, against a live server: a unit's
staff member signs in, opens the home page, fills and saves a report, lists initiatives,
submits, and goes on with the next report due. No timing is checked; a few seconds of
requests by one simulated user (the test database is SQLite, one writer at a time)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reports.models import AttachmentKind, ReportStatus, YearlyReport
from tests.factories import CampaignFactory, RoleAssignmentFactory, UserFactory
from tests.reports.factories import ReportingCycleFactory, YearlyReportFactory
from units.models import Role

BASE = Path(__file__).resolve().parents[2]
LOCUST = Path(sys.executable).parent / "locust"
STEPS = ["home", "report form", "save", "initiative list", "submit", "bare view"]


@pytest.fixture
def deadline_day(org):
    campaign = CampaignFactory(issuing_unit=org["department"])
    campaign.participants.set([org["department"]])
    reports = []
    for year in (2025, 2026):
        cycle = ReportingCycleFactory(campaign=campaign, year=year)
        reports.append(YearlyReportFactory(cycle=cycle, unit=org["school_a"]))
    user = UserFactory(username="load-0001", person__unit=org["school_a"])
    RoleAssignmentFactory(user=user, role=Role.UNIT_STAFF, unit=org["school_a"])
    return reports


@pytest.mark.load
def test_locustfile_tasks_save_and_submit_reports(live_server, deadline_day, tmp_path):
    results = tmp_path / "results.json"
    env = {
        **os.environ,
        "LOAD_USER_PREFIX": "load-",
        "LOAD_ACCOUNTS": "1",
        "LOAD_PASSWORD": "matkhau-Demo-2025",
        "LOAD_WAIT": "0,0.05",
        "LOAD_USERS": "1",
        "LOAD_MEASURE": "10",
        "LOAD_SUBMIT_EVERY": "1",
        "LOAD_RESULTS": str(results),
    }
    subprocess.run(
        [
            str(LOCUST),
            "-f",
            str(BASE / "loadtest" / "locustfile.py"),
            "--headless",
            "--host",
            live_server.url,
            "--users",
            "1",
            "--spawn-rate",
            "1",
            "--run-time",
            "60s",
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        timeout=90,
        check=False,
    )
    figures = json.loads(results.read_text())
    steps = {row["name"]: row for row in figures["steps"]}
    assert figures["errors"] == []
    for step in STEPS:
        assert steps[step]["requests"] > 0, step
        assert steps[step]["failures"] == 0, step

    # What the steps did: both reports of the school saved with the narrative, then
    # submitted with their signed scan.
    for report in YearlyReport.objects.filter(pk__in=[r.pk for r in deadline_day]):
        assert report.status == ReportStatus.SUBMITTED
        narrative = report.narratives.get(theme=None).text
        assert narrative.startswith("Đơn vị báo cáo kết quả năm")
        assert report.attachments.filter(kind=AttachmentKind.SIGNED_SCAN).exists()
