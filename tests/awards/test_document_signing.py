"""Each document of a round signed on its own: the tờ trình to each addressee, the draft
quyết định, the biên bản of a council meeting and the certificates of a decision, by their
own signers, with the organisation's certificate on the server or the signer's USB token
(a throwaway CA made in the test), checked by pyHanko and by poppler's pdfsig."""

import io
import subprocess

import pytest
from django.urls import reverse

from awards import dossier, routing
from awards.models import ProposalStatus, RoundStatus
from campaigns.models import DecidingAuthority, RecipientKind
from devtools.signing_ca import ThrowawayCA
from portal import signing
from portal.models import GeneratedFile, HistoryEntry, SignedFile
from tests.factories import AwardFormFactory
from units.models import Signer

from .factories import AwardProposalFactory, CouncilMeetingFactory
from .test_certificates import DECISION, decided

pytestmark = pytest.mark.django_db

LETTER_SIGNER = "Nguyễn Văn Thành"
DECISION_SIGNER = "Trần Thị Mai Anh"
ORGANISATION_CN = "Sở Giáo dục và Đào tạo"


@pytest.fixture(scope="module")
def ca():
    return ThrowawayCA()


@pytest.fixture
def server_certificate(settings, tmp_path, ca):
    holder = ca.issue(ORGANISATION_CN, "UBND thành phố Hải Phòng")
    path = tmp_path / "org.p12"
    path.write_bytes(holder.pkcs12(b"bi-mat"))
    settings.SIGNING_PKCS12_PATH = str(path)
    settings.SIGNING_PKCS12_PASSWORD = "bi-mat"
    return holder


@pytest.fixture
def signable(award, org, users):
    """A finalised round with a tờ trình within the Sở's authority (the council's, with the
    draft quyết định) and one to the city (the Sở's, signed by LETTER_SIGNER), a council
    meeting chaired by the leader, and a decision of Giấy khen to print."""
    award_round = award["round"]
    high = AwardFormFactory(
        campaign=award["campaign"],
        name="Bằng khen của Chủ tịch UBND thành phố",
        recipients=RecipientKind.BOTH,
        authority="Chủ tịch UBND thành phố",
        decided_by=DecidingAuthority.PROVINCE_CHAIR,
        order=2,
    )
    AwardProposalFactory(
        round=award_round,
        award_form=award["form"],
        nominee_person=award["other_teacher"],
        status=ProposalStatus.APPROVED,
    )
    AwardProposalFactory(
        round=award_round,
        award_form=high,
        nominee_person=award["branch_teacher"],
        status=ProposalStatus.APPROVED,
    )
    decided(award, nominee_person=award["teacher"])
    CouncilMeetingFactory(round=award_round, chair=users["leader"], secretary=users["office"])
    award_round.letter_signer = Signer.objects.create(
        organisation=org["department"],
        authority="KT.",
        authority_of="Giám đốc",
        title="Phó Giám đốc",
        full_name=LETTER_SIGNER,
    )
    award_round.decision_signer = Signer.objects.create(
        organisation=org["department"],
        authority="KT.",
        authority_of="Giám đốc",
        title="Phó Giám đốc",
        full_name=DECISION_SIGNER,
    )
    award_round.status = RoundStatus.FINALISED
    award_round.save()
    letters = dossier.round_letters(dossier.dossier_data(award_round))
    channels = [letter["route"].channel for letter in letters]
    within = channels.index(routing.WITHIN) + 1
    above = channels.index(routing.PROPOSE) + 1
    meeting = award_round.meetings.get()
    return {
        "round": award_round,
        "within": within,
        "above": above,
        "meeting": meeting,
        "chair": users["leader"].display_name,
    }


def _documents(signable):
    """(part, POST data, the signer the document prints) of each newly signable document."""
    return {
        "letter_above": ("to-trinh", {"letter": signable["above"]}, LETTER_SIGNER),
        "letter_within": ("to-trinh", {"letter": signable["within"]}, signable["chair"]),
        "decision": ("quyet-dinh", {"letter": signable["within"]}, DECISION_SIGNER),
        "minutes": ("bien-ban", {"meeting": signable["meeting"].pk}, signable["chair"]),
        "certificates": ("bang-khen", {"decision": DECISION}, DECISION_SIGNER),
    }


