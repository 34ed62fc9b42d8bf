"""factory_boy factories shared by every test package."""

import datetime

import factory
from factory.django import DjangoModelFactory

from campaigns.models import (
    AwardForm,
    AwardQuota,
    Campaign,
    Criterion,
    Phase,
    RubricCriterion,
    Theme,
)
from units.models import Person, Role, RoleAssignment, Unit, UnitKind, User


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"Trường THCS Số {n}")
    kind = UnitKind.LOWER_SECONDARY
    headcount = 50


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Iterator(
        ["Nguyễn Văn An", "Trần Thị Bích", "Lê Hoàng Cường", "Phạm Thu Hà", "Đỗ Minh Đức"]
    )
    unit = factory.SubFactory(UnitFactory)
    date_of_birth = datetime.date(1985, 5, 20)
    position = "Giáo viên"
    email = factory.Sequence(lambda n: f"person{n}@example.vn")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    person = factory.SubFactory(PersonFactory, email=factory.SelfAttribute("..email"))
    password = factory.PostGenerationMethodCall("set_password", "matkhau-Demo-2025")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RoleAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.UNIT_STAFF
    unit = factory.SubFactory(UnitFactory)


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    title = factory.Sequence(lambda n: f"Phong trào thi đua đổi mới sáng tạo số {n}")
    issuing_unit = factory.SubFactory(UnitFactory, kind=UnitKind.DEPARTMENT)
    document_number = factory.Sequence(lambda n: f"{n + 100}/KH-SGDĐT")
    document_date = datetime.date(2024, 12, 2)
    start_year = 2024
    end_year = 2030


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Nội dung thi đua {n}")


class PhaseFactory(DjangoModelFactory):
    class Meta:
        model = Phase

    campaign = factory.SubFactory(CampaignFactory)
    kind = Phase.Kind.LAUNCH
    start_date = datetime.date(2024, 12, 2)


class AwardFormFactory(DjangoModelFactory):
    class Meta:
        model = AwardForm

    campaign = factory.SubFactory(CampaignFactory)
    name = "Giấy khen của Giám đốc Sở"


class AwardQuotaFactory(DjangoModelFactory):
    class Meta:
        model = AwardQuota

    award_form = factory.SubFactory(AwardFormFactory)
    applies_to = AwardQuota.AppliesTo.COMBINED
    maximum = 10


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = Criterion

    campaign = factory.SubFactory(CampaignFactory)
    kind = Criterion.Kind.QUALITATIVE
    applies_to = "collective"
    description = "Có nhiều thành tích trong công tác tuyên truyền"


class RubricCriterionFactory(DjangoModelFactory):
    class Meta:
        model = RubricCriterion

    campaign = factory.SubFactory(CampaignFactory)
    name = factory.Iterator(["Tính mới", "Khả năng áp dụng", "Hiệu quả"])
    max_points = 30
