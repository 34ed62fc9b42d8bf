"""Emulation titles computed from the yearly records (Luật Thi đua, khen thưởng 2022,
Điều 22–28; awards/titles.py names each threshold's article)."""

import datetime

import pytest
from django.utils import timezone, translation

from awards import eligibility, titles
from awards.models import (
    Classification,
    EmulationRecord,
    RecordTitle,
)
from campaigns.models import EmulationTitle, Level, Rating
from research.models import ResearchTask, ResearchTaskMember
from tests.factories import AwardFormFactory, PersonFactory, UnitFactory
from units.models import UnitKind

from .factories import AwardProposalFactory
from .test_eligibility import recognise

T = EmulationTitle


def year(subject, when, classification=Classification.GOOD, *received):
    field = "person" if hasattr(subject, "full_name") else "unit"
    record = EmulationRecord.objects.create(
        **{field: subject}, year=when, classification=classification
    )
    for title in received:
        RecordTitle.objects.create(
            record=record,
            title=title,
            decision_number=f"{when - 2000}/QĐ-SGDĐT",
            decision_date=datetime.date(when, 12, 20),
            issuer="Giám đốc Sở GDĐT",
        )
    return record


@pytest.fixture
def teacher(org):
    return PersonFactory(full_name="Nguyễn Thị Hương", unit=org["school_a"])


@pytest.fixture
def campaign(award):
    return award["campaign"]


# --- Chiến sĩ thi đua cơ sở (Điều 23) ------------------------------------------------------


def test_base_fighter_without_labour_title_is_not_met(teacher, campaign):
    year(teacher, 2025, Classification.EXCELLENT)
    recognise(teacher.unit, campaign, author=teacher)

    check = titles.base_fighter_check(teacher, 2025)

    assert check.status == "not_met"


def test_base_fighter_with_labour_title_and_a_recognised_initiative_is_met(teacher, campaign):
    year(teacher, 2025, Classification.GOOD, T.LABOUR)
    recognise(teacher.unit, campaign, author=teacher)

    check = titles.base_fighter_check(teacher, 2025)

    assert check.status == "met"
    assert [y["year"] for y in check.years] == [2025]


def test_base_fighter_with_labour_title_but_no_achievement_is_not_met(teacher):
    year(teacher, 2025, Classification.GOOD, T.LABOUR)

    assert titles.base_fighter_check(teacher, 2025).status == "not_met"


def test_base_fighter_by_an_accepted_research_task(teacher):
    year(teacher, 2025, Classification.GOOD, T.LABOUR)
    task = ResearchTask.objects.create(
        code="ĐT-01",
        title="Ứng dụng học liệu số",
        level=Level.BASE,
        unit=teacher.unit,
        accepted_on=datetime.date(2025, 10, 1),
        rating=Rating.PASSED,
    )
    ResearchTaskMember.objects.create(task=task, person=teacher, contribution=50, is_lead=True)

    assert titles.base_fighter_check(teacher, 2025).status == "met"


def test_base_fighter_by_excellent_completion(teacher):
    year(teacher, 2025, Classification.EXCELLENT, T.LABOUR)

    assert titles.base_fighter_check(teacher, 2025).status == "met"


# --- Chiến sĩ thi đua cấp tỉnh (Điều 22) ---------------------------------------------------


def test_province_fighter_with_two_consecutive_years_is_not_met(teacher, campaign):
    for when in (2024, 2025):
        year(teacher, when, Classification.EXCELLENT, T.LABOUR, T.BASE_FIGHTER)
    recognise(teacher.unit, campaign, author=teacher, level=Level.PROVINCE)

    check = titles.province_fighter_check(teacher, 2025)

    assert check.status == "not_met"


def test_province_fighter_with_three_consecutive_years_lists_them(teacher, campaign):
    for when in (2023, 2024, 2025):
        year(teacher, when, Classification.EXCELLENT, T.LABOUR, T.BASE_FIGHTER)
    recognise(teacher.unit, campaign, author=teacher, level=Level.PROVINCE)

    with translation.override("vi"):
        check = titles.province_fighter_check(teacher, 2025)

    assert check.status == "met"
    assert [(y["year"], y["decision"]) for y in check.years] == [
        (2023, "Quyết định số 23/QĐ-SGDĐT ngày 20/12/2023, Giám đốc Sở GDĐT"),
        (2024, "Quyết định số 24/QĐ-SGDĐT ngày 20/12/2024, Giám đốc Sở GDĐT"),
        (2025, "Quyết định số 25/QĐ-SGDĐT ngày 20/12/2025, Giám đốc Sở GDĐT"),
    ]


