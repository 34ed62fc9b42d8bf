"""An evidence PDF uploaded already signed is validated on the way in, and reviewers see
who signed it, when, and whether it is intact (a throwaway CA made in the test)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards import services
from awards.models import ProposalEvidence
from devtools.signing_ca import ThrowawayCA
from portal import signing
from portal.pdf import render_pdf
from tests.awards.helpers import propose

SIGNER = "Phạm Thị Lan"


@pytest.fixture(scope="module")
def ca():
    return ThrowawayCA()


@pytest.fixture(scope="module")
def signed_pdf(ca):
    plain = render_pdf("documents/unreadable_part.html", {"part": {"label": "Bằng khen"}})
    return signing.sign_pdf(
        plain,
        signer_name=SIGNER,
        organisation="UBND thành phố Hải Phòng",
        reason="Quyết định khen thưởng",
        signer=ca.issue(SIGNER, "UBND thành phố Hải Phòng").signer(),
    )


@pytest.fixture
def trusted(settings, tmp_path, ca):
    bundle = tmp_path / "roots.pem"
    bundle.write_bytes(ca.pem())
    settings.SIGNING_TRUST_ROOTS = str(bundle)


def upload(proposal, users, content):
    services.proposal_update(
        proposal=proposal,
        by=users["staff_a"],
        files=[(SimpleUploadedFile("quyet-dinh.pdf", content), "Quyết định khen thưởng")],
    )
    return ProposalEvidence.objects.get(proposal=proposal, kind="file")


def reviewer_page(login, users, proposal) -> str:
    response = login(users["office"]).get(reverse("awards:proposal_detail", args=[proposal.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_signed_evidence_pdf_shows_signer_time_and_intact(
    award, users, login, signed_pdf, trusted
):
    proposal = propose(award, users)
    evidence = upload(proposal, users, signed_pdf)
    [stored] = evidence.signatures
    assert stored["signer"] == SIGNER and stored["intact"] and stored["trusted"]
    page = reviewer_page(login, users, proposal)
    assert "Hợp lệ, văn bản nguyên vẹn" in page
    assert f"ký bởi {SIGNER}" in page
    assert "UBND thành phố Hải Phòng" in page


def test_an_untrusted_issuer_is_said(award, users, login, signed_pdf):
    proposal = propose(award, users)
    upload(proposal, users, signed_pdf)
    page = reviewer_page(login, users, proposal)
    assert "chứng thư số không do tổ chức được tin cậy cấp" in page


def test_a_tampered_evidence_pdf_is_shown_invalid(award, users, login, signed_pdf, trusted):
    position = signed_pdf.index(b"WeasyPrint")
    tampered = signed_pdf[:position] + b"X" + signed_pdf[position + 1 :]
    proposal = propose(award, users)
    evidence = upload(proposal, users, tampered)
    assert evidence.signatures[0]["intact"] is False
    page = reviewer_page(login, users, proposal)
    assert "Không hợp lệ: văn bản đã bị thay đổi sau khi ký" in page


def test_an_unsigned_pdf_has_no_digital_signature(award, users, login):
    proposal = propose(award, users)
    plain = render_pdf("documents/unreadable_part.html", {"part": {"label": "Giấy khen"}})
    evidence = upload(proposal, users, plain)
    assert evidence.signatures == []
    assert "Không có chữ ký số." in reviewer_page(login, users, proposal)
