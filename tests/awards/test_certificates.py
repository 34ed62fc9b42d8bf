"""Certificates (Bằng khen, Giấy khen) per decision, and the public page that verifies them."""

import datetime
import io
import subprocess

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from awards import certificates
from awards.models import AwardCertificate, NomineeKind, ProposalStatus
from campaigns.models import RecipientKind
from portal import pdf
from tests.factories import AwardFormFactory, PersonFactory
from units.models import Signer, SignerAuthority

from .factories import AwardProposalFactory

DECISION = "15/QĐ-SGDĐT"
A4_LANDSCAPE = (841.89, 595.28)  # points


def decided(award, *, decision=DECISION, date=datetime.date(2026, 1, 20), **kwargs):
    return AwardProposalFactory(
        round=award["round"],
        award_form=kwargs.pop("award_form", award["form"]),
        status=ProposalStatus.DECIDED,
        decision_number=decision,
        decision_date=date,
        decision_authority="Giám đốc Sở Giáo dục và Đào tạo",
        **kwargs,
    )


@pytest.fixture
def decision(award, org):
    teacher = award["teacher"]
    teacher.date_of_birth = datetime.date(1986, 3, 14)
    teacher.email = "huong.nguyen@example.vn"
    teacher.phone = "0912345678"
    teacher.save()
    title = AwardFormFactory(
        campaign=award["campaign"], name="Lao động tiên tiến", recipients=RecipientKind.BOTH
    )
    return [
        decided(
            award,
            nominee_person=teacher,
            report_achievements="Có 2 sáng kiến được công nhận cấp cơ sở năm 2025. Tổ trưởng.",
        ),
        decided(award, nominee_person=award["other_teacher"]),
        decided(
            award,
            nominee_kind=NomineeKind.COLLECTIVE,
            nominee_person=None,
            nominee_unit=org["school_b"],
        ),
        # An emulation title of the same decision has no Bằng khen / Giấy khen to print.
        decided(award, award_form=title, nominee_person=award["branch_teacher"]),
    ]


def issue(client, award, number=DECISION):
    url = reverse("awards:decision_certificates_issue", args=[award["round"].pk])
    return client.post(url, {"decision": number}, follow=True)


def page_texts(content, tmp_path) -> list[str]:
    path = tmp_path / "certificates.pdf"
    path.write_bytes(content)
    texts = []
    for page in range(1, pdf.page_count(content) + 1):
        out = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        texts.append(" ".join(out.split()))
    return texts


def test_a_decision_prints_one_landscape_page_per_recipient(
    login, users, award, decision, tmp_path
):
    response = issue(login(users["office"]), award)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "bang-khen-giay-khen-quyet-dinh-15-qd-sgddt.pdf" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 3
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width, 1), round(height, 1)) == (
            round(A4_LANDSCAPE[0], 1),
            round(A4_LANDSCAPE[1], 1),
        )
    texts = page_texts(response.content, tmp_path)
    for text in texts:
        assert "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO" in text
        assert "GIẤY KHEN" in text
        assert f"Quyết định số {DECISION} ngày 20/01/2026" in text
    people = ("Nguyễn Thị Hương", "Lê Thu Trang")
    for name in people:
        assert sum(name in text for text in texts) == 1
    (collective,) = [t for t in texts if not any(name in t for name in people)]
    assert "Trường THPT Bạch Đằng" in collective
    teacher_page = next(t for t in texts if "Nguyễn Thị Hương" in t)
    assert "Trường THPT An Lão" in teacher_page
    assert (
        "Đã có thành tích: có 2 sáng kiến được công nhận cấp cơ sở năm 2025 Hải Phòng"
        in teacher_page
    )
    assert "Lao động tiên tiến" not in " ".join(texts)
    serials = [t.split("Số: ")[1].split()[0] for t in texts]
    assert sorted(serials) == ["01/2026/GK-SGDĐT", "02/2026/GK-SGDĐT", "03/2026/GK-SGDĐT"]