def test_province_fighter_with_a_gap_year_is_not_met(teacher, campaign):
    for when in (2022, 2023, 2025):
        year(teacher, when, Classification.EXCELLENT, T.LABOUR, T.BASE_FIGHTER)
    year(teacher, 2024, Classification.GOOD, T.LABOUR)  # the gap: LĐTT only
    recognise(teacher.unit, campaign, author=teacher, level=Level.PROVINCE)

    check = titles.province_fighter_check(teacher, 2025)

    assert check.status == "not_met"
    assert [y["year"] for y in check.years] == [2025]


def test_province_fighter_needs_a_province_level_initiative(teacher, campaign):
    for when in (2023, 2024, 2025):
        year(teacher, when, Classification.EXCELLENT, T.LABOUR, T.BASE_FIGHTER)
    recognise(teacher.unit, campaign, author=teacher, level=Level.BASE)

    assert titles.province_fighter_check(teacher, 2025).status == "not_met"


# --- Collectives (Điều 27, 28) -------------------------------------------------------------


def _unit_with_people(org, *, labour, fighters=0, classification=Classification.EXCELLENT):
    unit = UnitFactory(parent=org["department"], kind=UnitKind.PRIMARY_SCHOOL, headcount=10)
    year(unit, 2025, classification)
    for index in range(labour):
        person = PersonFactory(unit=unit)
        received = [T.LABOUR] + ([T.BASE_FIGHTER] if index < fighters else [])
        year(person, 2025, Classification.GOOD, *received)
    return unit


@pytest.mark.parametrize(("labour", "status"), [(7, "met"), (6, "not_met")])
def test_excellent_collective_needs_seventy_percent_labour(org, labour, status):
    unit = _unit_with_people(org, labour=labour, fighters=1)

    assert titles.excellent_collective_check(unit, 2025).status == status


def test_excellent_collective_needs_a_base_fighter(org):
    unit = _unit_with_people(org, labour=8, fighters=0)

    assert titles.excellent_collective_check(unit, 2025).status == "not_met"


@pytest.mark.parametrize(("labour", "status"), [(6, "met"), (5, "not_met")])
def test_advanced_collective_needs_more_than_half_labour(org, labour, status):
    unit = _unit_with_people(org, labour=labour, classification=Classification.GOOD)

    assert titles.advanced_collective_check(unit, 2025).status == status


# --- On the proposal -----------------------------------------------------------------------


def test_title_proposal_shows_the_years_used_and_fails_without_them(award, teacher, campaign):
    form = AwardFormFactory(campaign=campaign, name="Chiến sĩ thi đua cơ sở", title=T.BASE_FIGHTER)
    proposal = AwardProposalFactory(round=award["round"], award_form=form, nominee_person=teacher)

    assert eligibility.evaluate_proposal(proposal)["overall"] == "not_met"

    year(teacher, 2025, Classification.EXCELLENT, T.LABOUR)
    result = eligibility.evaluate_proposal(proposal)

    assert result["title"]["status"] == "met"
    assert [y["year"] for y in result["title"]["years"]] == [2025]
    assert result["overall"] == "met"  # the title's standard is the only thing checked


def test_proposal_detail_shows_the_years_behind_a_province_fighter(
    award, teacher, campaign, users, client
):
    from awards import services

    form = AwardFormFactory(
        campaign=campaign, name="Chiến sĩ thi đua thành phố", title=T.PROVINCE_FIGHTER
    )
    for when in (2023, 2024, 2025):
        year(teacher, when, Classification.EXCELLENT, T.LABOUR, T.BASE_FIGHTER)
    recognise(teacher.unit, campaign, author=teacher, level=Level.PROVINCE)
    proposal = AwardProposalFactory(round=award["round"], award_form=form, nominee_person=teacher)
    with translation.override("vi"):  # the office checks in Vietnamese
        proposal.eligibility = services.evaluate(proposal)
    proposal.eligibility_at = timezone.now()
    proposal.save(update_fields=["eligibility", "eligibility_at"])
    client.force_login(users["office"])

    from django.urls import reverse

    page = client.get(reverse("awards:proposal_detail", args=[proposal.pk])).content.decode()

    assert "Chiến sĩ thi đua cơ sở 2023 — Quyết định số 23/QĐ-SGDĐT ngày 20/12/2023" in page
    assert "Chiến sĩ thi đua cơ sở 2025 — Quyết định số 25/QĐ-SGDĐT" in page
