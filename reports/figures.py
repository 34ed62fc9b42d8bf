"""The figures of a yearly report, computed from what the portal knows of a unit.

Each figure counts the unit itself (not its sub-units: they file their own reports, and
the compiled report adds them up).
"""

import datetime

from django.apps import apps
from django.core.exceptions import FieldError
from django.db.models import Q

from campaigns.models import Level, Rating

from .models import FigureKey

RECOGNITION_KEYS = {
    FigureKey.INITIATIVES_BASE: Level.BASE,
    FigureKey.INITIATIVES_PROVINCE: Level.PROVINCE,
    FigureKey.INITIATIVES_NATIONAL: Level.NATIONAL,
}
ACCEPTED_RATINGS = (Rating.PASSED, Rating.GOOD, Rating.EXCELLENT)


def _awards_received(unit, year: int) -> int:
    """Awards decided in the year for the unit or its people (0 if awards are not kept)."""
    try:
        proposal = apps.get_model("awards", "AwardProposal")
        return proposal.objects.filter(
            Q(nominee_unit=unit) | Q(nominee_person__unit=unit),
            status="decided",
            decision_date__year=year,
        ).count()
    except (LookupError, FieldError):
        return 0


def figures_compute(*, unit, year: int) -> dict[str, int]:
    """Every figure of FigureKey for one unit and year."""
    from initiatives.models import Recognition
    from research.models import ResearchTask
    from units.models import Person

    recognitions = dict.fromkeys(RECOGNITION_KEYS, 0)
    levels = {level: key for key, level in RECOGNITION_KEYS.items()}
    rows = Recognition.objects.filter(initiative__unit=unit, decision_date__year=year).values_list(
        "level", flat=True
    )
    for level in rows:
        if level in levels:
            recognitions[levels[level]] += 1
    return {
        **{str(key): value for key, value in recognitions.items()},
        FigureKey.RESEARCH_TASKS: ResearchTask.objects.filter(
            unit=unit, accepted_on__year=year, rating__in=ACCEPTED_RATINGS
        ).count(),
        FigureKey.HEADCOUNT: unit.headcount,
        FigureKey.DIGITAL_SKILLS: Person.objects.filter(
            unit=unit, active=True, completed_digital_skills__lte=datetime.date(year, 12, 31)
        ).count(),
        FigureKey.AWARDS: _awards_received(unit, year),
    }
