"""Signing the round dossier through the pages: with the organisation's certificate held by
the server, and with the signer's USB token (the digest out, the token's CMS in), with a
throwaway CA made in the test. Who may sign, what is recorded, what a wrong CMS gets."""

import io
import subprocess

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse

from awards import dossier
from awards.models import RoundStatus
from devtools.signing_ca import ThrowawayCA
from portal import signing
from portal.documents import sample_context
from portal.models import DownloadRecord, GeneratedFile, HistoryEntry, SignedFile
from portal.pdf import render_pdf
from units.models import Signer

SIGNER = "Nguyễn Văn Thành"


@pytest.fixture(scope="module")
def ca():
    return ThrowawayCA()


@pytest.fixture
def dossier_file(award, org):
    """The finalised round's dossier, rendered (a tờ trình signed by SIGNER)."""
    award_round = award["round"]
    award_round.status = RoundStatus.FINALISED
    award_round.letter_signer = Signer.objects.create(
        organisation=org["department"],
        authority="KT.",
        authority_of="Giám đốc",
        title="Phó Giám đốc",
        full_name=SIGNER,
    )
    award_round.save()
    generated = GeneratedFile.objects.create(
        kind=dossier.KIND,
        content_type=ContentType.objects.get_for_model(award_round),
        object_id=award_round.pk,
        status=GeneratedFile.Status.DONE,
        filename="ho-so-khen-thuong.pdf",
    )
    pdf = render_pdf("documents/sample.html", sample_context())
    generated.file.save("ho-so-khen-thuong.pdf", ContentFile(pdf))
    return generated


@pytest.fixture
def server_certificate(settings, tmp_path, ca):
    holder = ca.issue("Sở Giáo dục và Đào tạo", "UBND thành phố Hải Phòng")
    path = tmp_path / "org.p12"
    path.write_bytes(holder.pkcs12(b"bi-mat"))
    settings.SIGNING_PKCS12_PATH = str(path)
    settings.SIGNING_PKCS12_PASSWORD = "bi-mat"
    return holder


def _pdf_of(response) -> bytes:
    return b"".join(response.streaming_content)


def test_office_signs_with_the_server_certificate(
    login, users, dossier_file, server_certificate, ca, tmp_path
):
    client = login(users["office"])
    page = client.get(reverse("file_sign", args=[dossier_file.pk]))
    assert page.status_code == 200
    assert "Ký bằng chứng thư số của cơ quan" in page.content.decode()

    response = client.post(reverse("file_sign_server", args=[dossier_file.pk]))
    signed = SignedFile.objects.get()
    assert response.url == reverse("signed_file", args=[signed.pk])
    assert signed.status == SignedFile.Status.SIGNED
    assert signed.method == SignedFile.Method.SERVER
    assert signed.signer_name == "Sở Giáo dục và Đào tạo"
    history = HistoryEntry.objects.get(object_id=signed.pk, action="signed")
    assert (history.actor, history.from_state, history.to_state) == (
        users["office"],
        "prepared",
        "signed",
    )

    download = client.get(reverse("signed_file_download", args=[signed.pk, "pdf"]))
    pdf = _pdf_of(download)
    [report] = signing.validate_pdf(pdf)  # the server trusts its own chain
    assert report.signer == "Sở Giáo dục và Đào tạo" and report.intact and report.trusted
    assert DownloadRecord.objects.filter(what=signed.filename, user=users["office"]).exists()
    # The stamp names the certificate's holder and sits above the tờ trình signer's name.
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    stamp = next(i for i, line in enumerate(text) if "Ký bởi: Sở Giáo dục và Đào tạo" in line)
    assert text.index(next(line for line in text if line.strip() == SIGNER)) > stamp
    # The source file is kept as it was.
    with dossier_file.file.open("rb") as handle:
        assert signing.validate_pdf(handle.read()) == []


def test_without_a_server_certificate_the_page_says_so(settings, login, users, dossier_file):
    settings.SIGNING_PKCS12_PATH = ""
    client = login(users["office"])
    page = client.get(reverse("file_sign", args=[dossier_file.pk])).content.decode()
    assert "máy chủ chưa được cấu hình chứng thư số" in page
    response = client.post(reverse("file_sign_server", args=[dossier_file.pk]), follow=True)
    assert response.status_code == 200
    assert "máy chủ chưa được cấu hình chứng thư số" in response.content.decode()
    assert not SignedFile.objects.exists()


