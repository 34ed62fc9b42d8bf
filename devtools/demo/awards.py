"""Demo award rounds of the Hải Phòng plan (Kế hoạch 1536/KH-SGDĐT): a finalised and decided
2024 round, and an open 2025 round with proposals in every state. Idempotent: a round that
exists is left as it is; missing units, people or award forms are skipped."""

import datetime

from django.db import transaction
from django.utils import timezone

from awards.models import (
    AwardProposal,
    AwardRound,
    Classification,
    CouncilMeeting,
    EmulationRecord,
    NomineeKind,
    ProposalStatus,
    RecordTitle,
    RoundStatus,
    Vote,
    VoteResult,
)
from awards.rules import can_finalise_round
from awards.services import round_comments_open
from campaigns.models import AwardForm, Campaign, EmulationTitle
from devtools.demo.units import unit_actor
from portal.services import history_record
from publication.services import comment_submit
from units.models import Person, Role, Unit, User

CAMPAIGN = "1536/KH-SGDĐT"
TRAN_PHU, LE_QUY_DON = "HP-THPT-TRANPHU", "HP-THPT-LEQUYDON"
YEARLY_FORM = "Khen thưởng hằng năm theo thẩm quyền của cơ quan, đơn vị"
CSTD = "Chiến sĩ thi đua cơ sở"
CSTD_CITY = "Chiến sĩ thi đua thành phố"
ISSUER = "Giám đốc Sở Giáo dục và Đào tạo Hải Phòng"

REPORT = {
    "collective": {
        "report_summary": (
            "Trường có {headcount} cán bộ, giáo viên, nhân viên; thực hiện nhiệm vụ giáo dục "
            "trung học phổ thông trên địa bàn thành phố Hải Phòng."
        ),
        "report_achievements": (
            "Năm học 2024-2025, trường có 14 sáng kiến được công nhận cấp cơ sở, 2 sáng kiến "
            "cấp thành phố; 100% giáo viên sử dụng học liệu số trong giảng dạy."
        ),
        "report_measures": (
            "Xây dựng kế hoạch thi đua chuyên đề, thành lập tổ chuyển đổi số, tổ chức chuyên "
            "đề nghiên cứu khoa học sư phạm ứng dụng hằng tháng."
        ),
        "report_previous_awards": "Năm 2023: Tập thể lao động xuất sắc.",
    },
    "individual": {
        "report_summary": "{position}, {unit}.",
        "report_achievements": (
            "Tác giả sáng kiến được công nhận cấp cơ sở năm 2025; hướng dẫn học sinh đạt giải "
            "Ba cuộc thi Khoa học kỹ thuật cấp thành phố."
        ),
        "report_measures": "Ứng dụng bảng tính và học liệu số trong đổi mới phương pháp dạy học.",
        "report_previous_awards": "Năm 2024: Lao động tiên tiến.",
    },
}


def _report(kind, nominee) -> dict:
    values = {
        "headcount": getattr(nominee, "headcount", ""),
        "position": getattr(nominee, "position", "") or "Giáo viên",
        "unit": getattr(getattr(nominee, "unit", None), "name", ""),
    }
    return {key: text.format(**values) for key, text in REPORT[kind].items()}


def _head(unit):
    """The head of a unit, who confirms its proposals."""
    return unit_actor(unit, Role.UNIT_HEAD, "truong")


