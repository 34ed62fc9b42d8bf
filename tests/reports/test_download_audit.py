"""A report's attachment and the compiled report are recorded when they leave."""

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse

from portal.models import DownloadRecord, GeneratedFile
from reports.compiled import XLSX
from reports.models import ReportingCycle
from tests.reports.test_views import ready_report


def test_an_attachment_download_is_recorded(cycle, org, users, login):
    report = ready_report(cycle, org["school_a"], users["staff_a"])
    attachment = report.attachments.get()
    url = reverse("reports:attachment", args=[attachment.pk])
    assert login(users["office"]).get(url, REMOTE_ADDR="192.0.2.99").status_code == 200
    [row] = DownloadRecord.objects.all()
    assert (row.user, row.ip, row.kind, row.what, row.unit) == (
        users["office"],
        "192.0.2.99",
        DownloadRecord.Kind.ATTACHMENT,
        "bao-cao.pdf",
        org["school_a"],
    )


def test_a_compiled_report_download_is_recorded(cycle, org, users, login):
    generated = GeneratedFile.objects.create(
        kind=XLSX,
        content_type=ContentType.objects.get_for_model(ReportingCycle),
        object_id=cycle.pk,
        status=GeneratedFile.Status.DONE,
        filename="tong-hop.xlsx",
    )
    generated.file.save("tong-hop.xlsx", ContentFile(b"PK\x03\x04"))
    url = reverse("generated_file", args=[generated.pk])
    assert login(users["office"]).get(url, {"download": "1"}).status_code == 200
    [row] = DownloadRecord.objects.all()
    assert (row.user, row.kind, row.what, row.unit, row.subject) == (
        users["office"],
        DownloadRecord.Kind.REPORT,
        "tong-hop.xlsx",
        cycle.campaign.issuing_unit,
        cycle,
    )
