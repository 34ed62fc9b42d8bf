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


# Files that are two formats at once, and names offered on download --------------------------

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\0" * 64
JPEG = bytes.fromhex("ffd8ffe000104a46494600") + b"\0" * 64


def zip_bytes() -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.html", "<script>alert(1)</script>")
    return out.getvalue()


@pytest.mark.parametrize(
    "name, content",
    [
        ("bao-cao.pdf", PDF + zip_bytes()),
        ("anh.png", PNG + zip_bytes()),
        ("anh.jpg", JPEG + zip_bytes() + b"\0" * 70000),
    ],
    ids=["pdf with a zip appended", "png with a zip appended", "zip hidden inside a jpeg"],
)
def test_a_pdf_or_image_that_is_also_a_zip_is_refused(name, content):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        uploads.upload_check(SimpleUploadedFile(name, content))
    assert error.value.code == "polyglot"
    assert error.value.messages == [
        f"{name} chứa một tệp nén ZIP ẩn trong tệp PDF hoặc ảnh nên bị từ chối."
    ]


def test_plain_pdf_and_image_are_not_taken_for_polyglots():
    assert uploads.upload_check(SimpleUploadedFile("a.pdf", PDF)) == uploads.PDF
    assert uploads.upload_check(SimpleUploadedFile("a.png", PNG)) == uploads.PNG


@pytest.mark.parametrize(
    "name, content_type, offered",
    [
        ("anh.html", uploads.PNG, "anh.png"),
        ("Báo cáo tổng kết.PDF", uploads.PDF, "Báo cáo tổng kết.pdf"),
        ('../../etc/"x";.pdf', uploads.PDF, "x.pdf"),
        ("C:\\Users\\lan\\bang diem.xlsx", uploads.XLSX, "bang diem.xlsx"),
        ("", uploads.JPEG, "tep.jpg"),
        ("cu.html", "application/octet-stream", "cu"),
    ],
)
def test_the_offered_name_keeps_the_uploaders_words_with_the_checked_extension(
    name, content_type, offered
):
    assert uploads.display_name(name, content_type) == offered
