"""The report form keeps a unit's computed figures until a row they count changes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import NomineeKind, ProposalStatus
from reports.figures import figures_stored
from reports.models import FigureKey
from tests.awards.factories import AwardProposalFactory, AwardRoundFactory
from tests.factories import AwardFormFactory, PersonFactory
from tests.initiatives.factories import InitiativeFactory, RecognitionFactory
from tests.reports.test_views import page_data, report_of

IN_2026 = datetime.date(2026, 3, 1)
# The queries that count the figures.
COUNTED = (
    'FROM "initiatives_recognition"',
    'COUNT(*) AS "__count" FROM "awards_researchtask"',
    'COUNT(*) AS "__count" FROM "units_person"',
    'COUNT(*) AS "__count" FROM "awards_awardproposal"',
)


def shown(client, report) -> dict[str, str]:
    """The figures the edit page shows, by key."""
    page = page_data(client.get(reverse("reports:edit", args=[report.pk])))
    return {key: page[f"figure_{key}"] for key in FigureKey.values}


def counting_queries(client, report) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("reports:edit", args=[report.pk]))
    return [q["sql"] for q in queries if any(part in q["sql"] for part in COUNTED)]


@pytest.fixture
def staff(cycle, org, users, login):
    return login(users["staff_a"]), report_of(cycle, org["school_a"])


def test_the_form_counts_once_then_reads_the_stored_figures(staff):
    client, report = staff
    assert counting_queries(client, report)  # the first opening counts
    assert counting_queries(client, report) == []
    # Saving the draft reads the stored figures too.
    page = client.get(reverse("reports:edit", args=[report.pk]))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("reports:edit", args=[report.pk]), page_data(page))
    assert response.status_code == 302
    assert not [q for q in queries if any(part in q["sql"] for part in COUNTED)]


def test_a_new_person_with_the_programme_shows_at_once(staff, org):
    client, report = staff
    before = shown(client, report)[FigureKey.DIGITAL_SKILLS]
    PersonFactory(unit=org["school_a"], completed_digital_skills=IN_2026)
    assert shown(client, report)[FigureKey.DIGITAL_SKILLS] == str(int(before) + 1)


def test_a_person_moving_away_leaves_the_old_units_figure(staff, org):
    client, report = staff
    person = PersonFactory(unit=org["school_a"], completed_digital_skills=IN_2026)
    before = int(shown(client, report)[FigureKey.DIGITAL_SKILLS])
    person.unit = org["school_b"]
    person.save()
    assert shown(client, report)[FigureKey.DIGITAL_SKILLS] == str(before - 1)


def test_headcount_recognitions_research_and_awards_follow_their_rows(staff, org, campaign):
    from research.models import ResearchTask

    client, report = staff
    school = org["school_a"]
    school.headcount = 95
    school.save()
    initiative = InitiativeFactory(campaign=campaign, unit=school, year=2026)
    recognition = RecognitionFactory(initiative=initiative, level="base", decision_date=IN_2026)
    task = ResearchTask.objects.create(
        title="Số hóa học bạ", level="base", unit=school, accepted_on=IN_2026, rating="good"
    )
    proposal = AwardProposalFactory(
        round=AwardRoundFactory(campaign=campaign, year=2026),
        award_form=AwardFormFactory(campaign=campaign),
        nominee_kind=NomineeKind.COLLECTIVE,
        nominee_unit=school,
        nominee_person=None,
        status=ProposalStatus.DECIDED,
        decision_number="15/QĐ-UBND",
        decision_date=IN_2026,
    )
    figures = shown(client, report)
    assert [
        figures[key]
        for key in (
            FigureKey.HEADCOUNT,
            FigureKey.INITIATIVES_BASE,
            FigureKey.RESEARCH_TASKS,
            FigureKey.AWARDS,
        )
    ] == ["95", "1", "1", "1"]

    recognition.level = "province"
    recognition.save()
    figures = shown(client, report)
    assert (figures[FigureKey.INITIATIVES_BASE], figures[FigureKey.INITIATIVES_PROVINCE]) == (
        "0",
        "1",
    )
    task.delete()
    proposal.status = ProposalStatus.APPROVED
    proposal.save()
    figures = shown(client, report)
    assert (figures[FigureKey.RESEARCH_TASKS], figures[FigureKey.AWARDS]) == ("0", "0")


def test_figures_read_before_a_commit_are_forgotten_when_it_commits(
    org, django_capture_on_commit_callbacks
):
    """A form opened while a change is being written must not keep the figures from
    before it: the change forgets them again once committed."""
    school = org["school_a"]
    with django_capture_on_commit_callbacks() as callbacks:
        PersonFactory(unit=school, completed_digital_skills=IN_2026)
        # Read (and stored) before the change commits.
        figures_stored(unit=school, year=2026)
    with CaptureQueriesContext(connection) as queries:
        figures_stored(unit=school, year=2026)
    assert len(queries) == 0
    for callback in callbacks:
        callback()
    with CaptureQueriesContext(connection) as queries:
        figures_stored(unit=school, year=2026)
    assert [q for q in queries if any(part in q["sql"] for part in COUNTED)]
