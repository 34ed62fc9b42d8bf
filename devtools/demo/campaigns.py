"""Demo data: the five source plans (DESIGN.md §7), with their facts as the plans state them.

Units are found by the codes the units demo creates. Idempotent: a campaign already there
(same issuing unit and title) is left as it is.
"""

import datetime
from decimal import Decimal

from campaigns.models import (
    AwardForm,
    AwardQuota,
    Campaign,
    CampaignScope,
    Criterion,
    DecidingAuthority,
    EmulationTitle,
    LaunchLevel,
    Level,
    PartialYear,
    Phase,
    Rating,
    RatioScope,
    RoundKind,
    StatisticsGroup,
)
from campaigns.services import CampaignPlan, campaign_create
from units.models import SCHOOL_KINDS, PersonKind, Unit, UnitKind

D = datetime.date
COLLECTIVE, INDIVIDUAL, COMBINED = (
    AwardQuota.AppliesTo.COLLECTIVE,
    AwardQuota.AppliesTo.INDIVIDUAL,
    AwardQuota.AppliesTo.COMBINED,
)

RUBRIC = [
    {
        "name": "Tính mới",
        "max_points": Decimal(30),
        "description": "Giải pháp chưa được áp dụng, công bố trong phạm vi cơ sở.",
    },
    {
        "name": "Khả năng áp dụng",
        "max_points": Decimal(30),
        "description": "Có thể áp dụng, nhân rộng tại cơ quan, đơn vị khác.",
    },
    {
        "name": "Hiệu quả",
        "max_points": Decimal(40),
        "description": "Lợi ích kinh tế, xã hội mang lại khi áp dụng.",
    },
]
THRESHOLD = Decimal(70)


YEARLY, INTERIM, FINAL = RoundKind.YEARLY, RoundKind.INTERIM, RoundKind.FINAL
# The council's vote on the emulation titles and the Cờ: NĐ 152/2025/NĐ-CP could not be read
# here, so the values are those of the repealed NĐ 98/2023/NĐ-CP, Điều 30 (NĐ 91/2017/NĐ-CP
# before it): secret ballot; CSTĐ cấp tỉnh ≥ 90 %, CSTĐ cơ sở and Cờ ≥ 80 % of all members.
HN_HIGHER = (
    "KH 4400/KH-SGDĐT, mục 2.2 (trình UBND Thành phố khi sơ kết cuối năm 2027, tổng kết năm 2030)"
)
VOTE_SOURCE = "NĐ 98/2023/NĐ-CP, Điều 30 (đã hết hiệu lực; chưa đối chiếu NĐ 152/2025/NĐ-CP)"


def award(
    name,
    *,
    recipients="both",
    rounds=(YEARLY, INTERIM, FINAL),
    rounds_source="",
    authority="",
    decided_by=DecidingAuthority.INFERRED,
    kind=AwardForm.Kind.AWARD,
    vote=Decimal(50),
    secret=False,
    vote_source="",
    quotas=None,
    title="",
    statistics="",
):
    return {
        "name": name,
        "statistics_group": statistics,
        "kind": kind,
        "title": title,
        "recipients": recipients,
        **{field: round_kind in rounds for round_kind, field in AwardForm.ROUND_FIELDS.items()},
        "rounds_source": rounds_source,
        "authority": authority,
        "decided_by": decided_by,
        "vote_threshold": vote,
        "secret_ballot": secret,
        "vote_source": vote_source or (VOTE_SOURCE if secret else ""),
        "quotas": quotas or {},
    }


def titles(province_title: str, source: str) -> list[dict]:
    """The emulation titles a proposal may carry, with the council vote they need."""
    return [
        award(
            "Chiến sĩ thi đua cơ sở",
            recipients="individual",
            rounds=(YEARLY,),
            rounds_source=source,
            kind=AwardForm.Kind.TITLE,
            title=EmulationTitle.BASE_FIGHTER,
            vote=Decimal(80),
            secret=True,
            authority="Thủ trưởng cơ quan, đơn vị",
        ),
        award(
            province_title,
            recipients="individual",
            rounds=(YEARLY,),
            rounds_source=source,
            kind=AwardForm.Kind.TITLE,
            title=EmulationTitle.PROVINCE_FIGHTER,
            vote=Decimal(90),
            secret=True,
        ),
    ]


def qualitative(applies_to, text, group=0, **aim):
    return {
        "kind": Criterion.Kind.QUALITATIVE,
        "applies_to": applies_to,
        "description": text,
        "group": group,
        **aim,
    }


