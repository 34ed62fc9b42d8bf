"""An initiative's attachment is stored under a generated name with the extension of the type
read from its content, and served as that type: `anh.html` holding a PNG is never HTML."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives import services
from initiatives.models import Attachment, Initiative
from tests.initiatives.test_views import PDF, application_data

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\0" * 64
HTML = b"<html><script>alert(document.cookie)</script></html>"


def _zip() -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("x.html", "<script></script>")
    return out.getvalue()


def upload_through_the_form(client, campaign, org, name, content):
    return client.post(
        reverse("initiatives:create"),
        application_data(
            campaign=campaign,
            unit=org["school_a"],
            action="save",
            new_attachment=SimpleUploadedFile(name, content, content_type="text/html"),
        ),
    )


def test_a_png_named_html_is_stored_and_served_as_png(login, users, campaign, org):
    client = login(users["staff_a"])
    upload_through_the_form(client, campaign, org, "anh.html", PNG)
    [attachment] = Attachment.objects.all()
    assert re.fullmatch(r"initiatives/\d{4}/[0-9a-f]{32}\.png", attachment.file.name)
    assert (attachment.original_name, attachment.content_type) == ("anh.html", "image/png")
    response = client.get(reverse("initiatives:attachment", args=[attachment.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="anh.png"'
    assert b"".join(response.streaming_content) == PNG


def test_html_named_png_is_refused(login, users, campaign, org):
    response = upload_through_the_form(login(users["staff_a"]), campaign, org, "anh.png", HTML)
    assert response.status_code == 200
    assert "anh.png" in str(response.context["form"].errors["new_attachment"])
    assert not Attachment.objects.exists()


def test_a_pdf_with_a_zip_appended_is_refused(login, users, campaign, org):
    client = login(users["staff_a"])
    response = upload_through_the_form(client, campaign, org, "bao-cao.pdf", PDF + _zip())
    assert response.status_code == 200
    assert response.context["form"].errors["new_attachment"]
    assert not Attachment.objects.exists()


def test_the_service_checks_the_upload_itself(initiative, users):
    with pytest.raises(services.InitiativeError):
        services.attachment_add(
            initiative=initiative, upload=SimpleUploadedFile("a.pdf", HTML), by=users["staff_a"]
        )
    assert not Attachment.objects.exists()


def test_a_vietnamese_name_is_offered_in_utf8(login, users, initiative):
    attachment = services.attachment_add(
        initiative=initiative,
        upload=SimpleUploadedFile("Báo cáo sáng kiến.pdf", PDF),
        by=users["staff_a"],
    )
    response = login(users["staff_a"]).get(reverse("initiatives:attachment", args=[attachment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''B%C3%A1o%20c%C3%A1o%20s%C3%A1ng%20ki%E1%BA%BFn.pdf"
    )


@pytest.mark.parametrize(
    "content, served, offered",
    [(PNG, "image/png", "cu.png"), (HTML, "application/octet-stream", "cu")],
)
def test_a_file_stored_under_its_old_name_is_served_by_its_content(
    login, users, initiative: Initiative, content, served, offered
):
    attachment = Attachment(
        initiative=initiative, original_name="cu.html", content_type="", size=len(content)
    )
    attachment.file.name = attachment.file.storage.save("initiatives/cu.html", ContentFile(content))
    attachment.save()
    response = login(users["staff_a"]).get(reverse("initiatives:attachment", args=[attachment.pk]))
    assert response["Content-Type"] == served
    assert response["Content-Disposition"] == f'attachment; filename="{offered}"'
    assert b"".join(response.streaming_content) == content