@pytest.fixture
def produce(eager_tasks, django_capture_on_commit_callbacks):
    """produce(client, round, part, data) -> the stored PDF the POST asks for, rendered."""

    def _make(client, award_round, part, data):
        url = reverse("awards:round_document", args=[award_round.pk, part])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        assert response.status_code == 302, response.content[:300]
        generated = GeneratedFile.objects.latest("id")
        assert response.url == reverse("generated_file", args=[generated.pk])
        generated.refresh_from_db()
        assert generated.status == GeneratedFile.Status.DONE, generated.error or generated.notice
        return generated

    return _make


def _pdf_of(response) -> bytes:
    return b"".join(response.streaming_content)


def _lines(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [" ".join(line.split()) for line in text.splitlines()]


def _pdfsig(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "pdfsig.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


@pytest.mark.parametrize(
    "which", ["letter_above", "letter_within", "decision", "minutes", "certificates"]
)
def test_office_signs_each_document_with_the_server_certificate(
    which, login, users, signable, produce, server_certificate, tmp_path
):
    part, data, printed_signer = _documents(signable)[which]
    client = login(users["office"])
    generated = produce(client, signable["round"], part, data)
    page = client.get(reverse("generated_file", args=[generated.pk])).content.decode()
    assert reverse("file_sign", args=[generated.pk]) in page

    response = client.post(reverse("file_sign_server", args=[generated.pk]))
    signed = SignedFile.objects.get(source=generated)
    assert response.url == reverse("signed_file", args=[signed.pk])
    assert signed.status == SignedFile.Status.SIGNED
    assert HistoryEntry.objects.filter(
        object_id=signed.pk, action="signed", actor=users["office"]
    ).exists()
    pdf = _pdf_of(client.get(reverse("signed_file_download", args=[signed.pk, "pdf"])))
    [report] = signing.validate_pdf(pdf)
    assert (report.signer, report.intact, report.trusted) == (ORGANISATION_CN, True, True)
    pdfsig = _pdfsig(pdf, tmp_path)
    assert (
        "Signature is Valid." in pdfsig
        and f"Signer Certificate Common Name: {ORGANISATION_CN}" in pdfsig
    )
    # The stamp sits just above the name the document prints as its signer.
    lines = _lines(pdf, tmp_path)
    stamp = max(i for i, line in enumerate(lines) if f"Ký bởi: {ORGANISATION_CN}" in line)
    name = next(i for i, line in enumerate(lines) if i > stamp and printed_signer in line)
    assert 0 < name - stamp <= 6


def test_the_decision_is_signed_with_its_signers_token_and_no_one_elses(
    login, users, signable, produce, ca
):
    client = login(users["leader"])
    generated = produce(client, signable["round"], "quyet-dinh", {"letter": signable["within"]})
    client.post(reverse("file_sign_prepare", args=[generated.pk]))
    signed = SignedFile.objects.get(source=generated)
    digest = bytes.fromhex(signed.session["digest"])

    # The tờ trình's signer's token does not sign the quyết định.
    wrong = io.BytesIO(ca.issue(LETTER_SIGNER).token_cms(digest))
    wrong.name = "chu-ky.p7s"
    response = client.post(reverse("signed_file", args=[signed.pk]), {"signature": wrong})
    assert response.status_code == 400
    assert f"Chứng thư số thuộc về {LETTER_SIGNER}" in response.content.decode()

    right = io.BytesIO(ca.issue(DECISION_SIGNER).token_cms(digest))
    right.name = "chu-ky.p7s"
    assert (
        client.post(reverse("signed_file", args=[signed.pk]), {"signature": right}).status_code
        == 302
    )
    signed.refresh_from_db()
    assert signed.status == SignedFile.Status.SIGNED
    pdf = _pdf_of(client.get(reverse("signed_file_download", args=[signed.pk, "pdf"])))
    [report] = signing.validate_pdf(pdf, roots=[ca.asn1_cert])
    assert (report.signer, report.intact, report.trusted) == (DECISION_SIGNER, True, True)


def test_the_minutes_token_must_be_the_chairs(login, users, signable, produce, ca):
    client = login(users["office"])
    generated = produce(client, signable["round"], "bien-ban", {"meeting": signable["meeting"].pk})
    client.post(reverse("file_sign_prepare", args=[generated.pk]))
    signed = SignedFile.objects.get(source=generated)
    digest = bytes.fromhex(signed.session["digest"])
    cms = io.BytesIO(ca.issue(signable["chair"]).token_cms(digest))
    cms.name = "chu-ky.p7s"
    assert (
        client.post(reverse("signed_file", args=[signed.pk]), {"signature": cms}).status_code == 302
    )
    signed.refresh_from_db()
    [report] = signing.validate_pdf(signed.file.read(), roots=[ca.asn1_cert])
    assert report.signer == signable["chair"] and report.intact


@pytest.mark.parametrize("who", ["staff_a", "council", "outsider"])
@pytest.mark.parametrize("which", ["letter_above", "decision", "minutes", "certificates"])
def test_outside_the_organisation_documents_are_not_found(
    which, who, login, users, signable, produce
):
    part, data, _signer = _documents(signable)[which]
    generated = produce(login(users["office"]), signable["round"], part, data)
    client = login(users[who])
    url = reverse("awards:round_document", args=[signable["round"].pk, part])
    assert client.post(url, data).status_code == 404
    assert client.get(reverse("file_sign", args=[generated.pk])).status_code == 404
    assert client.post(reverse("file_sign_prepare", args=[generated.pk])).status_code == 404
    assert client.post(reverse("file_sign_server", args=[generated.pk])).status_code == 404
    assert not SignedFile.objects.exists()


def test_a_leader_cannot_use_the_organisation_certificate_on_certificates(
    login, users, signable, produce, server_certificate
):
    client = login(users["leader"])
    generated = produce(client, signable["round"], "bang-khen", {"decision": DECISION})
    page = client.get(reverse("file_sign", args=[generated.pk])).content.decode()
    assert "Ký bằng chứng thư số của cơ quan" not in page
    client.post(reverse("file_sign_server", args=[generated.pk]))
    assert not SignedFile.objects.exists()


def test_a_document_the_round_does_not_have_is_not_found(login, users, signable):
    client = login(users["office"])
    url = reverse("awards:round_document", args=[signable["round"].pk, "quyet-dinh"])
    # The tờ trình to the city has no draft quyết định of the Sở.
    assert client.post(url, {"letter": signable["above"]}).status_code == 404
    assert client.post(url, {"letter": "x"}).status_code == 404
    other = reverse("awards:round_document", args=[signable["round"].pk, "bien-ban"])
    assert client.post(other, {"meeting": 0}).status_code == 404
    assert not GeneratedFile.objects.exists()


def test_without_a_decision_signer_the_decision_cannot_be_signed(login, users, signable, produce):
    award_round = signable["round"]
    award_round.decision_signer = None
    award_round.save()
    client = login(users["office"])
    generated = produce(client, award_round, "quyet-dinh", {"letter": signable["within"]})
    response = client.post(reverse("file_sign_prepare", args=[generated.pk]), follow=True)
    assert "Văn bản chưa có người ký" in response.content.decode()
    assert not SignedFile.objects.exists()


def test_the_pages_offer_each_document(login, users, signable):
    client = login(users["office"])
    award_round = signable["round"]
    panel = client.get(reverse("awards:dossier", args=[award_round.pk])).content.decode()
    for part in ("to-trinh", "quyet-dinh", "bien-ban"):
        assert reverse("awards:round_document", args=[award_round.pk, part]) in panel
    detail = client.get(reverse("awards:round_detail", args=[award_round.pk])).content.decode()
    assert reverse("awards:round_document", args=[award_round.pk, "bang-khen"]) in detail