def _proposal(award_round, form, proposing_unit, nominee, status, by, **extra):
    """A proposal drafted by `by` (unit staff), confirmed by the unit's head, checked, returned
    and decided by the office, approved by the leader: each act by the role the workflow
    gives it."""
    head = _head(proposing_unit) or by
    office = extra.pop("office", None) or award_round.created_by
    approver = extra.pop("approver", None) or office
    actors = {"confirm": head, "approve": approver}
    kind = NomineeKind.INDIVIDUAL if isinstance(nominee, Person) else NomineeKind.COLLECTIVE
    proposal = AwardProposal.objects.create(
        round=award_round,
        award_form=form,
        nominee_kind=kind,
        nominee_person=nominee if kind == NomineeKind.INDIVIDUAL else None,
        nominee_unit=nominee if kind == NomineeKind.COLLECTIVE else None,
        proposing_unit=proposing_unit,
        created_by=by,
        **_report(kind, nominee),
    )
    history_record(subject=proposal, by=by, action="create", to_state=ProposalStatus.DRAFT)
    path = {
        ProposalStatus.DRAFT: [],
        ProposalStatus.RETURNED: ["confirm", "return"],
        ProposalStatus.SUBMITTED: ["confirm"],
        ProposalStatus.CHECKED: ["confirm", "check"],
        ProposalStatus.APPROVED: ["confirm", "check", "approve"],
        ProposalStatus.DECIDED: ["confirm", "check", "approve", "decision"],
    }[status]
    states = {
        "confirm": ProposalStatus.SUBMITTED,
        "return": ProposalStatus.RETURNED,
        "check": ProposalStatus.CHECKED,
        "approve": ProposalStatus.APPROVED,
        "decision": ProposalStatus.DECIDED,
    }
    previous = ProposalStatus.DRAFT
    for action in path:
        history_record(
            subject=proposal,
            by=actors.get(action, office),
            action=action,
            from_state=previous,
            to_state=states[action],
            note=extra.get("note", "") if action == "return" else "",
        )
        previous = states[action]
    now = timezone.now()
    proposal.status = status
    if path:
        proposal.submitted_at = proposal.confirmed_at = now
        proposal.confirmed_by = head
    if "check" in path:
        proposal.checked_at = now
        try:
            from awards.services import evaluate

            proposal.eligibility = evaluate(proposal)
            proposal.eligibility_at = now
        except Exception:  # noqa: BLE001 - demo data must load even if evaluation cannot run
            proposal.eligibility = {}
    if status in (ProposalStatus.APPROVED, ProposalStatus.DECIDED):
        proposal.decided_at = now
    proposal.reviewer_note = extra.get("note", "")
    for name in ("decision_number", "decision_date", "decision_authority", "decision_signer_name"):
        if name in extra:
            setattr(proposal, name, extra[name])
    proposal.save()
    return proposal


def _record(subject, year, classification, titles, number) -> None:
    """One yearly emulation record with the titles received (decided on 20/12 of the year)."""
    field = "person" if isinstance(subject, Person) else "unit"
    record, _created = EmulationRecord.objects.get_or_create(
        **{field: subject, "year": year}, defaults={"classification": classification}
    )
    for offset, title in enumerate(titles):
        RecordTitle.objects.get_or_create(
            record=record,
            title=title,
            defaults={
                "decision_number": f"{number + offset}/QĐ-SGDĐT",
                "decision_date": datetime.date(year, 12, 20),
                "issuer": ISSUER,
            },
        )


def _records(people_tp, tran_phu, le_quy_don) -> None:
    """Yearly records: a teacher with three years of CSTĐ cơ sở (2023–2025), one with two and
    a gap, and the two schools' collective titles."""
    labour, fighter = EmulationTitle.LABOUR, EmulationTitle.BASE_FIGHTER
    excellent, good = Classification.EXCELLENT, Classification.GOOD
    for year in (2023, 2024, 2025):
        _record(people_tp[0], year, excellent, [labour, fighter], 100 + year - 2000)
    _record(people_tp[1], 2022, excellent, [labour, fighter], 90)
    _record(people_tp[1], 2023, good, [labour], 91)
    _record(people_tp[1], 2024, excellent, [labour, fighter], 92)
    _record(people_tp[1], 2025, excellent, [labour], 93)
    _record(tran_phu, 2024, excellent, [EmulationTitle.EXCELLENT_COLLECTIVE], 150)
    _record(le_quy_don, 2024, good, [EmulationTitle.ADVANCED_COLLECTIVE], 151)


def _vote(meeting, proposal, yes, *, present, written):
    """Ballots of the members present and the absent members' written votes; a form voted by
    secret ballot carries the tellers' count."""
    total = meeting.members_total
    cast = present + written
    result = (
        VoteResult.PASSED
        if yes * 100 >= proposal.award_form.vote_threshold * total
        else (VoteResult.FAILED)
    )
    count = {}
    if proposal.award_form.secret_ballot:
        count = {
            "secret": True,
            "ballots_issued": cast,
            "ballots_received": cast,
            "ballots_valid": cast,
            "ballots_invalid": 0,
        }
    Vote.objects.create(
        meeting=meeting,
        proposal=proposal,
        yes=yes,
        no=cast - yes,
        abstain=0,
        absent_written=written,
        result=result,
        **count,
    )