def test_leader_signs_with_the_usb_token(login, users, dossier_file, ca):
    token = ca.issue(SIGNER)
    client = login(users["leader"])
    response = client.post(reverse("file_sign_prepare", args=[dossier_file.pk]))
    signed = SignedFile.objects.get()
    assert signed.status == SignedFile.Status.PREPARED
    page = client.get(response.url).content.decode()
    digest = bytes.fromhex(signed.session["digest"])
    assert digest.hex() in page
    download = client.get(reverse("signed_file_download", args=[signed.pk, "digest"]))
    assert download.content.strip() == digest.hex().encode()

    cms = io.BytesIO(token.token_cms(digest))
    cms.name = "chu-ky.p7s"
    response = client.post(reverse("signed_file", args=[signed.pk]), {"signature": cms})
    assert response.status_code == 302
    signed.refresh_from_db()
    assert signed.status == SignedFile.Status.SIGNED
    pdf = _pdf_of(client.get(reverse("signed_file_download", args=[signed.pk, "pdf"])))
    [report] = signing.validate_pdf(pdf, roots=[ca.asn1_cert])
    assert report.signer == SIGNER and report.intact and report.trusted
    page = client.get(reverse("signed_file", args=[signed.pk])).content.decode()
    assert "ký bởi Nguyễn Văn Thành" in page
    assert HistoryEntry.objects.filter(object_id=signed.pk, action="signed").count() == 1


def test_a_token_of_someone_else_is_refused(login, users, dossier_file, ca):
    stranger = ca.issue("Lê Thị Khác")
    client = login(users["office"])
    client.post(reverse("file_sign_prepare", args=[dossier_file.pk]))
    signed = SignedFile.objects.get()
    digest = bytes.fromhex(signed.session["digest"])
    import base64

    response = client.post(
        reverse("signed_file", args=[signed.pk]),
        {"signature_text": base64.b64encode(stranger.token_cms(digest)).decode()},
    )
    assert response.status_code == 400
    assert "Chứng thư số thuộc về Lê Thị Khác" in response.content.decode()
    signed.refresh_from_db()
    assert signed.status == SignedFile.Status.PREPARED
    assert not signed.file


def test_a_cms_over_another_digest_is_refused(login, users, dossier_file, ca):
    token = ca.issue(SIGNER)
    client = login(users["office"])
    client.post(reverse("file_sign_prepare", args=[dossier_file.pk]))
    signed = SignedFile.objects.get()
    cms = io.BytesIO(token.token_cms(bytes(32)))
    cms.name = "chu-ky.p7s"
    response = client.post(reverse("signed_file", args=[signed.pk]), {"signature": cms})
    assert response.status_code == 400
    assert "giá trị băm khác" in response.content.decode()
    signed.refresh_from_db()
    assert signed.status == SignedFile.Status.PREPARED


@pytest.mark.parametrize("who", ["staff_a", "council", "outsider"])
def test_outside_the_organisation_signing_is_not_found(login, users, dossier_file, who):
    client = login(users[who])
    assert client.get(reverse("file_sign", args=[dossier_file.pk])).status_code == 404
    assert client.post(reverse("file_sign_prepare", args=[dossier_file.pk])).status_code == 404
    assert client.post(reverse("file_sign_server", args=[dossier_file.pk])).status_code == 404
    assert not SignedFile.objects.exists()


def test_leader_cannot_use_the_organisation_certificate(
    login, users, dossier_file, server_certificate
):
    client = login(users["leader"])
    page = client.get(reverse("file_sign", args=[dossier_file.pk])).content.decode()
    assert "Ký bằng chứng thư số của cơ quan" not in page
    assert client.post(reverse("file_sign_server", args=[dossier_file.pk])).status_code == 302
    assert not SignedFile.objects.exists()


def test_a_round_without_a_signer_cannot_be_signed(login, users, dossier_file):
    award_round = dossier_file.subject
    award_round.letter_signer = None
    award_round.save()
    client = login(users["office"])
    response = client.post(reverse("file_sign_prepare", args=[dossier_file.pk]), follow=True)
    assert "Văn bản chưa có người ký" in response.content.decode()
    assert not SignedFile.objects.exists()
