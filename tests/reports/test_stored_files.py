"""A report's attachments are stored under generated names and served by their checked type."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import AttachmentKind, ReportAttachment
from reports.services import ReportError, report_save, report_start
from tests.reports.test_views import PDF_BYTES, report_of

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\0" * 64


def save_with(cycle, org, users, *uploads):
    report = report_start(report=report_of(cycle, org["school_a"]), by=users["staff_a"])
    return report_save(
        report=report, by=users["staff_a"], figures={}, narratives={}, uploads=list(uploads)
    )


def test_a_png_named_html_is_stored_and_served_as_png(cycle, org, users, login):
    save_with(cycle, org, users, (AttachmentKind.OTHER, SimpleUploadedFile("anh.html", PNG)))
    attachment = ReportAttachment.objects.get()
    assert re.fullmatch(r"reports/\d{4}/[0-9a-f]{32}\.png", attachment.file.name)
    assert (attachment.name, attachment.content_type) == ("anh.html", "image/png")
    response = login(users["office"]).get(reverse("reports:attachment", args=[attachment.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="anh.png"'


def test_a_signed_scan_is_stored_as_pdf_under_a_generated_name(cycle, org, users, login):
    scan = SimpleUploadedFile("Bản quét.pdf", PDF_BYTES)
    save_with(cycle, org, users, (AttachmentKind.SIGNED_SCAN, scan))
    attachment = ReportAttachment.objects.get()
    assert re.fullmatch(r"reports/\d{4}/[0-9a-f]{32}\.pdf", attachment.file.name)
    response = login(users["staff_a"]).get(reverse("reports:attachment", args=[attachment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''B%E1%BA%A3n%20qu%C3%A9t.pdf"
    )


def test_a_pdf_with_a_zip_appended_is_refused(cycle, org, users):
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("x.html", "<script></script>")
    polyglot = SimpleUploadedFile("scan.pdf", PDF_BYTES + out.getvalue())
    with pytest.raises(ReportError):
        save_with(cycle, org, users, (AttachmentKind.SIGNED_SCAN, polyglot))
    assert not ReportAttachment.objects.exists()


def test_an_attachment_stored_before_types_were_recorded_still_downloads(cycle, org, users, login):
    report = save_with(cycle, org, users)
    attachment = ReportAttachment.objects.create(
        report=report,
        kind=AttachmentKind.OTHER,
        file=ContentFile(PDF_BYTES, name="bao-cao-cu.pdf"),
        name="bao-cao-cu.pdf",
        size=len(PDF_BYTES),
    )
    response = login(users["staff_a"]).get(reverse("reports:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
