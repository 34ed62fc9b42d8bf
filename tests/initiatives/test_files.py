import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from initiatives import services
from initiatives.models import Attachment
from initiatives.paging import capped_count
from portal import uploads as files
from tests.initiatives.test_views import PDF, docx_bytes

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\0" * 64
JPEG = bytes.fromhex("ffd8ffe000104a46494600") + b"\0" * 64


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active.append(["Họ và tên", "Điểm"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "name, content, mime",
    [
        ("a.pdf", PDF, files.PDF),
        ("a.docx", docx_bytes(), files.DOCX),
        ("a.xlsx", xlsx_bytes(), files.XLSX),
        ("anh.png", PNG, files.PNG),
        ("anh.jpg", JPEG, files.JPEG),
        ("ten-sai.pdf", PNG, files.PNG),
    ],
)
def test_accepted_types_come_from_the_content(name, content, mime):
    assert files.upload_check(SimpleUploadedFile(name, content)) == mime


def test_plain_zip_renamed_docx_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "xin chào")
    with pytest.raises(ValidationError) as error:
        files.upload_check(SimpleUploadedFile("a.docx", out.getvalue()))
    assert error.value.code == "type"


def test_many_member_zip_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for index in range(files.MAX_MEMBERS + 1):
            archive.writestr(f"word/p{index}.xml", "")
    with pytest.raises(ValidationError) as error:
        files.upload_check(SimpleUploadedFile("a.docx", out.getvalue()))
    assert error.value.code == "zip_bomb"


def test_attachment_delete_only_by_the_unit_while_editable(login, users, initiative):
    attachment = services.attachment_add(
        initiative=initiative,
        upload=SimpleUploadedFile("a.pdf", PDF),
        by=users["staff_a"],
    )
    url = reverse("initiatives:attachment_delete", args=[attachment.pk])
    assert login(users["staff_b"]).post(url).status_code == 404
    services.initiative_submit(initiative=initiative, by=users["staff_a"])
    assert login(users["office"]).post(url).status_code == 404
    assert login(users["staff_a"]).post(url).status_code == 404
    assert Attachment.objects.count() == 1


def test_attachment_delete_removes_the_file(login, users, initiative):
    attachment = services.attachment_add(
        initiative=initiative,
        upload=SimpleUploadedFile("a.pdf", PDF),
        by=users["staff_a"],
    )
    storage, name = attachment.file.storage, attachment.file.name
    response = login(users["staff_a"]).post(
        reverse("initiatives:attachment_delete", args=[attachment.pk])
    )
    assert response.status_code == 302
    assert Attachment.objects.count() == 0
    assert not storage.exists(name)


def test_the_count_is_capped_not_estimated(make_initiative):
    from initiatives.models import Initiative

    make_initiative()
    make_initiative()
    assert capped_count(Initiative.objects.all()) == (2, True)
    assert capped_count(Initiative.objects.all(), cap=2) == (2, True)
    assert capped_count(Initiative.objects.all(), cap=1) == (1, False)
