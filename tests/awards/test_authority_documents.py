"""The documents of a round by authority: one tờ trình per deciding authority, the head's
Quyết định khen thưởng (Nghị định 30/2020/NĐ-CP, Phụ lục III) with its danh sách, the
governing body over the issuer, the chosen signer, and the decision reaching the history."""

import datetime
import re
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import dossier, services
from awards.models import AwardRound, ProposalStatus
from campaigns.models import RoundKind
from portal import pdf
from tests.awards.test_dossier import NOMINEES, award_round  # noqa: F401 (fixture)
from units.models import Signer, SignerAuthority

pytestmark = pytest.mark.django_db

HP_CHAIR = "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng"


@pytest.fixture
def hai_phong_round(award_round, org):  # noqa: F811
    department = org["department"]
    department.governing_body = "UBND thành phố Hải Phòng"
    department.document_name = "Sở Giáo dục và Đào tạo"
    department.proposes_to = HP_CHAIR
    department.save()
    deputy = Signer.objects.create(
        organisation=department,
        authority=SignerAuthority.DEPUTY,
        authority_of="Giám đốc",
        title="Phó Giám đốc",
        full_name="Trần Thị Mai Anh",
    )
    award_round.decision_signer = deputy
    award_round.save()
    return AwardRound.objects.get(pk=award_round.pk)


