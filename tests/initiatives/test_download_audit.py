"""An initiative's attachment and the initiative list export are recorded when they leave."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives import services
from portal.models import DownloadRecord, GeneratedFile
from tests.initiatives.test_views import PDF


def test_an_attachment_download_is_recorded(login, users, initiative, org):
    attachment = services.attachment_add(
        initiative=initiative, upload=SimpleUploadedFile("Đơn.pdf", PDF), by=users["staff_a"]
    )
    url = reverse("initiatives:attachment", args=[attachment.pk])
    assert login(users["head_a"]).get(url, REMOTE_ADDR="192.0.2.10").status_code == 200
    [row] = DownloadRecord.objects.all()
    assert (row.user, row.ip, row.kind, row.what, row.unit, row.subject) == (
        users["head_a"],
        "192.0.2.10",
        DownloadRecord.Kind.ATTACHMENT,
        "Đơn.pdf",
        org["school_a"],
        attachment,
    )
    assert login(users["staff_b"]).get(url).status_code == 404
    assert DownloadRecord.objects.count() == 1


def test_the_list_export_is_recorded_when_it_leaves(login, users, campaign, job_file):
    client = login(users["office"])
    response = job_file(client, reverse("initiatives:export") + "?status=submitted")
    assert response.status_code == 200
    [row] = DownloadRecord.objects.all()
    generated = GeneratedFile.objects.get()
    assert (row.user, row.kind, row.what, row.path, generated.params) == (
        users["office"],
        DownloadRecord.Kind.EXPORT,
        "sang-kien.xlsx",
        f"/files/{generated.pk}/?download=1",
        {"query": "status=submitted"},
    )