# Whom each plan names as its collectives and individuals.
# 1536/KH-SGDĐT Hải Phòng: "Tập thể: cơ quan Sở GDĐT, các cơ sở giáo dục; cá nhân: cán bộ,
# công chức, viên chức, người lao động".
HP_UNITS = {"unit_kinds": [UnitKind.DEPARTMENT, *SCHOOL_KINDS]}
HP_PEOPLE = {"person_kinds": [PersonKind.OFFICIAL, PersonKind.WORKER]}
# Tứ Kỳ 2025: "các cơ quan, đơn vị, doanh nghiệp và các thôn".
TK_UNITS = {
    "unit_kinds": [
        UnitKind.CENTRE,
        *SCHOOL_KINDS,
        UnitKind.COMMUNE_BODY,
        UnitKind.VILLAGE,
        UnitKind.ENTERPRISE,
    ]
}
# 4400/KH-SGDĐT Hà Nội: "các phòng, đơn vị trực thuộc Sở GDĐT, các cơ sở giáo dục"; "công
# chức, viên chức, nhân viên, người lao động, học sinh, học viên".
HN_UNITS = {
    "unit_kinds": [
        UnitKind.DEPARTMENT_OFFICE,
        UnitKind.SECTION,
        UnitKind.AFFILIATE,
        UnitKind.CENTRE,
        *SCHOOL_KINDS,
    ]
}
HN_PEOPLE = {"person_kinds": [PersonKind.OFFICIAL, PersonKind.WORKER, PersonKind.LEARNER]}
# Hưng Yên 2024: "cán bộ, công chức, viên chức, người lao động … doanh nghiệp và nhân dân lao
# động".
HY_PEOPLE = {"person_kinds": [PersonKind.OFFICIAL, PersonKind.WORKER, PersonKind.CITIZEN]}


def year_phase(kind, title, start, end, **conference):
    return {"kind": kind, "title": title, "start_date": start, "end_date": end, **conference}


