"""A yearly report's signed scan that carries a digital signature is validated on upload and
the result shown on the report (a throwaway CA made in the test)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from devtools.signing_ca import ThrowawayCA
from portal import signing
from portal.pdf import render_pdf
from reports.models import AttachmentKind, ReportAttachment
from tests.reports.test_stored_files import save_with


def test_a_digitally_signed_scan_shows_its_signer(cycle, org, users, login, settings, tmp_path):
    ca = ThrowawayCA()
    bundle = tmp_path / "roots.pem"
    bundle.write_bytes(ca.pem())
    settings.SIGNING_TRUST_ROOTS = str(bundle)
    plain = render_pdf("documents/unreadable_part.html", {"part": {"label": "Báo cáo"}})
    signed = signing.sign_pdf(
        plain,
        signer_name="Hoàng Văn Nam",
        organisation="Trường THPT An Lão",
        reason="Báo cáo năm",
        signer=ca.issue("Hoàng Văn Nam", "Trường THPT An Lão").signer(),
    )
    save_with(
        cycle, org, users, (AttachmentKind.SIGNED_SCAN, SimpleUploadedFile("bao-cao.pdf", signed))
    )
    attachment = ReportAttachment.objects.get()
    assert attachment.signatures[0]["signer"] == "Hoàng Văn Nam"
    page = login(users["office"]).get(reverse("reports:detail", args=[attachment.report_id]))
    content = page.content.decode()
    assert "Hợp lệ, văn bản nguyên vẹn" in content
    assert "ký bởi Hoàng Văn Nam" in content
