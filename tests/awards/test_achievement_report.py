"""The báo cáo thành tích of each nominee: the form chosen by nominee and campaign kind, its
sections, the table of awards received with the decisions from the recorded history, and the
confirmation of the proposing level."""

import datetime
import subprocess

import pytest
from django.utils import timezone

from awards import achievement, dossier
from awards.models import AwardProposal, AwardRound, NomineeKind, ProposalStatus, RoundStatus
from awards.records import Classification, EmulationRecord, RecordTitle
from campaigns.models import AwardForm, Campaign, EmulationTitle, RecipientKind, RoundKind
from portal.pdf import render_pdf
from tests.factories import AwardFormFactory, CampaignFactory, PersonFactory

PERSON_TITLE_DECISION = "123/QĐ-SGDĐT"
UNIT_TITLE_DECISION = "77/QĐ-SGDĐT"
PERSON_AWARD_DECISION = "2468/QĐ-UBND"
UNIT_AWARD_DECISION = "2469/QĐ-UBND"
CITY_CHAIR = "Chủ tịch UBND thành phố Hải Phòng"


def _round(campaign, year, status=RoundStatus.FINALISED):
    return AwardRound.objects.create(
        campaign=campaign,
        kind=RoundKind.YEARLY,
        year=year,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        deadline=datetime.date(year, 12, 15),
        status=status,
        finalised_at=timezone.make_aware(datetime.datetime(year + 1, 1, 5, 9, 0)),
    )


@pytest.fixture
def history(org):
    """A person and a school with a title recorded and an award decided in 2024."""
    person = PersonFactory(
        unit=org["school_a"],
        full_name="Nguyễn Thị Hương",
        position="Giáo viên",
        gender="female",
        date_of_birth=datetime.date(1985, 3, 9),
        qualification="Thạc sĩ Ngữ văn",
    )
    record = EmulationRecord.objects.create(
        person=person, year=2023, classification=Classification.EXCELLENT
    )
    RecordTitle.objects.create(
        record=record,
        title=EmulationTitle.BASE_FIGHTER,
        decision_number=PERSON_TITLE_DECISION,
        decision_date=datetime.date(2023, 6, 5),
        issuer="Giám đốc Sở Giáo dục và Đào tạo",
    )
    unit_record = EmulationRecord.objects.create(
        unit=org["school_a"], year=2023, classification=Classification.EXCELLENT
    )
    RecordTitle.objects.create(
        record=unit_record,
        title=EmulationTitle.EXCELLENT_COLLECTIVE,
        decision_number=UNIT_TITLE_DECISION,
        decision_date=datetime.date(2023, 6, 6),
        issuer="Giám đốc Sở Giáo dục và Đào tạo",
    )
    earlier = CampaignFactory(issuing_unit=org["department"], managing_unit=org["office"])
    bang_khen = AwardFormFactory(
        campaign=earlier,
        name="Bằng khen của Chủ tịch UBND thành phố",
        kind=AwardForm.Kind.AWARD,
        recipients=RecipientKind.BOTH,
        authority="Chủ tịch UBND thành phố",
    )
    past = _round(earlier, 2024)
    for kind, nominee, number in (
        (NomineeKind.INDIVIDUAL, {"nominee_person": person}, PERSON_AWARD_DECISION),
        (NomineeKind.COLLECTIVE, {"nominee_unit": org["school_a"]}, UNIT_AWARD_DECISION),
    ):
        AwardProposal.objects.create(
            round=past,
            award_form=bang_khen,
            nominee_kind=kind,
            proposing_unit=org["school_a"],
            status=ProposalStatus.DECIDED,
            decision_number=number,
            decision_date=datetime.date(2024, 12, 20),
            decision_authority=CITY_CHAIR,
            **nominee,
        )
    return person


def _proposals(org, person, campaign_kind):
    campaign = CampaignFactory(
        issuing_unit=org["department"],
        managing_unit=org["office"],
        kind=campaign_kind,
        title="Phát động phong trào thi đua “Nghiên cứu khoa học, phát huy sáng kiến”",
    )
    giay_khen = AwardFormFactory(
        campaign=campaign,
        name="Giấy khen của Giám đốc Sở",
        recipients=RecipientKind.BOTH,
        authority="Giám đốc Sở Giáo dục và Đào tạo",
    )
    award_round = _round(campaign, 2025)
    common = {
        "round": award_round,
        "award_form": giay_khen,
        "proposing_unit": org["school_a"],
        "status": ProposalStatus.APPROVED,
        "report_achievements": "Có 2 sáng kiến được công nhận cấp cơ sở.",
    }
    collective = AwardProposal.objects.create(
        nominee_kind=NomineeKind.COLLECTIVE, nominee_unit=org["school_a"], **common
    )
    individual = AwardProposal.objects.create(
        nominee_kind=NomineeKind.INDIVIDUAL, nominee_person=person, **common
    )
    return award_round, collective, individual


def _text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def _report(award_round, proposal, tmp_path) -> tuple[str, str]:
    data = dossier.dossier_data(award_round)
    context = dossier.achievement_report_context(data, proposal)
    template = context["report_template"]
    return template, _text(render_pdf(template, context), tmp_path)


def _closing(text: str) -> str:
    """The last table of section III and the signature blocks after it (pdftotext may give
    the table's columns and the signatures in any order)."""
    return text[text.rindex("2. Hình thức khen thưởng") :]


def _has_words(region: str, phrase: str) -> bool:
    """Each word of ``phrase`` in order in ``region``: the two signature columns may come out
    of pdftotext interleaved line by line."""
    words, at = region.split(), 0
    for word in phrase.split():
        try:
            at = words.index(word, at) + 1
        except ValueError:
            return False
    return True


