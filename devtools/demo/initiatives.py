"""Demo initiatives for the Hải Phòng plan (Kế hoạch 1536/KH-SGDĐT), in various states."""

import datetime
from decimal import Decimal

from django.db import transaction

from campaigns.models import Campaign
from initiatives import services
from initiatives.models import CouncilMember, Field, Initiative, InitiativeAuthor
from units.models import Person, Unit, User

CAMPAIGN = "1536/KH-SGDĐT"
D = datetime.date

COMMON = {
    "problem": "Công việc thực hiện thủ công, mất nhiều thời gian và dễ sai sót.",
    "novelty": "Lần đầu được áp dụng tại đơn vị; quy trình được chuẩn hóa và số hóa.",
    "applicability": "Có thể áp dụng tại các cơ sở giáo dục trong toàn thành phố.",
    "conditions": "Máy tính kết nối Internet; cán bộ được tập huấn 2 buổi.",
    "benefits_authors": "Tiết kiệm khoảng 40 giờ công mỗi học kỳ, giảm sai sót.",
    "benefits_appliers": "Giáo viên và học sinh đánh giá thuận tiện, dễ sử dụng.",
    "first_appliers": "Tổ chuyên môn và bộ phận văn phòng nhà trường.",
}

# (unit code, title, essence, field, target state, authors [(name, %)])
INITIATIVES = [
    (
        "HP-THPT-TRANPHU",
        "Ứng dụng Google Sheets trong quản lý điểm và theo dõi tiến bộ học sinh",
        "Xây dựng bộ bảng tính trực tuyến tự động tổng hợp điểm, cảnh báo học sinh sa sút.",
        Field.MANAGEMENT,
        "recognised",
        [("Nguyễn Thị Thu Hà", 60), ("Trần Minh Đức", 40)],
    ),
    (
        "HP-THPT-TRANPHU",
        "Thiết kế bài giảng STEM “Năng lượng mặt trời” cho học sinh lớp 11",
        "Chuỗi hoạt động STEM chế tạo bộ sạc năng lượng mặt trời mini từ vật liệu tái chế.",
        Field.TECHNICAL,
        "recognised",
        [("Phạm Văn Khoa", 100)],
    ),
    (
        "HP-THPT-LEQUYDON",
        "Số hóa thư viện trường học và tra cứu sách bằng mã QR",
        "Số hóa danh mục sách, dán mã QR, học sinh mượn trả qua điện thoại.",
        Field.TECH_APPLICATION,
        "in_council",
        [("Lê Thị Lan", 70), ("Đỗ Văn Nam", 30)],
    ),
    (
        "HP-THPT-LEQUYDON",
        "Quy trình tiếp nhận và xử lý hồ sơ chuyển trường trực tuyến",
        "Biểu mẫu trực tuyến và quy trình phê duyệt điện tử cho hồ sơ chuyển trường.",
        Field.OPERATIONAL,
        "submitted",
        [("Vũ Thị Hằng", 100)],
    ),
    (
        "HP-THPT-TRANPHU",
        "Xây dựng ngân hàng câu hỏi trắc nghiệm môn Tin học trên nền tảng trực tuyến",
        "Ngân hàng 1.200 câu hỏi gắn mức độ nhận thức, tự động tạo đề kiểm tra.",
        Field.TECHNICAL,
        "returned",
        [("Trần Minh Đức", 100)],
    ),
    (
        "HP-THPT-LEQUYDON",
        "Tổ chức câu lạc bộ rô-bốt cho học sinh trung học phổ thông",
        "Mô hình câu lạc bộ rô-bốt sinh hoạt hằng tuần, thi đấu cấp thành phố.",
        Field.MANAGEMENT,
        "draft",
        [("Đỗ Văn Nam", 100)],
    ),
]


def _user(username):
    return User.objects.filter(username=username).first()


def seed(stdout) -> None:
    campaign = Campaign.objects.filter(document_number=CAMPAIGN).first()
    if campaign is None:
        stdout.write("initiatives: campaign 1536/KH-SGDĐT not found, skipped")
        return
    staff = {"HP-THPT-TRANPHU": _user("canbo"), "HP-THPT-LEQUYDON": _user("canbo2")}
    office = _user("vanphong")
    council = [u for u in (_user("hoidong1"), _user("hoidong2")) if u is not None]
    if office is None or not all(staff.values()):
        stdout.write("initiatives: demo accounts not found, skipped")
        return
    for member in council:
        CouncilMember.objects.get_or_create(campaign=campaign, user=member)
    rubric = list(campaign.rubric.all())
    made = 0
    for code, title, essence, field, target, authors in INITIATIVES:
        unit = Unit.objects.filter(code=code).first()
        if unit is None or Initiative.objects.filter(campaign=campaign, title=title).exists():
            continue
        with transaction.atomic():
            _make(
                campaign,
                unit,
                title,
                essence,
                field,
                target,
                authors,
                staff[code],
                office,
                council,
                rubric,
            )
        made += 1
    stdout.write(f"initiatives: {made} demo initiatives added")


def _make(campaign, unit, title, essence, field, target, authors, staff, office, council, rubric):
    initiative = Initiative.objects.create(
        campaign=campaign,
        unit=unit,
        title=title,
        essence=essence,
        field=field,
        year=2025,
        school_year="2024-2025",
        first_applied_on=D(2024, 9, 5),
        created_by=staff,
        **COMMON,
    )
    for order, (name, share) in enumerate(authors):
        person = Person.objects.filter(unit=unit, full_name=name).first()
        InitiativeAuthor.objects.create(
            initiative=initiative,
            person=person,
            full_name=name,
            date_of_birth=person.date_of_birth if person else D(1985, 4, 12),
            workplace=unit.name,
            position="Giáo viên",
            qualification="Thạc sĩ",
            contribution=Decimal(share),
            order=order,
        )
    services.initiative_refresh_search(initiative)
    if target == "draft":
        return
    services.initiative_submit(initiative=initiative, by=staff)
    if target == "submitted":
        return
    if target == "returned":
        services.initiative_return(
            initiative=initiative,
            by=office,
            reason="Đề nghị bổ sung số liệu minh chứng hiệu quả áp dụng và xác nhận của đơn vị.",
        )
        return
    eligible = [m for m in council if not services.rules.has_conflict(m, initiative)]
    services.initiative_send_to_council(
        initiative=initiative,
        by=office,
        similarity_note="Đã đối chiếu: giải pháp áp dụng ở đơn vị khác, nội dung không trùng.",
    )
    if eligible:
        services.council_assign(initiative=initiative, members=eligible, by=office)
    if rubric:
        for member in eligible:
            scores = {c.pk: (c.max_points * Decimal("0.8"), "") for c in rubric}
            services.initiative_score(initiative=initiative, by=member, scores=scores)
    if target == "recognised":
        services.initiative_recognise(
            initiative=initiative,
            by=office,
            decision_number="245/QĐ-SGDĐT",
            decision_date=D(2025, 6, 20),
            issuer="Sở Giáo dục và Đào tạo Hải Phòng",
            scope="Áp dụng hiệu quả trong phạm vi cơ sở giáo dục",
        )
