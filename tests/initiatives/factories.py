import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from initiatives.models import Field, Initiative, InitiativeAuthor, Recognition
from tests.factories import CampaignFactory, UnitFactory


class InitiativeFactory(DjangoModelFactory):
    class Meta:
        model = Initiative

    campaign = factory.SubFactory(CampaignFactory)
    unit = factory.SubFactory(UnitFactory)
    year = 2025
    school_year = "2024-2025"
    title = factory.Sequence(lambda n: f"Sáng kiến số {n}: ứng dụng bảng tính trong quản lý điểm")
    field = Field.MANAGEMENT
    first_applied_on = datetime.date(2024, 9, 5)
    problem = "Nhập điểm thủ công mất nhiều thời gian."
    essence = factory.Sequence(
        lambda n: f"Giải pháp {n}: tự động hóa tổng hợp điểm bằng bảng tính."
    )
    novelty = "Lần đầu áp dụng tại trường."
    applicability = "Áp dụng cho mọi tổ chuyên môn."
    conditions = "Máy tính có cài bảng tính."
    benefits_authors = "Tiết kiệm 30 giờ mỗi học kỳ."
    benefits_appliers = "Giáo viên đánh giá cao."
    first_appliers = "Tổ Toán – Tin."


class AuthorFactory(DjangoModelFactory):
    class Meta:
        model = InitiativeAuthor

    initiative = factory.SubFactory(InitiativeFactory)
    full_name = "Nguyễn Thị Hương"
    date_of_birth = datetime.date(1986, 3, 14)
    workplace = "Trường THPT An Lão"
    position = "Giáo viên"
    qualification = "Thạc sĩ"
    contribution = Decimal(100)


class RecognitionFactory(DjangoModelFactory):
    class Meta:
        model = Recognition

    initiative = factory.SubFactory(InitiativeFactory)
    level = "base"
    decision_number = factory.Sequence(lambda n: f"{n + 10}/QĐ-SGDĐT")
    decision_date = datetime.date(2025, 6, 1)
    issuer = "Sở Giáo dục và Đào tạo"