@transaction.atomic
def seed(stdout) -> None:
    campaign = Campaign.objects.filter(document_number=CAMPAIGN).first()
    if campaign is None:
        stdout.write(f"awards: campaign {CAMPAIGN} missing, skipped")
        return
    units = {u.code: u for u in Unit.objects.filter(code__in=[TRAN_PHU, LE_QUY_DON])}
    forms = {f.name: f for f in AwardForm.objects.filter(campaign=campaign)}
    if len(units) < 2 or not {YEARLY_FORM, CSTD} <= set(forms):
        stdout.write("awards: units or award forms of the Hải Phòng plan missing, skipped")
        return
    office = User.objects.filter(username="vanphong").first()
    staff = User.objects.filter(username="canbo").first()
    staff2 = User.objects.filter(username="canbo2").first() or staff
    # The council: the leader chairs, the office is its secretary; five members in all.
    council = list(
        User.objects.filter(username__in=["lanhdao", "hoidong1", "hoidong2", "vanphong"])
    )
    chair = next((u for u in council if u.username == "lanhdao"), None)
    tran_phu, le_quy_don = units[TRAN_PHU], units[LE_QUY_DON]
    people_tp = list(Person.objects.filter(unit=tran_phu).order_by("name_sort", "id")[:3])
    people_lqd = list(Person.objects.filter(unit=le_quy_don).order_by("name_sort", "id")[:2])
    if len(people_tp) < 3 or len(people_lqd) < 2:
        stdout.write("awards: too few people in the demo schools, skipped")
        return
    _records(people_tp, tran_phu, le_quy_don)
    created = 0

    # 2024: finalised, approved by the council and decided.
    if not AwardRound.objects.filter(campaign=campaign, kind="yearly", year=2024).exists():
        award_round = AwardRound.objects.create(
            campaign=campaign,
            kind="yearly",
            year=2024,
            title="Khen thưởng phong trào năm 2024",
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2024, 12, 31),
            deadline=datetime.date(2025, 1, 10),
            created_by=office,
        )
        decision = {
            "decision_number": "45/QĐ-SGDĐT",
            "decision_date": datetime.date(2025, 1, 24),
            "decision_authority": "Giám đốc Sở Giáo dục và Đào tạo Hải Phòng",
        }
        first = _proposal(
            award_round,
            forms[CSTD],
            tran_phu,
            people_tp[0],
            ProposalStatus.DECIDED,
            staff,
            approver=chair,
            **decision,
        )
        second = _proposal(
            award_round,
            forms[YEARLY_FORM],
            le_quy_don,
            le_quy_don,
            ProposalStatus.DECIDED,
            staff2,
            approver=chair,
            **decision,
        )
        meeting = CouncilMeeting.objects.create(
            round=award_round,
            held_on=datetime.date(2025, 1, 16),
            started_at=datetime.time(8, 0),
            ended_at=datetime.time(10, 30),
            location="Phòng họp tầng 3, Sở Giáo dục và Đào tạo",
            members_total=len(council) + 1,
            members_absent="Phạm Văn Hùng (đi công tác)",
            chair=chair,
            secretary=office,
            notes="Hội đồng Thi đua - Khen thưởng Sở họp xét đề nghị khen thưởng năm 2024; một "
            "thành viên vắng mặt gửi phiếu bằng văn bản.",
            created_by=office,
        )
        meeting.members_present.set(council)
        _vote(meeting, first, len(council) + 1, present=len(council), written=1)
        _vote(meeting, second, len(council), present=len(council), written=1)
        award_round.status = RoundStatus.FINALISED
        award_round.finalised_at = timezone.now()
        award_round.finalised_by = office
        award_round.decision_number = decision["decision_number"]
        award_round.decision_date = decision["decision_date"]
        award_round.decision_authority = decision["decision_authority"]
        award_round.save()
        history_record(
            subject=award_round,
            by=office,
            action="finalise",
            from_state=RoundStatus.VOTING,
            to_state=RoundStatus.FINALISED,
        )
        created += 1

    # 2025: open, with proposals in each state.
    if not AwardRound.objects.filter(campaign=campaign, kind="yearly", year=2025).exists():
        deadline = max(datetime.date(2026, 1, 15), timezone.localdate() + datetime.timedelta(30))
        award_round = AwardRound.objects.create(
            campaign=campaign,
            kind="yearly",
            year=2025,
            title="Khen thưởng phong trào năm 2025",
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
            deadline=deadline,
            created_by=office,
        )
        history_record(subject=award_round, by=office, action="create", to_state="open")
        # The plan gives the city's Bằng khen at sơ kết and tổng kết only: a yearly round
        # proposes the award within the units' own authority.
        _proposal(
            award_round, forms[YEARLY_FORM], tran_phu, tran_phu, ProposalStatus.CHECKED, staff
        )
        _proposal(award_round, forms[CSTD], tran_phu, people_tp[1], ProposalStatus.SUBMITTED, staff)
        if CSTD_CITY in forms:
            _proposal(
                award_round, forms[CSTD_CITY], tran_phu, people_tp[0], ProposalStatus.CHECKED, staff
            )
        _proposal(award_round, forms[CSTD], tran_phu, people_tp[2], ProposalStatus.DRAFT, staff)
        _proposal(
            award_round,
            forms[CSTD],
            le_quy_don,
            people_lqd[1],
            ProposalStatus.RETURNED,
            staff2,
            note="Đề nghị bổ sung quyết định công nhận sáng kiến năm 2025.",
        )
        _proposal(
            award_round, forms[YEARLY_FORM], le_quy_don, le_quy_don, ProposalStatus.CHECKED, staff2
        )
        created += 1
    _comments_open(campaign, office)
    created += _other_plans()
    stdout.write(
        f"awards: {created} round(s) created, {AwardRound.objects.count()} in all, "
        f"{AwardProposal.objects.count()} proposals"
    )


