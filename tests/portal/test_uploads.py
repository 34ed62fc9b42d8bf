"""One upload check serves every app: the type is read from the content, never the name."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from awards.forms import EVIDENCE_TYPES
from portal import uploads
from reports.models import AttachmentKind
from reports.services import ReportError, attachment_check

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03" + b"\0" * 200


def test_a_report_attachment_renamed_pdf_is_refused_by_its_content():
    with translation.override("vi"), pytest.raises(ReportError) as error:
        attachment_check(SimpleUploadedFile("setup.pdf", EXE), kind=AttachmentKind.OTHER)
    assert str(error.value) == (
        "Chỉ được đính kèm tệp PDF, DOCX, XLSX, JPG và PNG (setup.pdf không thuộc các loại này)."
    )


def test_a_signed_scan_must_be_a_pdf():
    attachment_check(SimpleUploadedFile("scan.pdf", PDF), kind=AttachmentKind.SIGNED_SCAN)
    with translation.override("vi"), pytest.raises(ReportError) as error:
        attachment_check(SimpleUploadedFile("scan.pdf", EXE), kind=AttachmentKind.SIGNED_SCAN)
    assert str(error.value) == "Bản quét đã ký phải là tệp PDF."


def test_award_evidence_accepts_pdf_and_images_only():
    assert uploads.upload_check(SimpleUploadedFile("a.pdf", PDF), allowed=EVIDENCE_TYPES) == (
        uploads.PDF
    )
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        uploads.upload_check(SimpleUploadedFile("setup.pdf", EXE), allowed=EVIDENCE_TYPES)
    assert error.value.messages == [
        "Chỉ được đính kèm tệp PDF, JPG và PNG (setup.pdf không thuộc các loại này)."
    ]