PLANS = [
    {
        "issuer": "HP-SGD",
        "office": "HP-VP",
        "values": {
            "title": "Phát động phong trào thi đua “Nghiên cứu khoa học và phát triển công nghệ, "
            "phát huy sáng kiến” ngành Giáo dục và Đào tạo Hải Phòng năm 2024 và giai đoạn "
            "2025-2030",
            "document_number": "1536/KH-SGDĐT",
            # Its recognised initiatives are listed on the public page.
            "public": True,
            "report_to": "Ủy ban nhân dân thành phố Hải Phòng",
            "document_date": D(2024, 12, 2),
            "basis_text": "Kế hoạch số 206/KH-UBND ngày 27/8/2024 của Ủy ban nhân dân thành phố "
            "Hải Phòng phát động phong trào thi đua “Nghiên cứu khoa học và phát triển công "
            "nghệ, phát huy sáng kiến, cải tiến kỹ thuật” trên địa bàn thành phố Hải Phòng năm "
            "2024 và giai đoạn 2025-2030",
            "summary": "Tiếp tục đổi mới, nâng cao nhận thức, chất lượng phong trào thi đua "
            "nghiên cứu khoa học và phát triển công nghệ, phát huy sáng kiến, cải tiến kỹ thuật "
            "một cách sâu rộng trong toàn ngành GDĐT; phát hiện, bồi dưỡng, tổng kết, nhân rộng "
            "các sáng kiến; kịp thời biểu dương, khen thưởng các tập thể, cá nhân có thành tích "
            "tiêu biểu, xuất sắc. Tập thể: cơ quan Sở GDĐT, các cơ sở giáo dục trên địa bàn "
            "thành phố; cá nhân: cán bộ, công chức, viên chức, người lao động thuộc các tập thể "
            "trên.",
            "kind": Campaign.Kind.THEMATIC,
            "launch_level": LaunchLevel.AGENCY,
            "scope": CampaignScope.SECTOR_LOCALITY,
            "start_year": 2024,
            "end_year": 2030,
        },
        "themes": [
            "Tiếp tục triển khai, đẩy mạnh các hoạt động quản lý nhà nước về nghiên cứu khoa "
            "học, công nghệ và đổi mới sáng tạo, phát triển tài sản trí tuệ",
            "Tiếp tục đổi mới, nâng cao chất lượng phong trào thi đua nghiên cứu khoa học và "
            "công nghệ, phát huy sáng kiến một cách sâu rộng trong toàn ngành GDĐT",
        ],
        "phases": [
            year_phase(
                Phase.Kind.LAUNCH,
                "Năm 2024: ban hành và triển khai kế hoạch phát động phong trào thi đua tại đơn vị",
                D(2024, 12, 2),
                D(2027, 5, 17),
            ),
            year_phase(
                Phase.Kind.INTERIM,
                "Năm 2027: sơ kết vào Ngày Khoa học và Công nghệ Việt Nam 18/5",
                D(2027, 5, 18),
                D(2029, 12, 31),
                conference_date=D(2027, 5, 18),
                conference_venue="Sở Giáo dục và Đào tạo Hải Phòng",
            ),
            year_phase(
                Phase.Kind.FINAL,
                "Năm 2030: tổng kết phong trào thi đua",
                D(2030, 1, 1),
                D(2030, 12, 31),
            ),
        ],
        "award_forms": [
            award(
                "Khen thưởng hằng năm theo thẩm quyền của cơ quan, đơn vị",
                rounds=(YEARLY,),
                rounds_source="KH 1536/KH-SGDĐT, mục IV.1 (khen thưởng hằng năm)",
                authority="Thủ trưởng cơ quan, đơn vị",
            ),
            award(
                "Huân chương Lao động",
                statistics=StatisticsGroup.ORDER,
                rounds=(FINAL,),
                rounds_source="KH 1536/KH-SGDĐT, mục IV.2 (khi tổng kết phong trào)",
                authority="Chủ tịch nước",
            ),
            award(
                "Bằng khen của Thủ tướng Chính phủ",
                statistics=StatisticsGroup.PRIME_MINISTER_CERTIFICATE,
                rounds=(INTERIM,),
                rounds_source="KH 1536/KH-SGDĐT, mục IV.2 (khi sơ kết phong trào)",
                authority="Thủ tướng Chính phủ",
            ),
            award(
                "Bằng khen của Chủ tịch UBND thành phố",
                statistics=StatisticsGroup.PROVINCE_CERTIFICATE,
                rounds=(INTERIM, FINAL),
                rounds_source="KH 1536/KH-SGDĐT, mục IV.2 (khi sơ kết 03 năm và tổng kết)",
                authority="Chủ tịch Ủy ban nhân dân thành phố Hải Phòng",
            ),
            *titles(
                "Chiến sĩ thi đua thành phố",
                "Luật Thi đua, khen thưởng 2022: danh hiệu xét hằng năm",
            ),
        ],
        "criteria": [
            qualitative(
                "collective",
                "Chấp hành tốt chủ trương của Đảng, chính sách, pháp luật "
                "của Nhà nước, nội bộ đoàn kết; chủ động xây dựng kế hoạch, chương trình "
                "triển khai thực hiện phong trào thi đua tại cơ quan, đơn vị",
                **HP_UNITS,
            ),
            {
                "kind": Criterion.Kind.INITIATIVE_RATIO,
                "applies_to": "collective",
                "percent": Decimal(10),
                "level": Level.BASE,
                # Each unit's own initiatives against its own staff; the first month of the
                # plan (12/2024) must reach 10 % too.
                "ratio_scope": RatioScope.OWN,
                "partial_year": PartialYear.WHOLE,
                **HP_UNITS,
                "description": "Số lượng sáng kiến cơ sở được công nhận hằng năm: tối thiểu "
                "10%/tổng số cán bộ, công chức, viên chức, người lao động trong các cơ quan, "
                "đơn vị",
            },
            {
                "kind": Criterion.Kind.AGENCY_INITIATIVES,
                "applies_to": "collective",
                "count": 1,
                "level": Level.PROVINCE,
                "agency_only": True,
                "partial_year": PartialYear.WHOLE,
                "description": "Sáng kiến cấp thành phố: cơ quan Sở GDĐT hằng năm có ít nhất 01 "
                "sáng kiến được Chủ tịch Ủy ban nhân dân thành phố công nhận",
            },
            {
                "kind": Criterion.Kind.COLLECTIVE_RESEARCH,
                "applies_to": "collective",
                "level": Level.PROVINCE,
                "min_rating": Rating.PASSED,
                **HP_UNITS,
                "description": "Trong thời gian thực hiện phong trào thi đua, tập thể có nhiệm vụ "
                "nghiên cứu khoa học và công nghệ được Hội đồng đánh giá, nghiệm thu cấp thành phố "
                "xếp loại từ loại đạt trở lên",
            },
            {
                "kind": Criterion.Kind.INDIVIDUAL_INITIATIVES,
                "applies_to": "individual",
                "count": 2,
                "group": 1,
                **HP_PEOPLE,
                "description": "Có nhiều sáng kiến (giải pháp kỹ thuật, quản lý, tác nghiệp hoặc "
                "ứng dụng tiến bộ kỹ thuật) đã được công nhận, mang lại lợi ích thiết thực cho cơ "
                "quan, đơn vị",
            },
            {
                "kind": Criterion.Kind.INDIVIDUAL_RESEARCH,
                "applies_to": "individual",
                "percent": Decimal(40),
                "level": Level.PROVINCE,
                "min_rating": Rating.PASSED,
                "group": 1,
                **HP_PEOPLE,
                "description": "Chủ trì, tham gia nhiệm vụ nghiên cứu khoa học và công nghệ cấp "
                "thành phố có mức đóng góp từ 40% trở lên, được nghiệm thu xếp loại từ loại đạt "
                "trở lên",
            },
            qualitative(
                "individual",
                "Trực tiếp có nhiều thành tích đóng góp trong các hoạt "
                "động tuyên truyền, kết nối, liên kết, hợp tác và hội nhập về nghiên cứu, "
                "ứng dụng, chuyển giao kết quả nghiên cứu khoa học công nghệ và đổi mới "
                "sáng tạo, hỗ trợ phát triển tài sản trí tuệ",
                **HP_PEOPLE,
            ),
        ],
        "rubric": RUBRIC,
    },
    {
        "issuer": "TK-UBND",
        "office": "TK-VHXH",
        "values": {
            "title": "Phát động phong trào thi đua “Hải Phòng thi đua đột phá phát triển khoa "
            "học, công nghệ, đổi mới sáng tạo và chuyển đổi số, góp phần đưa đất nước vươn mình "
            "bước vào kỷ nguyên giàu mạnh và thịnh vượng” giai đoạn 2025-2030 trên địa bàn xã "
            "Tứ Kỳ",
            "document_number": "/KH-UBND",
            "report_to": "Ủy ban nhân dân thành phố Hải Phòng",
            "document_date": None,
            "basis_text": "Kế hoạch số 150/KH-UBND ngày 16/6/2025 của Ủy ban nhân dân thành phố "
            "Hải Phòng",
            "summary": "Phát huy sức mạnh của cả hệ thống chính trị và toàn xã hội trong tuyên "
            "truyền, nâng cao nhận thức về chuyển đổi số trên địa bàn xã; các cơ quan, đơn vị, "
            "doanh nghiệp và các thôn triển khai phong trào; định kỳ hằng năm gửi báo cáo kết "
            "quả về UBND xã (qua Phòng Văn hóa - Xã hội) trước ngày 15/12.",
            "kind": Campaign.Kind.THEMATIC,
            "launch_level": LaunchLevel.AGENCY,
            "scope": CampaignScope.SECTOR_LOCALITY,
            "start_year": 2025,
            "end_year": 2030,
        },
        "themes": [
            "Thi đua nâng cao nhận thức, đột phá về đổi mới tư duy, quyết tâm chính trị mạnh mẽ "
            "về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
            "Phát động phong trào học tập trên các nền tảng số để trở thành phong trào “học tập "
            "số”, phổ cập kiến thức, kỹ năng số trong cán bộ, công chức và nhân dân",
            "Thi đua hoàn thiện cơ chế, chính sách; xóa bỏ mọi rào cản đang cản trở sự phát triển",
            "Tăng cường đầu tư, hoàn thiện hạ tầng; xây dựng, khai thác hiệu quả các cơ sở dữ "
            "liệu phục vụ phát triển kinh tế - xã hội của xã",
            "Thi đua phát triển hạ tầng số, Chính phủ số, ứng dụng số trong cải cách hành chính",
            "Thi đua phát triển xã hội số: đào tạo, tập huấn, nâng cao kiến thức, kỹ năng số",
            "Thi đua phát triển kinh tế số, phát triển doanh nghiệp công nghệ số, thúc đẩy chuyển "
            "đổi số trong doanh nghiệp",
        ],
        "phases": [
            year_phase(
                Phase.Kind.LAUNCH,
                "Năm 2025: ban hành kế hoạch phát động, triển khai phong trào thi đua",
                D(2025, 1, 1),
                D(2026, 12, 31),
            ),
            year_phase(
                Phase.Kind.INTERIM,
                "Năm 2027: sơ kết phong trào thi đua",
                D(2027, 1, 1),
                D(2029, 12, 31),
            ),
            year_phase(
                Phase.Kind.FINAL,
                "Năm 2030: tổng kết phong trào thi đua",
                D(2030, 1, 1),
                D(2030, 12, 31),
            ),
        ],
        "award_forms": [
            award(
                "Bằng khen của Chủ tịch UBND thành phố",
                statistics=StatisticsGroup.PROVINCE_CERTIFICATE,
                rounds=(INTERIM, FINAL),
                rounds_source="KH phát động của UBND xã Tứ Kỳ 2025, mục III.1 (khi sơ kết, "
                "tổng kết phong trào)",
                authority="Chủ tịch Ủy ban nhân dân thành phố Hải Phòng",
                decided_by=DecidingAuthority.PROVINCE_CHAIR,
            ),
            award(
                "Giấy khen của Chủ tịch UBND xã",
                rounds=(YEARLY, INTERIM, FINAL),
                rounds_source="KH phát động của UBND xã Tứ Kỳ 2025, mục III.2 (phát hiện, biểu "
                "dương, khen thưởng các điển hình tiên tiến)",
                authority="Chủ tịch Ủy ban nhân dân xã Tứ Kỳ",
                decided_by=DecidingAuthority.COMMUNE_CHAIR,
            ),
        ],
        "criteria": [
            qualitative(
                "collective",
                "Có thành tích tiêu biểu, xuất sắc trong triển khai thực "
                "hiện chương trình chuyển đổi số của xã",
                **TK_UNITS,
            ),
            qualitative(
                "individual",
                "Có thành tích tiêu biểu, xuất sắc trong triển khai thực "
                "hiện chương trình chuyển đổi số của xã",
            ),
        ],
        "rubric": RUBRIC,
    },
    {
        "issuer": "HN-SGD",
        "office": "HN-VP",
        "values": {
            "title": "Triển khai Phong trào thi đua “Cả nước thi đua đổi mới sáng tạo và chuyển "
            "đổi số” và Phong trào “Bình dân học vụ số” của ngành Giáo dục",
            "document_number": "4400/KH-SGDĐT",
            "report_to": "Ủy ban nhân dân thành phố Hà Nội",
            "document_date": D(2025, 10, 27),
            "basis_text": "Kế hoạch số 190/KH-UBND ngày 18/7/2025 của UBND thành phố Hà Nội; Kế "
            "hoạch số 953/KH-BGDĐT ngày 10/7/2025 của Bộ Giáo dục và Đào tạo",
            "summary": "Tập thể: các phòng, đơn vị trực thuộc Sở GDĐT, các cơ sở giáo dục thuộc "
            "xã, phường. Cá nhân: công chức, viên chức, nhân viên, người lao động, học sinh, học "
            "viên. Các đơn vị báo cáo trước ngày 15/12 hằng năm về Bộ phận Công nghệ thông tin, "
            "Văn phòng Sở; bộ chỉ số đánh giá mức độ chuyển đổi số làm căn cứ bình xét khen "
            "thưởng.",
            "kind": Campaign.Kind.THEMATIC,
            "launch_level": LaunchLevel.AGENCY,
            "scope": CampaignScope.SECTOR_LOCALITY,
            "start_year": 2025,
            "end_year": 2030,
        },
        "themes": [
            "Thi đua nâng cao nhận thức, đột phá về đổi mới tư duy, chuyển đổi số, phát triển "
            "khoa học công nghệ, đổi mới sáng tạo",
            "Thi đua nâng cấp, hoàn thiện hạ tầng cho phát triển khoa học, công nghệ, đổi mới "
            "sáng tạo, chuyển đổi số",
            "Thi đua ứng dụng trí tuệ nhân tạo (AI) trong ngành Giáo dục; triển khai sâu rộng "
            "Phong trào “Bình dân học vụ số”",
            "Thi đua đẩy mạnh chuyển đổi số trong hoạt động của các cơ quan quản lý giáo dục và "
            "cơ sở giáo dục",
            "Thi đua đẩy nhanh chuyển đổi số trong GDĐT, phát triển các mô hình giáo dục mới",
            "Thi đua phát huy năng lực học tập và nghiên cứu khoa học của học sinh, sinh viên",
            "Thi đua bảo đảm an toàn, an ninh mạng, chủ quyền quốc gia trên không gian mạng",
        ],
        "phases": [
            year_phase(
                Phase.Kind.LAUNCH,
                "Giai đoạn 1 (2025-2027): ban hành kế hoạch và tổ chức triển khai",
                D(2025, 10, 27),
                D(2027, 11, 30),
            ),
            year_phase(
                Phase.Kind.INTERIM,
                "Sơ kết giai đoạn 1 (cuối năm 2027) và giai đoạn 2 (2027-2030)",
                D(2027, 12, 1),
                D(2030, 11, 30),
            ),
            year_phase(
                Phase.Kind.FINAL, "Tổng kết (cuối năm 2030)", D(2030, 12, 1), D(2030, 12, 31)
            ),
        ],
        "award_forms": [
            award(
                "Huân chương Lao động",
                statistics=StatisticsGroup.ORDER,
                rounds=(INTERIM, FINAL),
                rounds_source=HN_HIGHER,
                authority="Chủ tịch nước",
            ),
            award(
                "Cờ thi đua của Chính phủ",
                statistics=StatisticsGroup.GOVERNMENT_FLAG,
                rounds=(INTERIM, FINAL),
                rounds_source=HN_HIGHER,
                recipients="collective",
                authority="Thủ tướng Chính phủ",
                vote=Decimal(80),
                secret=True,
            ),
            award(
                "Bằng khen của Thủ tướng Chính phủ",
                statistics=StatisticsGroup.PRIME_MINISTER_CERTIFICATE,
                rounds=(INTERIM, FINAL),
                rounds_source=HN_HIGHER,
                authority="Thủ tướng Chính phủ",
            ),
            award(
                "Bằng khen của Chủ tịch UBND Thành phố",
                statistics=StatisticsGroup.PROVINCE_CERTIFICATE,
                rounds=(INTERIM, FINAL),
                rounds_source=HN_HIGHER,
                authority="Chủ tịch Ủy ban nhân dân thành phố Hà Nội",
            ),
            award(
                "Cờ thi đua UBND Thành phố",
                statistics=StatisticsGroup.PROVINCE_FLAG,
                rounds=(INTERIM, FINAL),
                rounds_source=HN_HIGHER,
                recipients="collective",
                title=EmulationTitle.PROVINCE_FLAG,
                authority="Ủy ban nhân dân thành phố Hà Nội",
                vote=Decimal(80),
                secret=True,
            ),
            award(
                "Giấy khen của Giám đốc Sở GDĐT",
                rounds_source="KH 4400/KH-SGDĐT, mục 2.2 (khen thưởng hằng năm, sơ kết, tổng kết)",
                authority="Giám đốc Sở Giáo dục và Đào tạo",
            ),
            *titles(
                "Chiến sĩ thi đua thành phố",
                "Luật Thi đua, khen thưởng 2022: danh hiệu xét hằng năm",
            ),
        ],
        "criteria": [
            qualitative(
                "collective",
                "Nội bộ đoàn kết, gương mẫu, chấp hành chủ trương của "
                "Đảng, chính sách, pháp luật của Nhà nước",
                **HN_UNITS,
            ),
            qualitative(
                "collective",
                "Hoàn thành có chất lượng, đạt, vượt các mục tiêu, nhiệm "
                "vụ được giao tại Nghị quyết số 57-NQ/TW, Nghị quyết số 03/NQ-CP, Kế "
                "hoạch số 139/KH-UBND và Kế hoạch số 138/KH-UBND",
                **HN_UNITS,
            ),
            qualitative(
                "collective",
                "Có nhiều sáng kiến, giải pháp, mô hình chuyển đổi số "
                "tiêu biểu, hiệu quả được ứng dụng rộng rãi trong toàn Thành phố; bảo "
                "đảm an ninh dữ liệu, an toàn thông tin",
                **HN_UNITS,
            ),
            qualitative(
                "individual",
                "Hoàn thành tốt nhiệm vụ được giao, có phẩm chất đạo đức "
                "tốt, đoàn kết, gương mẫu chấp hành chủ trương, chính sách, pháp luật",
                **HN_PEOPLE,
            ),
            qualitative(
                "individual",
                "Có sáng kiến, giải pháp sáng tạo thúc đẩy phát triển khoa "
                "học, công nghệ, đổi mới sáng tạo, chuyển đổi số",
                **HN_PEOPLE,
            ),
            {
                "kind": Criterion.Kind.DIGITAL_SKILLS,
                "applies_to": "individual",
                **HN_PEOPLE,
                "description": "Được đánh giá, xác nhận hoàn thành phổ cập kiến thức, kỹ năng số "
                "cơ bản theo Quyết định số 757/QĐ-BKHCN ngày 29/4/2025 của Bộ Khoa học và Công "
                "nghệ",
            },
        ],
        "rubric": RUBRIC,
    },
    {
        "issuer": "HY-SKHCN",
        "office": "HY-VP",
        "values": {
            "title": "Tổ chức Hội nghị Tổng kết các phong trào thi đua và Tuyên dương điển hình "
            "tiên tiến trong lĩnh vực khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
            "document_number": "29/KH-SKHCN",
            "report_to": "Ủy ban nhân dân tỉnh Hưng Yên",
            "document_date": D(2025, 3, 1),
            "basis_text": "Kế hoạch số 142/KH-UBND ngày 13/9/2024 của UBND tỉnh Hưng Yên về việc "
            "tổ chức Đại hội thi đua yêu nước các cấp, các ngành tiến tới Đại hội Thi đua yêu "
            "nước tỉnh Hưng Yên lần thứ X năm 2025",
            "summary": "Tổng kết, đánh giá kết quả các phong trào thi đua do UBND tỉnh giao Sở "
            "chủ trì; biểu dương, tôn vinh các tập thể, cá nhân là điển hình tiên tiến. Kế hoạch "
            "này thay thế Kế hoạch số 87/KH-SKHCN ngày 18/11/2024.",
            "kind": Campaign.Kind.REGULAR,
            "launch_level": LaunchLevel.AGENCY,
            "scope": CampaignScope.AGENCY,
            "start_year": 2025,
            "end_year": 2025,
        },
        "themes": [],
        "phases": [
            year_phase(
                Phase.Kind.FINAL,
                "Hội nghị tổng kết và tuyên dương điển hình tiên tiến (½ buổi, dự kiến quý "
                "II/2025)",
                D(2025, 4, 1),
                D(2025, 6, 30),
                conference_venue="Theo giấy mời (gửi sau)",
                conference_delegates=60,
                conference_programme="\n".join(
                    [
                        "Tuyên bố lý do, giới thiệu đại biểu và khai mạc Hội nghị;",
                        "Báo cáo tổng kết phong trào thi đua của UBND tỉnh giao Sở chủ trì và "
                        "phong trào thi đua chuyên đề được UBND tỉnh giao triển khai, thực hiện;",
                        "Báo cáo tham luận của các điển hình tiên tiến;",
                        "Biểu dương, tôn vinh và khen thưởng các điển hình tiên tiến;",
                        "Phát động phong trào thi đua giai đoạn 2025-2030;",
                        "Giới thiệu đại biểu dự Đại hội Thi đua yêu nước tỉnh Hưng Yên lần thứ X "
                        "năm 2025;",
                        "Tổng kết, bế mạc Hội nghị.",
                    ]
                ),
            ),
        ],
        "award_forms": [
            award(
                "Giấy khen của Giám đốc Sở",
                rounds=(FINAL,),
                rounds_source="KH 29/KH-SKHCN, mục II.3 (Hội nghị tổng kết các phong trào)",
                authority="Giám đốc Sở Khoa học và Công nghệ",
                quotas={COLLECTIVE: (5, 10), INDIVIDUAL: (5, 10)},
            ),
            award(
                "Bằng khen của Chủ tịch UBND tỉnh",
                statistics=StatisticsGroup.PROVINCE_CERTIFICATE,
                rounds=(FINAL,),
                rounds_source="KH 29/KH-SKHCN, mục II.3 (Hội nghị tổng kết các phong trào)",
                authority="Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên",
                quotas={COLLECTIVE: (5, 10), INDIVIDUAL: (5, 10)},
            ),
        ],
        "criteria": [
            qualitative(
                "collective",
                "Là điển hình tiên tiến, có thành tích tiêu biểu trong "
                "các phong trào thi đua do Sở KH&CN phát động",
            ),
            qualitative(
                "individual",
                "Là điển hình tiên tiến, có thành tích tiêu biểu trong "
                "các phong trào thi đua do Sở KH&CN phát động",
            ),
        ],
        "rubric": [],
    },
    {
        "issuer": "HY-SKHCN",
        "office": "HY-VP",
        "values": {
            "title": "Phát động phong trào thi đua “Phát huy sáng kiến, cải tiến kỹ thuật, giải "
            "pháp hữu ích góp phần thực hiện thắng lợi các nhiệm vụ phát triển kinh tế - xã hội "
            "tỉnh Hưng Yên” năm 2024",
            "document_number": "/KH-SKHCN",
            "report_to": "Ủy ban nhân dân tỉnh Hưng Yên",
            "document_date": None,
            "basis_text": "Kế hoạch số 44/KH-UBND ngày 06/3/2024 của Ủy ban nhân dân tỉnh Hưng "
            "Yên về việc tổ chức phát động các phong trào thi đua chuyên đề năm 2024",
            "summary": "Phạm vi: trên địa bàn tỉnh Hưng Yên. Đối tượng: tập thể, cá nhân là cán "
            "bộ, công chức, viên chức, người lao động tại các cơ quan, đơn vị, doanh nghiệp và "
            "nhân dân lao động trên địa bàn tỉnh. Thời gian thi đua: năm 2024.",
            "kind": Campaign.Kind.THEMATIC,
            "launch_level": LaunchLevel.AGENCY,
            "scope": CampaignScope.SECTOR_LOCALITY,
            "start_year": 2024,
            "end_year": 2024,
        },
        "themes": [
            "Cụ thể hóa các chủ trương, đường lối, cơ chế, chính sách của Đảng, Nhà nước được "
            "cấp có thẩm quyền quyết định, ban hành và đưa vào áp dụng trong thực tiễn tại tỉnh "
            "Hưng Yên",
            "Sáng kiến, cải tiến kỹ thuật, giải pháp hữu ích, ứng dụng KH&CN phục vụ công tác "
            "cải cách hành chính nhà nước",
            "Sáng kiến, cải tiến kỹ thuật, giải pháp hữu ích nhằm ứng dụng tiến bộ KH&CN vào "
            "thực hiện công tác chuyên môn của ngành, doanh nghiệp, cơ sở sản xuất, cơ quan, đơn "
            "vị, địa phương",
            "Sáng kiến, cải tiến kỹ thuật, giải pháp hữu ích khác phù hợp với mục đích của phong "
            "trào thi đua",
        ],
        "phases": [
            year_phase(Phase.Kind.LAUNCH, "Năm 2024", D(2024, 1, 1), D(2024, 12, 31)),
        ],
        "award_forms": [
            award(
                "Bằng khen của Chủ tịch UBND tỉnh",
                statistics=StatisticsGroup.PROVINCE_CERTIFICATE,
                rounds=(YEARLY,),
                rounds_source="KH năm 2024 của Sở KH&CN Hưng Yên, mục IV.2 (năm 2024)",
                authority="Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên",
                quotas={COMBINED: (None, 10)},
            ),
            award(
                "Giấy khen của Giám đốc Sở KH&CN",
                rounds=(YEARLY,),
                rounds_source="KH năm 2024 của Sở KH&CN Hưng Yên, mục IV.2 (năm 2024)",
                authority="Giám đốc Sở Khoa học và Công nghệ",
                quotas={COLLECTIVE: (None, 5), INDIVIDUAL: (None, 10)},
            ),
        ],
        "criteria": [
            qualitative(
                "collective",
                "Có sáng kiến, cải tiến kỹ thuật, giải pháp hữu ích, "
                "phương pháp quản lý, mô hình quản lý, ứng dụng khoa học kỹ thuật, công "
                "nghệ cao; đưa nhanh khoa học, công nghệ vào sản xuất và đời sống",
            ),
            qualitative(
                "individual",
                "Có thành tích xuất sắc trong tham mưu cơ chế chính sách "
                "ứng dụng KH&CN; là chủ sở hữu, đồng sở hữu hoặc tham gia tạo ra sáng "
                "kiến, cải tiến kỹ thuật, giải pháp hữu ích mang lại hiệu quả",
                **HY_PEOPLE,
            ),
        ],
        "rubric": RUBRIC,
    },
]


