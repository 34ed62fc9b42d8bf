"""The level above the Sở GD&ĐT Hải Phòng and UBND xã Tứ Kỳ: UBND thành phố Hải Phòng
(idempotent).

Its two plans the lower plans name as their basis (Kế hoạch 206/KH-UBND ngày 27/8/2024 and
Kế hoạch 150/KH-UBND ngày 16/6/2025) become its own campaigns, the lower campaigns point at
them (`Campaign.basis`), and the Sở forwards its 2024 proposal above its own authority (a
Chiến sĩ thi đua thành phố) to the city, which returned it once for a missing document and
is checking it again. The city office (tpvanphong) can accept it, take it to its council
round and record the decision.
"""

import datetime

from awards import forwarding
from awards.models import AwardProposal, AwardRound, ForwardedPackage, ProposalStatus
from campaigns.models import Campaign, CampaignScope, LaunchLevel, Phase
from campaigns.services import CampaignPlan, campaign_create
from portal.services import history_record
from units.models import Person, Unit, User

D = datetime.date
CITY = "HP-UBND"
CSTD_CITY = "Chiến sĩ thi đua thành phố"

# The city's plans, as the lower plans cite them; their texts were not read here: the title
# of 206/KH-UBND is the one 1536/KH-SGDĐT quotes, that of 150/KH-UBND the campaign the Tứ Kỳ
# plan implements.
CITY_PLANS = [
    {
        "lower": "1536/KH-SGDĐT",
        "values": {
            "title": "Phát động phong trào thi đua “Nghiên cứu khoa học và phát triển công "
            "nghệ, phát huy sáng kiến, cải tiến kỹ thuật” trên địa bàn thành phố Hải Phòng năm "
            "2024 và giai đoạn 2025-2030",
            "document_number": "206/KH-UBND",
            "document_date": D(2024, 8, 27),
            "start_year": 2024,
            "end_year": 2030,
        },
        "phases": [
            (Phase.Kind.LAUNCH, D(2024, 8, 27), D(2027, 5, 17)),
            (Phase.Kind.INTERIM, D(2027, 5, 18), D(2029, 12, 31)),
            (Phase.Kind.FINAL, D(2030, 1, 1), D(2030, 12, 31)),
        ],
    },
    {
        "lower_issuer": "TK-UBND",
        "values": {
            "title": "Phát động phong trào thi đua “Hải Phòng thi đua đột phá phát triển khoa "
            "học, công nghệ, đổi mới sáng tạo và chuyển đổi số, góp phần đưa đất nước vươn mình "
            "bước vào kỷ nguyên giàu mạnh và thịnh vượng” giai đoạn 2025-2030",
            "document_number": "150/KH-UBND",
            "document_date": D(2025, 6, 16),
            "start_year": 2025,
            "end_year": 2030,
        },
        "phases": [
            (Phase.Kind.LAUNCH, D(2025, 6, 16), D(2026, 12, 31)),
            (Phase.Kind.INTERIM, D(2027, 1, 1), D(2029, 12, 31)),
            (Phase.Kind.FINAL, D(2030, 1, 1), D(2030, 12, 31)),
        ],
    },
]


def _city_campaigns(city: Unit, office: Unit) -> list[Campaign]:
    campaigns = []
    for plan in CITY_PLANS:
        values = {
            **plan["values"],
            "issuing_unit": city,
            "managing_unit": office,
            "kind": Campaign.Kind.THEMATIC,
            "launch_level": LaunchLevel.MINISTRY_PROVINCE,
            "scope": CampaignScope.SECTOR_LOCALITY,
        }
        campaign = Campaign.objects.filter(
            issuing_unit=city, document_number=values["document_number"]
        ).first()
        if campaign is None:
            campaign = campaign_create(
                plan=CampaignPlan(
                    values=values,
                    participants=[city],
                    phases=[
                        {"kind": kind, "title": "", "start_date": start, "end_date": end}
                        for kind, start, end in plan["phases"]
                    ],
                ),
                by=None,
            )
        lower = Campaign.objects.filter(basis__isnull=True)
        if "lower" in plan:
            lower = lower.filter(document_number=plan["lower"])
        else:
            lower = lower.filter(issuing_unit__code=plan["lower_issuer"])
        lower.update(basis=campaign)
        campaigns.append(campaign)
    return campaigns


