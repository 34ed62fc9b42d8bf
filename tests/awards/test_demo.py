"""The awards demo: rounds of the Hải Phòng plan, loaded once, skipped when data is missing."""

import io

import pytest

from awards import demo
from awards.models import AwardProposal, AwardRound, EmulationRecord
from campaigns import demo as campaigns_demo
from tests.factories import PersonFactory, UnitFactory
from units.models import UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def hai_phong(db):
    root = UnitFactory(
        code="HP-SGD", name="Sở Giáo dục và Đào tạo Hải Phòng", kind=UnitKind.DEPARTMENT
    )
    UnitFactory(code="HP-VP", name="Văn phòng Sở", kind=UnitKind.DEPARTMENT_OFFICE, parent=root)
    for code, name in (
        ("HP-THPT-TRANPHU", "Trường THPT chuyên Trần Phú"),
        ("HP-THPT-LEQUYDON", "Trường THPT Lê Quý Đôn"),
    ):
        school = UnitFactory(code=code, name=name, kind=UnitKind.UPPER_SECONDARY, parent=root)
        for _ in range(3):
            PersonFactory(unit=school)
    campaigns_demo.seed(io.StringIO())


def test_seed_twice_loads_two_rounds_once(hai_phong):
    out = io.StringIO()
    demo.seed(out)
    demo.seed(out)

    assert "awards: 2 round(s) created, 2 in all, 8 proposals" in out.getvalue()
    assert "awards: 0 round(s) created, 2 in all, 8 proposals" in out.getvalue()
    finalised, current = AwardRound.objects.order_by("year")
    assert (finalised.year, finalised.status, finalised.decision_number) == (
        2024,
        "finalised",
        "45/QĐ-SGDĐT",
    )
    assert sorted(finalised.proposals.values_list("status", flat=True)) == ["decided", "decided"]
    assert sorted(current.proposals.values_list("status", flat=True)) == [
        "checked",
        "checked",
        "checked",
        "draft",
        "returned",
        "submitted",
    ]
    assert AwardProposal.objects.filter(status="checked").exclude(eligibility={}).count() == 3
    # The city emulation fighter's eligibility shows the three years of CSTĐ cơ sở it used.
    city = AwardProposal.objects.get(award_form__name="Chiến sĩ thi đua thành phố")
    assert [y["year"] for y in city.eligibility["title"]["years"]] == [2023, 2024, 2025]
    assert EmulationRecord.objects.count() == 9


def test_seed_without_the_campaign_is_skipped(db):
    out = io.StringIO()
    demo.seed(out)
    assert out.getvalue() == "awards: campaign 1536/KH-SGDĐT missing, skipped"
    assert AwardRound.objects.count() == 0