def _comments_open(campaign, office) -> None:
    """The 2025 round's proposed list open for public comments (from the day the demo is
    loaded), with one comment the office has to handle: the public page is not empty."""
    award_round = AwardRound.objects.filter(campaign=campaign, kind="yearly", year=2025).first()
    if award_round is None or award_round.comments_from:
        return
    if office is None or not can_finalise_round(office, award_round):
        return  # no office login of the issuer in this data
    award_round = round_comments_open(award_round=award_round, by=office)
    proposal = award_round.proposals.filter(status=ProposalStatus.SUBMITTED).first()
    comment_submit(
        award_round=award_round,
        proposal=proposal,
        name="Đỗ Minh Khoa",
        contact="0904123456",
        text="Đề nghị làm rõ sáng kiến được dùng làm căn cứ đã được áp dụng tại đơn vị từ năm "
        "học nào.",
    )


# The other four plans, one round each at the stage the plan has reached: (campaign filter,
# office login, round values, decision or None, proposals [(award form, proposing unit code,
# nominee: "unit" or the rank of a person of that unit, status)]).
GK_TK, BK_TK = "Giấy khen của Chủ tịch UBND xã", "Bằng khen của Chủ tịch UBND thành phố"
GK_HN = "Giấy khen của Giám đốc Sở GDĐT"
GK_HY29, BK_HY = "Giấy khen của Giám đốc Sở", "Bằng khen của Chủ tịch UBND tỉnh"
GK_HY24 = "Giấy khen của Giám đốc Sở KH&CN"
_S = ProposalStatus
# An award above the Giám đốc's authority is decided by the Chủ tịch UBND tỉnh (Luật Thi đua,
# khen thưởng 2022, Điều 83): its decision is the province's, not the Sở's (fictional number
# and signer).
PROVINCE_DECISIONS = {
    BK_HY: {
        "decision_number": "915/QĐ-UBND",
        "decision_date": datetime.date(2025, 4, 10),
        "decision_authority": "Chủ tịch UBND tỉnh Hưng Yên",
        "decision_signer_name": "Phạm Quang Ngọc",
    },
}
OTHER_ROUNDS = [
    (
        {"issuing_unit__code": "TK-UBND"},
        "txvanphong",
        {"kind": "yearly", "year": 2025, "title": "Khen thưởng phong trào năm 2025"},
        None,
        [
            (GK_TK, "TK-THCS", "unit", _S.CHECKED),
            (GK_TK, "TK-TH", 0, _S.SUBMITTED),
            (GK_TK, "TK-HCC", "unit", _S.RETURNED),
        ],
    ),
    (
        {"issuing_unit__code": "HN-SGD"},
        "hnvanphong",
        {"kind": "yearly", "year": 2025, "title": "Khen thưởng năm 2025"},
        None,
        [
            (GK_HN, "HN-THPT-CHUVANAN", "unit", _S.CHECKED),
            (GK_HN, "HN-THPT-KIMLIEN", 0, _S.SUBMITTED),
            (GK_HN, "HN-THPT-YENHOA", 1, _S.SUBMITTED),
        ],
    ),
    (
        {"issuing_unit__code": "HY-SKHCN", "start_year": 2024},
        "hyvanphong",
        {"kind": "yearly", "year": 2024, "title": "Khen thưởng phong trào sáng kiến năm 2024"},
        {
            "decision_number": "168/QĐ-SKHCN",
            "decision_date": datetime.date(2024, 12, 27),
            "decision_authority": "Giám đốc Sở Khoa học và Công nghệ Hưng Yên",
        },
        [
            (GK_HY24, "HY-TTUD", "unit", _S.DECIDED),
            (GK_HY24, "HY-QLCN", 0, _S.DECIDED),
            (GK_HY24, "HY-CCTDC", 1, _S.DECIDED),
        ],
    ),
    (
        {"issuing_unit__code": "HY-SKHCN", "document_number": "29/KH-SKHCN"},
        "hyvanphong",
        {
            "kind": "final",
            "year": 2025,
            "title": "Tuyên dương điển hình tiên tiến tại Hội nghị tổng kết năm 2025",
        },
        {
            "decision_number": "52/QĐ-SKHCN",
            "decision_date": datetime.date(2025, 4, 18),
            "decision_authority": "Giám đốc Sở Khoa học và Công nghệ Hưng Yên",
        },
        [
            (GK_HY29, "HY-QLKH", "unit", _S.DECIDED),
            (GK_HY29, "HY-CDS", "unit", _S.DECIDED),
            (GK_HY29, "HY-TTUD", 0, _S.DECIDED),
            (GK_HY29, "HY-CCTDC", 0, _S.DECIDED),
            (GK_HY29, "HY-TTTT", 0, _S.DECIDED),
            (BK_HY, "HY-TTUD", "unit", _S.DECIDED),
            (BK_HY, "HY-QLCN", 1, _S.DECIDED),
        ],
    ),
]