def _section_order(text: str, *headings: str) -> None:
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions), headings


def _awards_table(text: str, *, title_decision: str, award_decision: str) -> None:
    table = text[text.index("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG") :]
    assert "Số, ngày, tháng, năm của quyết định công nhận danh hiệu thi đua" in table
    assert f"Quyết định số {title_decision} ngày" in table
    assert (
        f"Quyết định số {award_decision} ngày 20/12/2024 của {CITY_CHAIR}" in table
    )  # from the award history: number, date, issuer
    assert "Bằng khen của Chủ tịch UBND thành phố" in table


def test_collective_report_of_a_regular_campaign(org, history, tmp_path):
    award_round, collective, _individual = _proposals(org, history, Campaign.Kind.REGULAR)

    template, text = _report(award_round, collective, tmp_path)

    assert template == achievement.TEMPLATES[achievement.COLLECTIVE]
    assert "SỞ GIÁO DỤC VÀ ĐÀO TẠO TRƯỜNG THPT AN LÃO" in text  # governing body, then unit
    assert "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA GIÁM ĐỐC SỞ" in text
    _section_order(
        text,
        "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
    )
    _awards_table(text, title_decision=UNIT_TITLE_DECISION, award_decision=UNIT_AWARD_DECISION)
    assert "Tập thể lao động xuất sắc" in text
    closing = _closing(text)
    assert _has_words(closing, "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG")
    assert _has_words(closing, "THỦ TRƯỞNG ĐƠN VỊ (Ký, đóng dấu)")
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" not in closing
    # The individual's awards are not the school's.
    assert PERSON_AWARD_DECISION not in text


def test_individual_report_of_a_regular_campaign(org, history, tmp_path):
    award_round, _collective, individual = _proposals(org, history, Campaign.Kind.REGULAR)

    template, text = _report(award_round, individual, tmp_path)

    assert template == achievement.TEMPLATES[achievement.INDIVIDUAL]
    assert "SỞ GIÁO DỤC VÀ ĐÀO TẠO TRƯỜNG THPT AN LÃO" in text
    _section_order(
        text,
        "I. SƠ LƯỢC LÝ LỊCH",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
    )
    assert "Ngày, tháng, năm sinh: 09/03/1985" in text
    assert "Trình độ chuyên môn, nghiệp vụ: Thạc sĩ Ngữ văn" in text
    _awards_table(text, title_decision=PERSON_TITLE_DECISION, award_decision=PERSON_AWARD_DECISION)
    assert "Chiến sĩ thi đua cơ sở" in text
    closing = _closing(text)
    assert _has_words(closing, "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ")
    assert _has_words(closing, "NGƯỜI BÁO CÁO THÀNH TÍCH (Ký, ghi rõ họ và tên) Nguyễn Thị Hương")
    assert _has_words(closing, "Nguyễn Thị Hương XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG")
    assert UNIT_AWARD_DECISION not in text


@pytest.mark.parametrize("kind", [NomineeKind.COLLECTIVE, NomineeKind.INDIVIDUAL])
def test_thematic_campaign_report(org, history, tmp_path, kind):
    award_round, collective, individual = _proposals(org, history, Campaign.Kind.THEMATIC)
    proposal = collective if kind == NomineeKind.COLLECTIVE else individual

    template, text = _report(award_round, proposal, tmp_path)

    assert template == achievement.TEMPLATES[achievement.THEMATIC]
    assert "(Thành tích thực hiện phong trào thi đua theo chuyên đề, Kế hoạch số 1" in text
    assert "ngày 02/12/2024 của Sở Giáo dục và Đào tạo, từ ngày 01/01/2025" in text
    _section_order(
        text,
        "I. THÔNG TIN CHUNG",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
    )
    if kind == NomineeKind.COLLECTIVE:
        _awards_table(text, title_decision=UNIT_TITLE_DECISION, award_decision=UNIT_AWARD_DECISION)
        assert _has_words(_closing(text), "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG")
        assert "NGƯỜI BÁO CÁO THÀNH TÍCH" not in text
    else:
        assert "Nguyễn Thị Hương, Giáo viên, Trường THPT An Lão" in text
        _awards_table(
            text, title_decision=PERSON_TITLE_DECISION, award_decision=PERSON_AWARD_DECISION
        )
        closing = _closing(text)
        assert _has_words(closing, "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ")
        assert _has_words(closing, "Nguyễn Thị Hương XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG")


def test_a_rejected_award_and_the_proposal_itself_are_not_listed(org, history):
    award_round, _collective, individual = _proposals(org, history, Campaign.Kind.REGULAR)
    AwardProposal.objects.filter(decision_number=PERSON_AWARD_DECISION).update(
        status=ProposalStatus.REJECTED
    )

    individual.decision_number = "999/QĐ-SGDĐT"
    individual.status = ProposalStatus.DECIDED
    individual.save()

    rows = achievement.awards_received(individual)

    assert rows == []


def test_signatures_never_stand_alone_on_a_page(org, history, tmp_path):
    award_round, _collective, individual = _proposals(org, history, Campaign.Kind.REGULAR)
    data = dossier.dossier_data(award_round)
    context = dossier.achievement_report_context(data, individual)
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(context["report_template"], context))

    pages = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    signed = next(page for page in pages if "NGƯỜI BÁO CÁO THÀNH TÍCH" in page)

    assert PERSON_AWARD_DECISION in " ".join(signed.split())  # the last table goes with it