def layout_text(content: bytes, tmp_path, first=None, last=None, layout=False) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    text = subprocess.run(
        ["pdftotext", *(["-layout"] if layout else []), *pages, str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return text.replace("\u00a0", " ")


def flat(text: str) -> str:
    return " ".join(text.split())


def _part(subject, template, within=True):
    """Render one part of the dossier of the round `subject` as its own PDF."""
    data = dossier.dossier_data(subject)
    letters = dossier.round_letters(data)
    letter = next(letter for letter in letters if letter["within"] == within)
    context = {**data, **letter}
    if template == "decision":
        context.update(letter["decision"])
    return pdf.render_pdf(f"awards/documents/{template}.html", context)


def test_one_letter_per_authority_with_the_heads_decision(hai_phong_round, tmp_path):
    text = flat(layout_text(dossier.render_dossier(hai_phong_round), tmp_path))

    assert text.count("TỜ TRÌNH") == 2
    # Within the Giám đốc's authority: the council proposes to him (Điều 80) ...
    assert "Kính gửi: Giám đốc Sở Giáo dục và Đào tạo." in text
    assert "TM. HỘI ĐỒNG" in text
    # ... above it the Sở proposes to the Chủ tịch UBND thành phố, never to the Thủ tướng.
    assert f"Kính gửi: {HP_CHAIR}." in text
    assert "Thủ tướng" not in text
    assert text.count("QUYẾT ĐỊNH:") == 1
    assert "(Kèm theo Quyết định số" in text
    assert "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG" in text
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in text


def test_decision_has_the_form_of_a_quyet_dinh(hai_phong_round, tmp_path):
    text = flat(layout_text(_part(hai_phong_round, "decision"), tmp_path))

    assert re.search(r"Số: [ .…]*/QĐ-SGDĐT", text)
    assert "QUYẾT ĐỊNH Về việc khen thưởng thành tích thực hiện phong trào thi đua năm 2025" in (
        text
    )
    assert "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO Căn cứ Luật Thi đua, Khen thưởng" in text
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ" in text
    assert "về việc phát động phong trào thi đua" in text
    assert "về việc Phát động" not in text
    articles = [text.index(f"Điều {n}.") for n in (1, 2, 3)]
    assert text.index("QUYẾT ĐỊNH:") < articles[0] < articles[1] < articles[2]
    assert "Tặng “Giấy khen của Giám đốc Sở” cho 1 tập thể và 1 cá nhân." in text
    assert "Nơi nhận: - Như Điều 3; - Lưu: VT," in text
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in text
    assert text.rstrip().endswith("Trần Thị Mai Anh")


def test_governing_body_over_the_issuer(hai_phong_round, tmp_path):
    content = _part(hai_phong_round, "cover_letter", within=False)
    lines = layout_text(content, tmp_path, 1, 1, layout=True).splitlines()
    first = next(i for i, line in enumerate(lines) if line.strip())

    assert lines[first].strip().startswith("UBND THÀNH PHỐ HẢI PHÒNG")
    assert lines[first + 1].strip().startswith("SỞ GIÁO DỤC VÀ ĐÀO TẠO")


def test_letter_signed_by_the_chosen_signer(hai_phong_round, org, users, tmp_path):
    director = Signer.objects.create(
        organisation=org["department"], title="Giám đốc", full_name="Nguyễn Văn Hùng"
    )
    services.round_signers_set(
        award_round=hai_phong_round,
        letter_signer=director,
        decision_signer=None,
        by=users["office"],
    )
    data = dossier.dossier_data(AwardRound.objects.get(pk=hai_phong_round.pk))
    upward = next(letter for letter in dossier.round_letters(data) if not letter["within"])
    content = pdf.render_pdf("awards/documents/cover_letter.html", {**data, **upward})
    text = flat(layout_text(content, tmp_path))

    # The signature column reads beside Nơi nhận: the title, then the name under it.
    assert "Nơi nhận: GIÁM ĐỐC - Như trên;" in text
    assert text.endswith("Lưu: VT, TĐKT. Nguyễn Văn Hùng")
    assert "KT. GIÁM ĐỐC" not in text


def test_signers_of_another_organisation_are_refused(hai_phong_round, org, users):
    stranger = Signer.objects.create(
        organisation=org["other"], title="Giám đốc", full_name="Lê Văn Khác"
    )
    with pytest.raises(ValidationError):
        services.round_signers_set(
            award_round=hai_phong_round,
            letter_signer=stranger,
            decision_signer=None,
            by=users["office"],
        )
    with pytest.raises(ValidationError):
        services.round_signers_set(
            award_round=hai_phong_round,
            letter_signer=None,
            decision_signer=None,
            by=users["outsider"],
        )


def test_decision_number_and_date_reach_the_award_history(hai_phong_round, users, client, tmp_path):
    # The Bằng khen of the Chủ tịch UBND thành phố approved, waiting for the city's decision.
    hai_phong_round.proposals.filter(status=ProposalStatus.DECIDED).update(
        status=ProposalStatus.APPROVED
    )
    services.round_decision_record(
        award_round=hai_phong_round,
        number="15/QĐ-SGDĐT",
        date=datetime.date(2026, 1, 20),
        authority="",
        by=users["office"],
    )
    proposals = {p.nominee_name: p for p in hai_phong_round.proposals.all()}

    teacher = proposals[NOMINEES[0]]
    assert (teacher.status, teacher.decision_number, teacher.decision_date) == (
        ProposalStatus.DECIDED,
        "15/QĐ-SGDĐT",
        datetime.date(2026, 1, 20),
    )
    assert teacher.decision_authority == "Giám đốc Sở Giáo dục và Đào tạo"
    # The Bằng khen of the Chủ tịch UBND thành phố is not the Giám đốc's to decide.
    city = proposals[NOMINEES[1]]
    assert (city.status, city.decision_number) == (ProposalStatus.APPROVED, "")

    client.force_login(users["office"])
    page = client.get(reverse("awards:history_person", args=[teacher.nominee_person_id]))
    assert "15/QĐ-SGDĐT, 20/01/2026" in page.content.decode()

    decided = AwardRound.objects.get(pk=hai_phong_round.pk)
    text = flat(layout_text(_part(decided, "decision"), tmp_path))
    assert "Số: 15/QĐ-SGDĐT" in text
    assert "Hải Phòng, ngày 20 tháng 01 năm 2026" in text


@pytest.mark.parametrize(
    ("kind", "version", "name"),
    [
        (RoundKind.YEARLY, 1, "ho-so-khen-thuong-hang-nam-2025-lan-1.pdf"),
        (RoundKind.INTERIM, 2, "ho-so-khen-thuong-so-ket-2025-lan-2.pdf"),
        (RoundKind.FINAL, 3, "ho-so-khen-thuong-tong-ket-2025-lan-3.pdf"),
    ],
)
def test_file_names_in_vietnamese_words(hai_phong_round, kind, version, name):
    hai_phong_round.kind = kind
    assert dossier.dossier_filename(hai_phong_round, version) == name


def test_a_long_issuer_name_wraps_before_the_place_name(hai_phong_round, org, tmp_path):
    department = org["department"]
    department.document_name = "Sở Giáo dục và Đào tạo Hải Phòng"
    department.save()
    content = _part(AwardRound.objects.get(pk=hai_phong_round.pk), "cover_letter", within=False)
    lines = layout_text(content, tmp_path, 1, 1, layout=True).splitlines()
    lines = [line for line in lines if line.strip()]
    column = lines[0].index("CỘNG HÒA")  # the left column of the header ends there
    left = [line[:column].strip() for line in lines[:4]]

    assert left[:3] == ["UBND THÀNH PHỐ HẢI PHÒNG", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "HẢI PHÒNG"]


def test_round_page_shows_where_each_form_goes(hai_phong_round, users, client):
    client.force_login(users["office"])

    page = client.get(reverse("awards:round_detail", args=[hai_phong_round.pk])).content.decode()

    assert "Luật Thi đua, khen thưởng 2022, Điều 80" in page
    assert f"Luật Thi đua, khen thưởng 2022, Điều 83): tờ trình của cơ quan gửi {HP_CHAIR}" in page