def _city_round(campaign: Campaign, office_user) -> AwardRound:
    """The city's own round of 2024, whose council takes what the levels below forward."""
    award_round, created = AwardRound.objects.get_or_create(
        campaign=campaign,
        kind="yearly",
        year=2024,
        defaults={
            "title": "Khen thưởng phong trào năm 2024 của thành phố",
            "period_start": D(2024, 1, 1),
            "period_end": D(2024, 12, 31),
            "deadline": D(2025, 3, 31),
            "created_by": office_user,
        },
    )
    if created:
        history_record(subject=award_round, by=office_user, action="create", to_state="open")
    return award_round


def _forwarded_package(sgd_office, city_office) -> ForwardedPackage | None:
    """The Sở's 2024 round sends its Chiến sĩ thi đua thành phố up; returned once, resent,
    now being checked."""
    award_round = AwardRound.objects.filter(
        campaign__document_number="1536/KH-SGDĐT", kind="yearly", year=2024
    ).first()
    if award_round is None or sgd_office is None or city_office is None:
        return None
    package = ForwardedPackage.objects.filter(round=award_round).first()
    if package is not None:
        return package
    form = award_round.campaign.award_forms.filter(name=CSTD_CITY).first()
    school = Unit.objects.filter(code="HP-THPT-TRANPHU").first()
    if form is None or school is None:
        return None
    nominee = Person.objects.filter(unit=school).order_by("name_sort", "id").first()
    if not AwardProposal.objects.filter(round=award_round, award_form=form).exists():
        AwardProposal.objects.create(
            round=award_round,
            award_form=form,
            nominee_kind="individual",
            nominee_person=nominee,
            proposing_unit=school,
            status=ProposalStatus.APPROVED,
            report_summary="Giáo viên Tin học, tổ trưởng chuyên môn.",
            report_achievements="Ba năm liền Chiến sĩ thi đua cơ sở (2022-2024); sáng kiến "
            "“Ứng dụng học liệu số trong dạy học” được công nhận có phạm vi ảnh hưởng cấp "
            "thành phố năm 2024.",
            report_measures="Xây dựng kho học liệu số dùng chung của trường.",
            submitted_at=datetime.datetime(2025, 1, 8, 9, 0, tzinfo=datetime.UTC),
            created_by=sgd_office,
        )
    package = forwarding.package_forward(
        award_round=award_round,
        by=sgd_office,
        note="Đề nghị xét tặng danh hiệu Chiến sĩ thi đua thành phố năm 2024.",
    )
    package = forwarding.package_check(package=package, by=city_office)
    package = forwarding.package_return(
        package=package,
        by=city_office,
        reasons="Bổ sung quyết định công nhận sáng kiến có phạm vi ảnh hưởng cấp thành phố.",
    )
    package = forwarding.package_resend(
        package=package,
        by=sgd_office,
        note="Đã bổ sung quyết định công nhận sáng kiến vào minh chứng.",
    )
    return forwarding.package_check(package=package, by=city_office)


def seed(stdout) -> None:
    city = Unit.objects.filter(code=CITY).first()
    office = Unit.objects.filter(code="HP-UBND-VP").first()
    if city is None or office is None:
        stdout.write("levels: the city's units missing, skipped")
        return
    campaigns = _city_campaigns(city, office)
    city_office = User.objects.filter(username="tpvanphong").first()
    _city_round(campaigns[0], city_office)
    package = _forwarded_package(User.objects.filter(username="vanphong").first(), city_office)
    stdout.write(
        f"levels: {len(campaigns)} city campaigns, "
        f"{Campaign.objects.filter(basis__in=campaigns).count()} implementing them, "
        f"forwarded package {package.get_status_display() if package else 'none'}"
    )