def test_serial_numbers_are_kept_on_reprint_and_run_on_per_year(login, users, award, decision, org):
    client = login(users["office"])
    issue(client, award)
    first = dict(AwardCertificate.objects.values_list("proposal_id", "serial"))
    tokens = set(AwardCertificate.objects.values_list("token", flat=True))

    issue(client, award)  # reprint

    assert dict(AwardCertificate.objects.values_list("proposal_id", "serial")) == first
    assert set(AwardCertificate.objects.values_list("token", flat=True)) == tokens
    later = decided(
        award, decision="40/QĐ-SGDĐT", nominee_person=PersonFactory(unit=org["school_a"])
    )
    next_year = decided(
        award,
        decision="3/QĐ-SGDĐT",
        date=datetime.date(2027, 2, 1),
        nominee_person=PersonFactory(unit=org["school_a"]),
    )
    issue(client, award, "40/QĐ-SGDĐT")
    issue(client, award, "3/QĐ-SGDĐT")
    assert AwardCertificate.objects.get(proposal=later).serial == "04/2026/GK-SGDĐT"
    assert AwardCertificate.objects.get(proposal=next_year).serial == "01/2027/GK-SGDĐT"


def test_a_large_decision_prints_in_parts(login, users, award, decision, monkeypatch):
    monkeypatch.setattr(certificates, "PART_SIZE", 2)
    client = login(users["office"])
    first = issue(client, award)
    url = reverse("awards:decision_certificates", args=[award["round"].pk])
    second = client.get(url, {"decision": DECISION, "part": 2})

    assert pdf.page_count(first.content) == 2
    assert pdf.page_count(second.content) == 1
    assert client.get(url, {"decision": DECISION, "part": 3}).status_code == 404
    round_page = client.get(reverse("awards:round_detail", args=[award["round"].pk])).content
    assert b"part=2" in round_page


def test_the_qr_code_leads_to_the_verification_page(login, users, award, decision, tmp_path):
    response = issue(login(users["office"]), award)
    certificate = AwardCertificate.objects.get(proposal=decision[0])
    url = settings.SITE_URL + f"/xac-thuc/{certificate.token}/"
    assert certificate.serial.split("/")[0] not in certificate.token.split("-")

    html = pdf.render_html(
        certificates.TEMPLATE,
        {"certificates": [certificates.certificate_context(certificate)]},
    )
    assert certificates.qr_svg(url) in html  # the code drawn is the code of that address
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in PdfReader(io.BytesIO(response.content)).pages
        for annotation in page.get("/Annots", [])
    ]
    assert url in links
    assert url in " ".join(page_texts(response.content, tmp_path))


def test_the_printed_qr_code_decodes_to_the_verification_address(
    login, users, award, decision, tmp_path
):
    """Read back from the printed page as a phone would (zbarimg, from zbar-tools)."""
    content = issue(login(users["office"]), award).content
    path = tmp_path / "certificates.pdf"
    path.write_bytes(content)
    read = []
    for page in range(1, pdf.page_count(content) + 1):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "150",
                "-f",
                str(page),
                "-l",
                str(page),
                str(path),
                str(tmp_path / f"page{page}"),
            ],
            check=True,
        )
        (image,) = tmp_path.glob(f"page{page}*.png")
        out = subprocess.run(
            ["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True, check=True
        ).stdout
        read.append(out.strip())
    expected = [
        settings.SITE_URL + reverse("certificate_verify", args=[c.token])
        for c in AwardCertificate.objects.order_by("number")
    ]
    assert read == expected


def test_the_verification_page_is_public_and_shows_nothing_private(login, users, award, decision):
    issue(login(users["office"]), award)
    certificate = AwardCertificate.objects.get(proposal=decision[0])

    response = Client().get(reverse("certificate_verify", args=[certificate.token]))

    assert response.status_code == 200
    page = response.content.decode()
    for shown in (
        "Nguyễn Thị Hương",
        "Trường THPT An Lão",
        "Giấy khen của Giám đốc Sở",
        DECISION,
        "20/01/2026",
        "Giám đốc Sở Giáo dục và Đào tạo",
    ):
        assert shown in page
    private_data = ("14/03/1986", "1986", "huong.nguyen@example.vn", "0912345678", "sáng kiến được")
    for private in private_data:
        assert private not in page


def test_an_unknown_or_revoked_token_is_not_found(login, users, award, decision):
    issue(login(users["office"]), award)
    certificate = AwardCertificate.objects.get(proposal=decision[0])
    assert Client().get(reverse("certificate_verify", args=["x" * 32])).status_code == 404
    by_serial = reverse("certificate_verify", args=[certificate.serial.replace("/", "-")])
    assert Client().get(by_serial).status_code == 404

    decision[0].status = ProposalStatus.APPROVED
    decision[0].save()
    assert Client().get(reverse("certificate_verify", args=[certificate.token])).status_code == 404


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("office", True),
        ("leader", True),
        ("staff_a", False),
        ("head_a", False),
        ("council", False),
        ("outsider", False),
    ],
)
def test_only_the_office_and_leaders_of_the_organisation_print(
    login, users, award, decision, who, allowed
):
    client = login(users[who])
    round_pk = award["round"].pk
    issued = client.post(
        reverse("awards:decision_certificates_issue", args=[round_pk]), {"decision": DECISION}
    )
    single = client.post(reverse("awards:proposal_certificate_issue", args=[decision[0].pk]))
    if allowed:
        assert issued.status_code == 302 and single.status_code == 302
        assert AwardCertificate.objects.count() == 3
    else:
        assert issued.status_code == 404 and single.status_code == 404
        assert AwardCertificate.objects.count() == 0
        certificates.certificates_issue(proposals=decision[:1], by=users["office"])
        pdf_url = reverse("awards:decision_certificates", args=[round_pk])
        assert client.get(pdf_url, {"decision": DECISION}).status_code == 404
        proposal_pdf = reverse("awards:proposal_certificate", args=[decision[0].pk])
        assert client.get(proposal_pdf).status_code == 404