def _units(codes) -> dict:
    return {u.code: u for u in Unit.objects.filter(code__in=codes)}


def seed(stdout) -> None:
    codes = {p["issuer"] for p in PLANS} | {p["office"] for p in PLANS}
    units = _units(codes)
    missing = sorted(codes - set(units))
    if missing:
        stdout.write(
            "campaigns: units missing, their plans are skipped (run the units demo first): "
            + ", ".join(missing)
        )
    created = 0
    for plan in PLANS:
        issuer, office = units.get(plan["issuer"]), units.get(plan["office"])
        if issuer is None or office is None:
            continue
        values = {
            **plan["values"],
            "issuing_unit": issuer,
            "managing_unit": office,
            "recognition_threshold": THRESHOLD if plan["rubric"] else Decimal(50),
        }
        if Campaign.objects.filter(issuing_unit=issuer, title=values["title"]).exists():
            continue
        campaign_create(
            plan=CampaignPlan(
                values=values,
                participants=[issuer],
                themes=[{"title": t} for t in plan["themes"]],
                phases=[dict(p) for p in plan["phases"]],
                award_forms=[dict(a) for a in plan["award_forms"]],
                criteria=[{"level": "", "min_rating": "", **c} for c in plan["criteria"]],
                rubric=[dict(r) for r in plan["rubric"]],
            ),
            by=None,
        )
        created += 1
    delegates = _conference_delegates()
    stdout.write(
        f"campaigns: {created} created, {Campaign.objects.count()} in all, "
        f"{delegates} conference delegates invited"
    )


