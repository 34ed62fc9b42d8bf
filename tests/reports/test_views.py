"""Views: who sees and edits what, bad input, the dashboard, the compiled report."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import (
    AttachmentKind,
    FigureKey,
    ReminderLog,
    ReportStatus,
    YearlyReport,
)
from reports.services import report_save, report_start, report_submit
from tests.factories import UnitFactory
from tests.reports.factories import PDF_BYTES
from units.models import UnitKind


def report_of(cycle, unit):
    return YearlyReport.objects.get(cycle=cycle, unit=unit)


def form_data(report, **overrides):
    data = {"action": "save", "narrative_general": "Đơn vị đã triển khai kế hoạch."}
    for figure in report.figures.all():
        data[f"figure_{figure.key}"] = "" if figure.value is None else str(figure.value)
        data[f"reason_{figure.key}"] = figure.reason
    data.update(overrides)
    return data


def page_data(response, **overrides):
    """What the edit page's form sends back unchanged (its figures as shown), plus
    `overrides`."""
    form = response.context["form"]
    data = {"action": "save", "narrative_general": "Đơn vị đã triển khai kế hoạch."}
    for name, field in form.fields.items():
        if name.startswith(("figure_", "reason_")):
            value = field.initial
            data[name] = "" if value is None else str(value)
    data.update(overrides)
    return data


def pdf(name="bao-cao.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def ready_report(cycle, unit, user):
    report = report_start(report=report_of(cycle, unit), by=user)
    figures = {f.key: (f.value, "") for f in report.figures.all()}
    return report_save(
        report=report,
        by=user,
        figures=figures,
        narratives={None: "Tốt"},
        uploads=[("signed_scan", pdf())],
    )


# Permissions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("staff_a", 200),
        ("head_a", 200),
        ("office", 200),
        ("leader", 200),
        ("staff_b", 404),
        ("outsider", 404),
    ],
)
def test_who_sees_a_report(cycle, org, users, login, username, status):
    report = report_of(cycle, org["school_a"])
    response = login(users[username]).get(reverse("reports:detail", args=[report.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("username", "status"),
    [("staff_a", 200), ("staff_b", 404), ("outsider", 404), ("office", 404)],
)
def test_only_the_units_people_edit_its_report(cycle, org, users, login, username, status):
    report = report_of(cycle, org["school_a"])
    response = login(users[username]).get(reverse("reports:edit", args=[report.pk]))
    assert response.status_code == status


def test_list_shows_own_units_reports_only(cycle, org, users, login):
    response = login(users["staff_b"]).get(reverse("reports:list"))
    assert response.status_code == 200
    reports = list(response.context["page"].object_list)
    assert [r.unit.code for r in reports] == ["THB"]
    assert list(response.context["cycles"]) == []


@pytest.mark.parametrize(
    ("username", "status"),
    [("office", 200), ("leader", 200), ("staff_a", 404), ("outsider", 404)],
)
def test_dashboard_is_for_the_issuing_body(cycle, users, login, username, status):
    response = login(users[username]).get(reverse("reports:cycle", args=[cycle.pk]))
    assert response.status_code == status


def test_office_returns_and_accepts(cycle, org, users, login):
    report = ready_report(cycle, org["school_a"], users["staff_a"])
    report_submit(report=report, by=users["staff_a"])
    client = login(users["staff_b"])
    assert (
        client.post(reverse("reports:return", args=[report.pk]), {"reason": "x"}).status_code == 404
    )
    client = login(users["office"])
    client.post(reverse("reports:return", args=[report.pk]), {"reason": "Thiếu số liệu"})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.returned_reason == "Thiếu số liệu"
    report_submit(report=report, by=users["staff_a"])
    client.post(reverse("reports:accept", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


# Filling in and submitting --------------------------------------------------------------


def test_figures_are_prefilled_from_data(cycle, org, users, login):
    from tests.factories import PersonFactory

    PersonFactory(unit=org["school_a"], completed_digital_skills=datetime.date(2026, 3, 1))
    PersonFactory(unit=org["school_a"], completed_digital_skills=datetime.date(2027, 1, 1))
    client = login(users["staff_a"])
    report = report_of(cycle, org["school_a"])
    response = client.get(reverse("reports:edit", args=[report.pk]))
    assert response.status_code == 200
    shown = page_data(response)
    assert shown[f"figure_{FigureKey.HEADCOUNT}"] == "90"
    # Opening the page changes nothing: the first save starts the report.
    report.refresh_from_db()
    assert (report.status, report.figures.count()) == (ReportStatus.NOT_STARTED, 0)
    client.post(reverse("reports:edit", args=[report.pk]), shown)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    values = {f.key: f.value for f in report.figures.all()}
    assert values[FigureKey.HEADCOUNT] == 90
    # staff_a and head_a are people of school_a too, without the programme.
    assert values[FigureKey.DIGITAL_SKILLS] == 1
    assert values[FigureKey.INITIATIVES_BASE] == 0


def test_submit_on_time_and_late_in_vietnam_time(cycle, org, users):
    report = ready_report(cycle, org["school_a"], users["staff_a"])
    # 16:59 UTC on 15/12 is 23:59 in Hà Nội: on time.
    on_time = datetime.datetime(2026, 12, 15, 16, 59, tzinfo=datetime.UTC)
    report = report_submit(report=report, by=users["staff_a"], now=on_time)
    assert report.late is False
    other = ready_report(cycle, org["school_b"], users["staff_b"])
    late = datetime.datetime(2026, 12, 15, 17, 1, tzinfo=datetime.UTC)  # 00:01 on 16/12
    other = report_submit(report=other, by=users["staff_b"], now=late)
    assert other.late is True


def test_full_submission_through_the_form(cycle, org, users, login):
    client = login(users["staff_a"])
    report = report_of(cycle, org["school_a"])
    page = client.get(reverse("reports:edit", args=[report.pk]))
    data = page_data(page, action="submit", scan=pdf())
    data[f"figure_{FigureKey.HEADCOUNT}"] = "92"
    data[f"reason_{FigureKey.HEADCOUNT}"] = "Tuyển mới 2 giáo viên"
    response = client.post(reverse("reports:edit", args=[report.pk]), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    headcount = report.figures.get(key=FigureKey.HEADCOUNT)
    assert (headcount.computed, headcount.value, headcount.reason) == (
        90,
        92,
        "Tuyển mới 2 giáo viên",
    )
    assert report.attachments.get().kind == AttachmentKind.SIGNED_SCAN
    from portal.services import history_for

    assert [h.action for h in history_for(report)] == ["started", "edited", "submitted"]


def test_submit_with_a_figure_missing_keeps_the_draft(cycle, org, users, login):
    client = login(users["staff_a"])
    report = report_of(cycle, org["school_a"])
    page = client.get(reverse("reports:edit", args=[report.pk]))
    data = page_data(page, action="submit", scan=pdf())
    data[f"figure_{FigureKey.RESEARCH_TASKS}"] = ""
    data["narrative_general"] = "Nội dung quan trọng"
    response = client.post(reverse("reports:edit", args=[report.pk]), data)
    assert response.status_code == 200
    assert "Cần nhập chỉ số này trước khi nộp báo cáo." in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    # Nothing lost: the narrative and the scan were kept with the draft.
    assert report.narratives.get(theme=None).text == "Nội dung quan trọng"
    assert report.attachments.count() == 1
    assert "Nội dung quan trọng" in response.content.decode()


def test_changed_figure_without_reason_is_refused(cycle, org, users, login):
    client = login(users["staff_a"])
    report = report_of(cycle, org["school_a"])
    page = client.get(reverse("reports:edit", args=[report.pk]))
    data = page_data(page, action="submit", narrative_general="Bản nháp mới")
    data[f"figure_{FigureKey.HEADCOUNT}"] = "95"
    response = client.post(reverse("reports:edit", args=[report.pk]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Hãy nêu lý do điều chỉnh chỉ số do cổng tính." in content
    assert 'value="95"' in content  # what was typed is shown again
    assert "Bản nháp mới" in content
    report.refresh_from_db()  # nothing was saved
    assert (report.status, report.figures.count()) == (ReportStatus.NOT_STARTED, 0)


def test_scan_that_is_not_a_pdf_is_refused(cycle, org, users, login):
    client = login(users["staff_a"])
    report = report_of(cycle, org["school_a"])
    page = client.get(reverse("reports:edit", args=[report.pk]))
    fake = SimpleUploadedFile("bao-cao.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 64, "application/pdf")
    data = page_data(page, action="submit", scan=fake, narrative_general="Giữ lại")
    response = client.post(reverse("reports:edit", args=[report.pk]), data)
    assert response.status_code == 200
    assert "Bản quét đã ký phải là tệp PDF." in response.content.decode()
    assert "Giữ lại" in response.content.decode()
    report.refresh_from_db()  # nothing was saved
    assert report.status == ReportStatus.NOT_STARTED
    assert report.attachments.count() == 0


def test_submitted_report_cannot_be_edited(cycle, org, users, login):
    report = ready_report(cycle, org["school_a"], users["staff_a"])
    report_submit(report=report, by=users["staff_a"])
    response = login(users["staff_a"]).post(
        reverse("reports:edit", args=[report.pk]), form_data(report)
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_attachment_download_is_scoped(cycle, org, users, login):
    report = ready_report(cycle, org["school_a"], users["staff_a"])
    attachment = report.attachments.get()
    url = reverse("reports:attachment", args=[attachment.pk])
    response = login(users["staff_a"]).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert login(users["staff_b"]).get(url).status_code == 404


# Dashboard -----------------------------------------------------------------------------


def test_dashboard_counts_and_filters(cycle, org, users, login):
    a = ready_report(cycle, org["school_a"], users["staff_a"])
    report_submit(
        report=a, by=users["staff_a"], now=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
    )
    b = ready_report(cycle, org["school_b"], users["staff_b"])
    report_submit(
        report=b, by=users["staff_b"], now=datetime.datetime(2026, 12, 20, tzinfo=datetime.UTC)
    )
    client = login(users["office"])
    response = client.get(reverse("reports:cycle", args=[cycle.pk]))
    counts = response.context["counts"]
    assert (counts["on_time"], counts["late"], counts["missing"], counts["returned"]) == (
        1,
        1,
        3,
        0,
    )
    assert '<progress id="handed-in-progress" max="5" value="2">' in response.content.decode()
    response = client.get(reverse("reports:cycle", args=[cycle.pk]), {"unit": org["school_a"].pk})
    assert [r.unit.code for r in response.context["page"].object_list] == ["THA", "THA2"]
    response = client.get(reverse("reports:cycle", args=[cycle.pk]), {"state": "late"})
    assert [r.unit.code for r in response.context["page"].object_list] == ["THB"]
    response = client.get(reverse("reports:cycle", args=[cycle.pk]), {"state": "missing"})
    assert sorted(r.unit.code for r in response.context["page"].object_list) == [
        "SGD",
        "THA2",
        "VP",
    ]


def test_dashboard_query_count_does_not_grow(cycle, org, users, login, django_assert_num_queries):
    client = login(users["office"])
    url = reverse("reports:cycle", args=[cycle.pk])
    client.get(url)  # warm caches (content types, sessions)
    with django_assert_num_queries(16) as few:  # 2 draw the charts, 1 asks for the statistics link
        client.get(url)
    for n in range(40):
        unit = UnitFactory(code=f"X{n}", parent=org["school_b"], kind=UnitKind.PRIMARY_SCHOOL)
        ReminderLog.objects.create(
            cycle=cycle,
            unit=unit,
            offset=7,
            due_on=datetime.date(2026, 12, 8),
        )
    from reports.services import cycle_open

    cycle_open(campaign=cycle.campaign, year=2026)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 45


def test_list_query_count_does_not_grow(cycle, org, users, login, django_assert_num_queries):
    client = login(users["office"])
    url = reverse("reports:list")
    client.get(url)
    with django_assert_num_queries(10) as few:
        client.get(url)
    from tests.factories import CampaignFactory

    for _n in range(5):
        other = CampaignFactory(issuing_unit=org["department"])
        other.participants.add(org["school_a"])
        from reports.services import cycle_open

        cycle_open(campaign=other, year=2026)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["cycles"]) == 6


def test_remind_now_once_a_day(
    cycle, org, users, login, eager, django_capture_on_commit_callbacks, mailoutbox
):
    client = login(users["office"])
    url = reverse("reports:remind", args=[cycle.pk, org["school_b"].pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Đang gửi nhắc nhở tới Trường THPT Bạch Đằng." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Hôm nay đơn vị này đã được nhắc." in response.content.decode()
    assert ReminderLog.objects.filter(manual=True).count() == 1
    assert len(mailoutbox) == 1
    assert login(users["staff_b"]).post(url).status_code == 404


# Compiled report ------------------------------------------------------------------------


def test_compiled_report_xlsx_and_pdf(
    cycle, org, users, login, eager, django_capture_on_commit_callbacks
):
    import openpyxl
    from pypdf import PdfReader

    from portal.models import GeneratedFile

    a = ready_report(cycle, org["school_a"], users["staff_a"])
    report_submit(report=a, by=users["staff_a"])
    client = login(users["office"])
    page = client.get(reverse("reports:compiled", args=[cycle.pk]))
    assert page.status_code == 200
    data = page.context["data"]
    assert data["handed_in_total"] == 1
    assert data["statistics"].value("01") == [1, 0, 0, 1]
    for kind in ("reports_compiled_xlsx", "reports_compiled_pdf"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("reports:compiled", args=[cycle.pk]), {"kind": kind})
    xlsx = GeneratedFile.objects.get(kind="reports_compiled_xlsx")
    assert xlsx.status == GeneratedFile.Status.DONE
    book = openpyxl.load_workbook(io.BytesIO(xlsx.file.read()))
    assert book.sheetnames == ["Tổng hợp", "Đơn vị", "Nội dung thi đua", "0601.N"]
    units = [row[0] for row in book["Đơn vị"].iter_rows(min_row=2, values_only=True)]
    assert "Trường THPT An Lão" in units
    generated = GeneratedFile.objects.get(kind="reports_compiled_pdf")
    assert generated.status == GeneratedFile.Status.DONE
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(generated.file.read())).pages)
    assert "BÁO CÁO" in text
    assert "Biểu số 0601.N/BNV-TĐKT, theo Thông tư số 02/2023/TT-BNV" in " ".join(text.split())
    assert "Trường THPT An Lão" in text
    # Only organisation roles of the issuing body see the files.
    url = reverse("generated_file", args=[generated.pk])
    assert client.get(url).status_code == 200
    assert login(users["staff_a"]).get(url).status_code == 404


def test_home_panels(cycle, users):
    from reports.home import panels

    staff = panels(users["staff_a"])
    assert staff[0]["count"] == 2  # school_a and its branch
    assert "còn" in staff[0]["items"][0]["note"] or "quá hạn" in staff[0]["items"][0]["note"]
    office = panels(users["office"])
    assert office[0]["count"] == 1
    assert "5/5 đơn vị chưa nộp" in office[0]["items"][0]["note"]


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example", "///evil.example", "http:evil.example"]
)
def test_remind_now_never_sends_the_office_to_another_site(cycle, org, users, login, eager, target):
    client = login(users["office"])
    url = reverse("reports:remind", args=[cycle.pk, org["school_b"].pk])
    response = client.post(url, {"next": target})
    assert response.status_code == 302
    assert response.url == reverse("reports:cycle", args=[cycle.pk])


def test_remind_now_returns_to_the_filtered_list_it_came_from(cycle, org, users, login, eager):
    client = login(users["office"])
    url = reverse("reports:remind", args=[cycle.pk, org["school_b"].pk])
    back = reverse("reports:cycle", args=[cycle.pk]) + "?status=missing&page=2"
    assert client.post(url, {"next": back}).url == back
