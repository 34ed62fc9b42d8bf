"""Unit staff fill in and submit the yearly report; the office dashboard count changes."""

import datetime

from django.utils import timezone

from reports.models import ReportStatus, YearlyReport
from tests.reports.conftest import campaign, cycle  # noqa: F401 (fixtures)
from tests.reports.factories import PDF_BYTES


def _switch(page, browser_login, username):
    page.context.clear_cookies()
    browser_login(page, username)


def test_yearly_report_journey(page, browser_login, screenshot, users, org, cycle, tmp_path):  # noqa: F811
    base = page.base_url
    # Whatever day the suite runs, the deadline is ahead: the submission is on time.
    cycle.deadline = timezone.localdate() + datetime.timedelta(days=30)
    cycle.save(update_fields=["deadline"])
    report = YearlyReport.objects.get(cycle=cycle, unit=org["school_a"])
    scan = tmp_path / "bao-cao-da-ky.pdf"
    scan.write_bytes(PDF_BYTES)
    page.on("dialog", lambda dialog: dialog.accept())

    # The office sees nothing handed in yet.
    browser_login(page, "office")
    page.goto(f"{base}/reports/cycles/{cycle.pk}/")
    assert page.inner_text("#count-on-time") == "0"
    assert page.inner_text("#count-missing") == "5"
    screenshot(page, "reports_dashboard_before")

    # The unit's staff find the report on the home page and open it.
    _switch(page, browser_login, "staff_a")
    screenshot(page, "reports_home_staff")
    page.goto(f"{base}/reports/")
    page.click(f"a[href='/reports/{report.pk}/']")
    page.click(f"a[href='/reports/{report.pk}/edit/']")
    assert page.input_value("#id_figure_headcount") == "90"
    # A changed figure without a reason is refused, and what was typed stays.
    page.fill("#id_figure_headcount", "92")
    page.fill("#id_narrative_general", "Đơn vị đã triển khai kế hoạch tới toàn thể giáo viên.")
    page.click("button[value=save]")
    assert "Hãy nêu lý do điều chỉnh chỉ số do cổng tính." in page.inner_text("main")
    assert page.input_value("#id_figure_headcount") == "92"
    screenshot(page, "reports_form_reason_missing")
    page.fill("#id_reason_headcount", "Tuyển mới 2 giáo viên trong năm")
    page.set_input_files("#id_scan", str(scan))
    screenshot(page, "reports_form_filled")
    page.click("button[value=submit]")
    page.wait_for_url(f"{base}/reports/{report.pk}/")
    assert "Đã nộp báo cáo." in page.inner_text("main")
    screenshot(page, "reports_detail_submitted")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    # The office's dashboard now counts it as on time.
    _switch(page, browser_login, "office")
    page.goto(f"{base}/reports/cycles/{cycle.pk}/")
    assert page.inner_text("#count-on-time") == "1"
    assert page.inner_text("#count-missing") == "4"
    assert page.get_attribute("#handed-in-progress", "value") == "1"
    screenshot(page, "reports_dashboard_after")
    page.goto(f"{base}/reports/cycles/{cycle.pk}/compiled/")
    screenshot(page, "reports_compiled")