# Hưng Yên 29/KH-SKHCN, mục II.2: the Sở's leaders, its sections and units, each sending their
# head and the typical examples to be honoured; (unit code, how many of its people).
CONFERENCE_UNITS = [
    ("HY-SKHCN", 2),
    ("HY-VP", 1),
    ("HY-QLKH", 2),
    ("HY-QLCN", 2),
    ("HY-CDS", 2),
    ("HY-CCTDC", 2),
    ("HY-TTUD", 2),
    ("HY-TTTT", 1),
]


def _conference_delegates() -> int:
    """The delegates of the 29/KH-SKHCN conference, most confirmed; left alone once invited."""
    from campaigns.conference import delegate_add, delegate_confirm
    from units.models import Person, User

    phase = Phase.objects.filter(
        campaign__document_number="29/KH-SKHCN", kind=Phase.Kind.FINAL
    ).first()
    office = User.objects.filter(username="hyvanphong").first()
    if phase is None or office is None or phase.delegates.exists():
        return 0
    added = 0
    for code, count in CONFERENCE_UNITS:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            continue
        for person in Person.objects.filter(unit=unit).order_by("date_of_birth", "id")[:count]:
            delegate = delegate_add(
                phase=phase,
                unit=unit,
                full_name=person.full_name,
                position=person.position,
                by=office,
            )
            added += 1
            if added % 4:
                delegate_confirm(delegate=delegate, by=office)
    return added
