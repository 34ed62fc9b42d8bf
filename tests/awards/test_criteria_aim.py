"""Criteria aimed at the right nominees, ratios of the right base, partial years and rounding
(Hải Phòng 1536/KH-SGDĐT: "tối thiểu 10 %/tổng số CBCCVC, NLĐ" of each unit; "cơ quan Sở …
ít nhất 01 sáng kiến cấp thành phố"; the plan starts on 02/12/2024)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from awards import eligibility
from campaigns.models import Criterion, Level, PartialYear, RatioScope
from tests.factories import CampaignFactory, CriterionFactory, PersonFactory, UnitFactory
from units.models import PersonKind, UnitKind

from .factories import AwardProposalFactory, AwardRoundFactory
from .test_eligibility import recognise

STUB_START = datetime.date(2024, 12, 2)  # the plan's date: 12/2024 is one month of 2024
YEAR_END = datetime.date(2025, 12, 31)


@pytest.fixture
def campaign(org):
    return CampaignFactory(issuing_unit=org["department"])


def ratio(campaign, **extra):
    values = {
        "kind": Criterion.Kind.INITIATIVE_RATIO,
        "applies_to": "collective",
        "level": Level.BASE,
        "percent": Decimal("10"),
        "description": "",
        **extra,
    }
    return CriterionFactory(campaign=campaign, **values)


def agency(campaign, **extra):
    return CriterionFactory(
        campaign=campaign,
        kind=Criterion.Kind.AGENCY_INITIATIVES,
        applies_to="collective",
        level=Level.PROVINCE,
        count=1,
        agency_only=True,
        description="Cơ quan Sở có ít nhất 01 sáng kiến cấp thành phố",
        **extra,
    )


def figures(unit, criteria, start=datetime.date(2025, 1, 1), end=YEAR_END):
    with translation.override("vi"):
        return eligibility.evaluate_unit(unit, criteria, start, end)


# --- Rounding ------------------------------------------------------------------------------


def test_one_of_sixteen_rounds_half_up_to_six_point_three_and_meets_that_threshold(org, campaign):
    unit = UnitFactory(parent=org["department"], kind=UnitKind.PRIMARY_SCHOOL, headcount=16)
    recognise(unit, campaign)

    [result] = figures(unit, [ratio(campaign, percent=Decimal("6.3"))])

    # 6,25 % half up is 6,3 % (half-even or truncation give 6,2 %); the rounded figure decides.
    assert result.figures == "1 sáng kiến cơ sở / 16 CBCCVC = 6,3 % ≥ 6,3 %"
    assert result.status == "met"


# --- Whom a criterion aims at --------------------------------------------------------------


def test_agency_criterion_is_not_applied_to_a_school(org, campaign):
    criterion = agency(campaign)

    assert figures(org["school_a"], [criterion]) == []
    applicable, skipped = eligibility.criteria_for(org["school_a"], [criterion])
    assert applicable == []
    assert [s["criterion_id"] for s in skipped] == [criterion.pk]


def test_agency_criterion_applies_to_the_agency_and_counts_its_office(org, campaign):
    recognise(org["office"], campaign, level=Level.PROVINCE)
    recognise(org["school_a"], campaign, level=Level.PROVINCE)  # a school's is not the agency's

    [result] = figures(org["department"], [agency(campaign)])

    assert result.status == "met"
    assert result.figures == "2025: 1 sáng kiến cấp tỉnh/thành phố ≥ 1"


def test_proposal_of_a_school_lists_the_agency_criterion_as_not_applicable(org, campaign):
    criterion = agency(campaign)
    award_round = AwardRoundFactory(campaign=campaign)
    proposal = AwardProposalFactory(
        round=award_round,
        nominee_kind="collective",
        nominee_unit=org["school_a"],
        nominee_person=None,
    )

    result = eligibility.evaluate_proposal(proposal)

    assert result["criteria"] == []
    assert [c["criterion_id"] for c in result["not_applicable"]] == [criterion.pk]


def test_criterion_for_some_kinds_of_units_skips_the_others(org, campaign):
    criterion = ratio(campaign, unit_kinds=[UnitKind.PRIMARY_SCHOOL])

    assert figures(org["school_a"], [criterion]) == []


def test_criterion_for_some_kinds_of_individuals_skips_the_others(org, campaign):
    criterion = CriterionFactory(
        campaign=campaign,
        kind=Criterion.Kind.DIGITAL_SKILLS,
        applies_to="individual",
        person_kinds=[PersonKind.OFFICIAL, PersonKind.WORKER],
    )
    pupil = PersonFactory(unit=org["school_a"], kind=PersonKind.LEARNER)
    teacher = PersonFactory(unit=org["school_a"], kind=PersonKind.OFFICIAL)
    start, end = datetime.date(2025, 1, 1), YEAR_END

    assert eligibility.evaluate_person(pupil, [criterion], start, end) == []
    [result] = eligibility.evaluate_person(teacher, [criterion], start, end)
    assert result.status == "not_met"


# --- Own or subtree ------------------------------------------------------------------------


def _agency_and_school_initiatives(org, campaign):
    for _ in range(4):
        recognise(org["department"], campaign)
        recognise(org["office"], campaign)
    for _ in range(20):
        recognise(org["school_a"], campaign)


def test_own_ratio_counts_the_agency_and_its_office_against_its_own_staff(org, campaign):
    _agency_and_school_initiatives(org, campaign)

    [result] = figures(org["department"], [ratio(campaign, ratio_scope=RatioScope.OWN)])

    # Not 28 (its schools' initiatives are theirs) against its own 80.
    assert result.figures == "8 sáng kiến cơ sở / 80 CBCCVC = 10,0 % ≥ 10 %"
    assert result.status == "met"


def test_subtree_ratio_counts_every_unit_against_the_headcount_of_all(org, campaign):
    _agency_and_school_initiatives(org, campaign)

    [result] = figures(org["department"], [ratio(campaign, ratio_scope=RatioScope.SUBTREE)])

    # 80 (agency, its office included) + 90 + 12 + 70 = 252; the office's 20 not twice.
    assert result.figures == "28 sáng kiến cơ sở / 252 CBCCVC = 11,1 % ≥ 10 %"


def test_a_school_own_ratio_ignores_other_schools(org, campaign):
    for _ in range(9):
        recognise(org["school_b"], campaign)

    [result] = figures(org["school_a"], [ratio(campaign)])

    assert result.status == "not_met"


# --- The stub year 12/2024 -----------------------------------------------------------------


def _stub(org, campaign, *, in_stub, in_2025=9):
    school = org["school_a"]  # headcount 90
    for _ in range(in_stub):
        recognise(school, campaign, on=datetime.date(2024, 12, 20))
    recognise(school, campaign, on=datetime.date(2024, 11, 30))  # before the plan: not counted
    for _ in range(in_2025):
        recognise(school, campaign)
    return school


def test_stub_year_counted_whole_must_reach_ten_percent(org, campaign):
    school = _stub(org, campaign, in_stub=8)

    [result] = figures(school, [ratio(campaign, partial_year=PartialYear.WHOLE)], STUB_START)

    assert result.status == "not_met"
    assert result.figures == (
        "2024 (02/12–31/12): 8 sáng kiến cơ sở / 90 CBCCVC = 8,9 % < 10 %; "
        "2025: 9 sáng kiến cơ sở / 90 CBCCVC = 10,0 % ≥ 10 %"
    )


def test_stub_year_counted_whole_is_met_at_nine_of_ninety(org, campaign):
    school = _stub(org, campaign, in_stub=9)

    [result] = figures(school, [ratio(campaign, partial_year=PartialYear.WHOLE)], STUB_START)

    assert result.status == "met"


def test_stub_year_skipped_is_not_counted(org, campaign):
    school = _stub(org, campaign, in_stub=0)

    [result] = figures(school, [ratio(campaign, partial_year=PartialYear.SKIP)], STUB_START)

    assert result.status == "met"
    assert result.figures == (
        "2024 (02/12–31/12): phần của một năm, không tính; "
        "2025: 9 sáng kiến cơ sở / 90 CBCCVC = 10,0 % ≥ 10 %"
    )


def test_stub_year_prorated_needs_its_share_of_the_threshold(org, campaign):
    school = _stub(org, campaign, in_stub=1)
    criterion = ratio(campaign, partial_year=PartialYear.PRORATE)

    [result] = figures(school, [criterion], STUB_START)

    # 30 of 366 days: 10 % × 30/366 = 0,8 %; one initiative of 90 staff is 1,1 %.
    assert result.status == "met"
    assert result.figures.startswith(
        "2024 (02/12–31/12): 1 sáng kiến cơ sở / 90 CBCCVC = 1,1 % ≥ 0,8 %"
    )


def test_agency_criterion_in_the_stub_year_needs_its_initiative_too(org, campaign):
    recognise(org["department"], campaign, level=Level.PROVINCE)  # 2025 only

    [result] = figures(org["department"], [agency(campaign)], STUB_START)

    assert result.status == "not_met"
    assert result.figures.startswith("2024 (02/12–31/12): 0 sáng kiến cấp tỉnh/thành phố < 1")