def test_links_from_the_round_and_the_proposal_pages(login, users, award, decision):
    client = login(users["office"])
    round_page = client.get(reverse("awards:round_detail", args=[award["round"].pk])).content
    proposal_page = client.get(reverse("awards:proposal_detail", args=[decision[0].pk])).content
    print_all = reverse("awards:decision_certificates_issue", args=[award["round"].pk])
    print_one = reverse("awards:proposal_certificate_issue", args=[decision[0].pk])
    assert print_all.encode() in round_page
    assert f'value="{DECISION}"'.encode() in round_page
    assert print_one.encode() in proposal_page
    staff_page = (
        login(users["staff_a"])
        .get(reverse("awards:proposal_detail", args=[decision[0].pk]))
        .content
    )
    assert print_one.encode() not in staff_page


def test_the_rounds_chosen_signer_signs_a_certificate_within_the_heads_authority(
    login, users, award, decision, org, tmp_path
):
    deputy = Signer.objects.create(
        organisation=org["department"],
        authority=SignerAuthority.DEPUTY,
        authority_of="Giám đốc",
        title="Phó Giám đốc",
        full_name="Trần Thị Mai Anh",
    )
    award["round"].decision_signer = deputy
    award["round"].save()

    response = issue(login(users["office"]), award)

    for text in page_texts(response.content, tmp_path):
        assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in text
        assert "Trần Thị Mai Anh" in text


def test_a_higher_authoritys_decision_prints_its_signers_name(login, users, award, org, tmp_path):
    """A Bằng khen of the Chủ tịch UBND thành phố: the office records the decision on the
    proposal with who signed it; the certificate prints the post and that name."""
    form = AwardFormFactory(
        campaign=award["campaign"],
        name="Bằng khen của Chủ tịch UBND thành phố",
        authority="Chủ tịch UBND thành phố Hải Phòng",
        recipients=RecipientKind.BOTH,
    )
    proposal = AwardProposalFactory(
        round=award["round"],
        award_form=form,
        nominee_person=award["teacher"],
        status=ProposalStatus.APPROVED,
    )
    client = login(users["office"])
    recorded = client.post(
        reverse("awards:proposal_decision", args=[proposal.pk]),
        {
            "number": "2150/QĐ-UBND",
            "date": "15/01/2026",
            "authority": "Chủ tịch UBND thành phố Hải Phòng",
            "signer_name": "  Lê  Ngọc Châu ",
        },
    )
    assert recorded.status_code == 302
    proposal.refresh_from_db()
    assert proposal.decision_signer_name == "Lê Ngọc Châu"

    (text,) = page_texts(issue(client, award, "2150/QĐ-UBND").content, tmp_path)
    assert "CHỦ TỊCH" in text
    assert "Lê Ngọc Châu" in text
    assert "Chưa ghi họ tên" not in text


def test_a_certificate_without_a_known_signer_says_so(login, users, award, decision, tmp_path):
    """No signer chosen on the round and none recorded: the certificate and the round's page
    say the name is missing instead of leaving a blank."""
    client = login(users["office"])
    texts = page_texts(issue(client, award).content, tmp_path)
    for text in texts:
        assert "(Chưa ghi họ tên người ký quyết định)" in text
    page = client.get(reverse("awards:round_detail", args=[award["round"].pk]))
    assert "3 bằng khen, giấy khen chưa có họ tên người ký" in page.content.decode()