def _province_decisions() -> None:
    """Awards of the province carry the province's decision, also in a demo seeded before."""
    for form_name, decision in PROVINCE_DECISIONS.items():
        AwardProposal.objects.filter(
            award_form__name=form_name,
            award_form__campaign__issuing_unit__code="HY-SKHCN",
            status=ProposalStatus.DECIDED,
        ).exclude(decision_number=decision["decision_number"]).update(**decision)


def _other_plans() -> int:
    """A round for each of the other plans; a plan whose round exists is left as it is."""
    created = 0
    for query, office_name, values, decision, rows in OTHER_ROUNDS:
        campaign = Campaign.objects.filter(**query).order_by("pk").first()
        office = User.objects.filter(username=office_name).first()
        if campaign is None or office is None:
            continue
        if AwardRound.objects.filter(campaign=campaign, kind=values["kind"], year=values["year"]):
            continue
        forms = {f.name: f for f in AwardForm.objects.filter(campaign=campaign)}
        units = {u.code: u for u in Unit.objects.filter(code__in=[r[1] for r in rows])}
        year = values["year"]
        soon = timezone.localdate() + datetime.timedelta(30)
        award_round = AwardRound.objects.create(
            campaign=campaign,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            deadline=(
                datetime.date(year, 12, 10)
                if decision
                else max(datetime.date(year + 1, 1, 15), soon)
            ),
            created_by=office,
            **values,
        )
        history_record(subject=award_round, by=office, action="create", to_state="open")
        for form_name, code, nominee, status in rows:
            unit, form = units.get(code), forms.get(form_name)
            if unit is None or form is None:
                continue
            if nominee != "unit":
                people = list(Person.objects.filter(unit=unit).order_by("name_sort", "id")[:3])
                if len(people) <= nominee:
                    continue
                nominee = people[nominee]
            else:
                nominee = unit
            head = _head(unit)
            if head is None:
                continue
            note = "Đề nghị bổ sung báo cáo thành tích có xác nhận của đơn vị."
            _proposal(
                award_round,
                form,
                unit,
                nominee,
                status,
                head,
                office=office,
                **{
                    **(decision or {}),
                    **(PROVINCE_DECISIONS.get(form_name, {}) if decision else {}),
                },
                **({"note": note} if status == _S.RETURNED else {}),
            )
        if decision:
            award_round.status = RoundStatus.FINALISED
            award_round.finalised_at = timezone.now()
            award_round.finalised_by = office
            for name, value in decision.items():
                setattr(award_round, name, value)
            award_round.save()
            history_record(
                subject=award_round,
                by=office,
                action="finalise",
                from_state=RoundStatus.OPEN,
                to_state=RoundStatus.FINALISED,
            )
        created += 1
    _province_decisions()
    return created
