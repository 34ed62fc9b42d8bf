"""Eligibility from data, at the boundaries the plans set (DESIGN.md §4)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from awards import eligibility
from campaigns.models import Criterion, Level, Rating
from initiatives.models import Initiative, InitiativeAuthor, Recognition, Status
from research.models import ResearchTask, ResearchTaskMember
from tests.factories import CampaignFactory, CriterionFactory, PersonFactory, UnitFactory
from units.models import UnitKind

YEAR_START = datetime.date(2025, 1, 1)
YEAR_END = datetime.date(2025, 12, 31)


def recognise(unit, campaign, *, level=Level.BASE, on=datetime.date(2025, 6, 1), author=None):
    initiative = Initiative.objects.create(
        campaign=campaign, unit=unit, year=on.year, title="Sáng kiến", status=Status.RECOGNISED
    )
    if author is not None:
        InitiativeAuthor.objects.create(
            initiative=initiative, person=author, full_name=author.full_name, contribution=100
        )
    Recognition.objects.create(
        initiative=initiative,
        level=level,
        decision_number="12/QĐ-SGDĐT",
        decision_date=on,
        issuer="Sở GD&ĐT",
    )
    return initiative


@pytest.fixture
def campaign(org):
    return CampaignFactory(issuing_unit=org["department"])


def ratio_criterion(campaign):
    return CriterionFactory(
        campaign=campaign,
        kind=Criterion.Kind.INITIATIVE_RATIO,
        applies_to="collective",
        level=Level.BASE,
        percent=Decimal("10"),
        description="",
    )


@pytest.mark.parametrize(
    ("count", "status", "figures"),
    [
        (9, "met", "9 sáng kiến cơ sở / 90 CBCCVC = 10,0 % ≥ 10 %"),
        # 8/90 = 8,888…: rounded half up to 8,9 %, still below 10 %.
        (8, "not_met", "8 sáng kiến cơ sở / 90 CBCCVC = 8,9 % < 10 %"),
    ],
)
def test_initiative_ratio_boundary(org, campaign, count, status, figures):
    school = org["school_a"]  # headcount 90
    for _ in range(count):
        recognise(school, campaign)
    recognise(school, campaign, on=datetime.date(2024, 12, 31))  # another year: not counted
    criterion = ratio_criterion(campaign)

    with translation.override("vi"):
        [result] = eligibility.evaluate_unit(school, [criterion], YEAR_START, YEAR_END)

    assert result.status == status
    assert result.figures == figures


def test_initiative_ratio_english_figures(org, campaign):
    for _ in range(9):
        recognise(org["school_a"], campaign)
    criterion = ratio_criterion(campaign)

    with translation.override("en"):
        [result] = eligibility.evaluate_unit(org["school_a"], [criterion], YEAR_START, YEAR_END)

    assert result.figures == "9 grassroots-level initiatives / 90 staff = 10,0 % ≥ 10 %"


def test_initiative_ratio_counts_higher_levels_and_each_initiative_once(org, campaign):
    initiative = recognise(org["school_a"], campaign)
    Recognition.objects.create(
        initiative=initiative,
        level=Level.PROVINCE,
        decision_number="5/QĐ-UBND",
        decision_date=datetime.date(2025, 9, 1),
        issuer="UBND thành phố",
    )
    recognise(org["school_a"], campaign, level=Level.PROVINCE)
    recognise(org["school_b"], campaign)  # another unit
    criterion = ratio_criterion(campaign)

    with translation.override("vi"):
        [result] = eligibility.evaluate_unit(org["school_a"], [criterion], YEAR_START, YEAR_END)

    assert result.figures == "2 sáng kiến cơ sở / 90 CBCCVC = 2,2 % < 10 %"


def test_initiative_ratio_without_headcount_needs_judgement(org, campaign):
    unit = UnitFactory(parent=org["department"], headcount=0)
    [result] = eligibility.evaluate_unit(unit, [ratio_criterion(campaign)], YEAR_START, YEAR_END)
    assert result.status == "judgement"


def agency_criterion(campaign):
    return CriterionFactory(
        campaign=campaign,
        kind=Criterion.Kind.AGENCY_INITIATIVES,
        applies_to="collective",
        level=Level.PROVINCE,
        count=1,
    )


def test_agency_yearly_city_initiative_met_each_year(org, campaign):
    department = org["department"]
    recognise(org["office"], campaign, level=Level.PROVINCE, on=datetime.date(2025, 4, 2))
    recognise(department, campaign, level=Level.PROVINCE, on=datetime.date(2026, 5, 3))
    recognise(department, campaign, level=Level.NATIONAL, on=datetime.date(2027, 3, 1))

    with translation.override("vi"):
        [result] = eligibility.evaluate_unit(
            department,
            [agency_criterion(campaign)],
            datetime.date(2025, 1, 1),
            datetime.date(2027, 12, 31),
        )

    assert result.status == "met"
    assert result.figures == (
        "2025: 1 sáng kiến cấp tỉnh/thành phố ≥ 1; "
        "2026: 1 sáng kiến cấp tỉnh/thành phố ≥ 1; "
        "2027: 1 sáng kiến cấp tỉnh/thành phố ≥ 1"
    )


def test_agency_missing_one_year_fails(org, campaign):
    department = org["department"]
    recognise(department, campaign, level=Level.PROVINCE, on=datetime.date(2025, 4, 2))
    recognise(department, campaign, level=Level.BASE, on=datetime.date(2026, 4, 2))  # too low
    recognise(org["school_a"], campaign, level=Level.PROVINCE, on=datetime.date(2026, 4, 2))
    recognise(department, campaign, level=Level.PROVINCE, on=datetime.date(2027, 4, 2))

    with translation.override("vi"):
        [result] = eligibility.evaluate_unit(
            department,
            [agency_criterion(campaign)],
            datetime.date(2025, 1, 1),
            datetime.date(2027, 12, 31),
        )

    assert result.status == "not_met"
    assert "2026: 0 sáng kiến cấp tỉnh/thành phố < 1" in result.figures


def research_task(unit, *, rating, level=Level.PROVINCE, accepted_on=datetime.date(2025, 10, 1)):
    return ResearchTask.objects.create(
        title="Ứng dụng AI trong dạy học",
        level=level,
        unit=unit,
        rating=rating,
        accepted_on=accepted_on,
    )


@pytest.mark.parametrize(
    ("rating", "status"),
    [(Rating.PASSED, "met"), (Rating.EXCELLENT, "met"), (Rating.FAILED, "not_met")],
)
def test_collective_research_rating(org, campaign, rating, status):
    research_task(org["school_a"], rating=rating)
    criterion = CriterionFactory(
        campaign=campaign,
        kind=Criterion.Kind.COLLECTIVE_RESEARCH,
        applies_to="collective",
        level=Level.PROVINCE,
        min_rating=Rating.PASSED,
    )

    [result] = eligibility.evaluate_unit(org["school_a"], [criterion], YEAR_START, YEAR_END)

    assert result.status == status


def test_collective_research_outside_period_or_below_level(org, campaign):
    research_task(org["school_a"], rating=Rating.GOOD, accepted_on=datetime.date(2024, 12, 31))
    research_task(org["school_a"], rating=Rating.GOOD, level=Level.BASE)
    criterion = CriterionFactory(
        campaign=campaign,
        kind=Criterion.Kind.COLLECTIVE_RESEARCH,
        applies_to="collective",
        level=Level.PROVINCE,
        min_rating=Rating.PASSED,
    )
    [result] = eligibility.evaluate_unit(org["school_a"], [criterion], YEAR_START, YEAR_END)
    assert result.status == "not_met"


def individual_research_criterion(campaign, group=0):
    return CriterionFactory(
        campaign=campaign,
        kind=Criterion.Kind.INDIVIDUAL_RESEARCH,
        applies_to="individual",
        level=Level.PROVINCE,
        percent=Decimal("40"),
        min_rating=Rating.PASSED,
        group=group,
    )


@pytest.mark.parametrize(
    ("share", "rating", "status", "figures_end"),
    [
        ("40", Rating.PASSED, "met", "đóng góp 40 % ≥ 40 %"),
        ("39", Rating.PASSED, "not_met", "đóng góp 39 % < 40 %"),
        ("39.5", Rating.PASSED, "not_met", "đóng góp 39,5 % < 40 %"),
        ("60", Rating.FAILED, "not_met", None),
    ],
)
def test_individual_research_contribution(org, campaign, share, rating, status, figures_end):
    person = PersonFactory(unit=org["school_a"])
    other = PersonFactory(unit=org["school_a"])
    task = research_task(org["school_a"], rating=rating)
    ResearchTaskMember.objects.create(task=task, person=person, contribution=Decimal(share))
    ResearchTaskMember.objects.create(
        task=task, person=other, contribution=100 - Decimal(share), is_lead=True
    )

    with translation.override("vi"):
        [result] = eligibility.evaluate_person(
            person, [individual_research_criterion(campaign)], YEAR_START, YEAR_END
        )

    assert result.status == status
    if figures_end:
        assert result.figures.endswith(figures_end)


@pytest.mark.parametrize(("recognised", "status"), [(2, "met"), (1, "not_met")])
def test_individual_initiatives_count(org, campaign, recognised, status):
    person = PersonFactory(unit=org["school_a"])
    for _ in range(recognised):
        recognise(org["school_a"], campaign, author=person)
    recognise(org["school_a"], campaign, author=PersonFactory(unit=org["school_a"]))
    recognise(org["school_a"], campaign, author=person, on=datetime.date(2026, 1, 1))
    criterion = CriterionFactory(
        campaign=campaign,
        kind=Criterion.Kind.INDIVIDUAL_INITIATIVES,
        applies_to="individual",
        count=2,
    )

    with translation.override("vi"):
        [result] = eligibility.evaluate_person(person, [criterion], YEAR_START, YEAR_END)

    assert result.status == status
    assert result.figures == (
        f"{recognised} sáng kiến được công nhận {'≥' if status == 'met' else '<'} 2"
    )


@pytest.mark.parametrize(
    ("completed", "status"), [(datetime.date(2025, 3, 4), "met"), (None, "not_met")]
)
def test_digital_skills(org, campaign, completed, status):
    person = PersonFactory(unit=org["school_a"], completed_digital_skills=completed)
    criterion = CriterionFactory(
        campaign=campaign, kind=Criterion.Kind.DIGITAL_SKILLS, applies_to="individual"
    )
    [result] = eligibility.evaluate_person(person, [criterion], YEAR_START, YEAR_END)
    assert result.status == status


def test_alternatives_group_one_met_is_enough(org, campaign):
    person = PersonFactory(unit=org["school_a"], completed_digital_skills=None)
    initiatives = CriterionFactory(
        campaign=campaign,
        kind=Criterion.Kind.INDIVIDUAL_INITIATIVES,
        applies_to="individual",
        count=1,
        group=1,
    )
    research = individual_research_criterion(campaign, group=1)
    task = research_task(org["school_a"], rating=Rating.GOOD)
    ResearchTaskMember.objects.create(task=task, person=person, contribution=50, is_lead=True)

    results = eligibility.evaluate_person(person, [initiatives, research], YEAR_START, YEAR_END)

    assert [r.status for r in results] == ["not_met", "met"]
    assert eligibility.overall(results) == "met"


def test_alternatives_group_all_failing_fails(org, campaign):
    person = PersonFactory(unit=org["school_a"])
    criteria = [
        CriterionFactory(
            campaign=campaign,
            kind=Criterion.Kind.INDIVIDUAL_INITIATIVES,
            applies_to="individual",
            count=1,
            group=1,
        ),
        individual_research_criterion(campaign, group=1),
    ]
    results = eligibility.evaluate_person(person, criteria, YEAR_START, YEAR_END)
    assert eligibility.overall(results) == "not_met"


def test_overall_judgement_when_qualitative_and_the_rest_met(org, campaign):
    person = PersonFactory(unit=org["school_a"], completed_digital_skills=datetime.date(2025, 1, 2))
    criteria = [
        CriterionFactory(
            campaign=campaign, kind=Criterion.Kind.DIGITAL_SKILLS, applies_to="individual"
        ),
        CriterionFactory(
            campaign=campaign, kind=Criterion.Kind.QUALITATIVE, applies_to="individual"
        ),
    ]

    results = eligibility.evaluate_person(person, criteria, YEAR_START, YEAR_END)
    assert [r.status for r in results] == ["met", "judgement"]
    assert eligibility.overall(results) == "judgement"

    confirmed = eligibility.evaluate_person(
        person,
        criteria,
        YEAR_START,
        YEAR_END,
        confirmations={criteria[1].pk: (True, "Đã xác minh")},
    )
    assert eligibility.overall(confirmed) == "met"

    refused = eligibility.evaluate_person(
        person, criteria, YEAR_START, YEAR_END, confirmations={criteria[1].pk: (False, "Chưa")}
    )
    assert eligibility.overall(refused) == "not_met"


def test_overall_not_met_beats_judgement(org, campaign):
    person = PersonFactory(unit=org["school_a"], completed_digital_skills=None)
    criteria = [
        CriterionFactory(
            campaign=campaign, kind=Criterion.Kind.DIGITAL_SKILLS, applies_to="individual"
        ),
        CriterionFactory(
            campaign=campaign, kind=Criterion.Kind.QUALITATIVE, applies_to="individual"
        ),
    ]
    results = eligibility.evaluate_person(person, criteria, YEAR_START, YEAR_END)
    assert eligibility.overall(results) == "not_met"


def test_as_json_shape(org, campaign):
    for _ in range(9):
        recognise(org["school_a"], campaign)
    criterion = ratio_criterion(campaign)
    results = eligibility.evaluate_unit(org["school_a"], [criterion], YEAR_START, YEAR_END)

    data = eligibility.as_json(results)

    assert data["overall"] == "met"
    assert data["criteria"][0]["criterion_id"] == criterion.pk
    assert data["criteria"][0]["status"] == "met"
    assert set(data["criteria"][0]) == {
        "criterion_id",
        "label",
        "status",
        "figures",
        "group",
        "kind",
    }


def test_agency_counts_office_not_affiliated_school_kind(org, campaign):
    assert org["office"].kind == UnitKind.DEPARTMENT_OFFICE
    recognise(org["school_b"], campaign, level=Level.PROVINCE)
    [result] = eligibility.evaluate_unit(
        org["department"], [agency_criterion(campaign)], YEAR_START, YEAR_END
    )
    assert result.status == "not_met"


def test_evaluate_proposal_reads_round_period_and_confirmations(org, campaign, users):
    from awards.models import (
        AwardProposal,
        AwardRound,
        CriterionConfirmation,
        NomineeKind,
    )
    from campaigns.models import RoundKind
    from tests.factories import AwardFormFactory

    for _ in range(9):
        recognise(org["school_a"], campaign)
    ratio = ratio_criterion(campaign)
    outreach = CriterionFactory(campaign=campaign, applies_to="collective")
    CriterionFactory(
        campaign=campaign, kind=Criterion.Kind.DIGITAL_SKILLS, applies_to="individual"
    )  # another nominee kind: not evaluated
    award_round = AwardRound.objects.create(
        campaign=campaign,
        kind=RoundKind.YEARLY,
        year=2025,
        period_start=YEAR_START,
        period_end=YEAR_END,
        deadline=datetime.date(2025, 12, 15),
    )
    proposal = AwardProposal.objects.create(
        round=award_round,
        award_form=AwardFormFactory(campaign=campaign),
        nominee_kind=NomineeKind.COLLECTIVE,
        nominee_unit=org["school_a"],
        proposing_unit=org["school_a"],
    )

    data = eligibility.evaluate_proposal(proposal)
    assert [(c["criterion_id"], c["status"]) for c in data["criteria"]] == [
        (ratio.pk, "met"),
        (outreach.pk, "judgement"),
    ]
    assert data["overall"] == "judgement"

    CriterionConfirmation.objects.create(
        proposal=proposal,
        criterion=outreach,
        confirmed=True,
        note="Nhiều bài viết",
        by=users["office"],
    )
    data = eligibility.evaluate_proposal(proposal)
    assert data["overall"] == "met"
    assert data["criteria"][1]["kind"] == Criterion.Kind.QUALITATIVE
