"""The figures of a yearly report, computed from what the portal knows of a unit.

Each figure counts the unit itself (not its sub-units: they file their own reports, and
the compiled report adds them up).
"""

import datetime

from campaigns.models import Level, Rating

from . import sources
from .models import FigureKey

RECOGNITION_KEYS = {
    FigureKey.INITIATIVES_BASE: Level.BASE,
    FigureKey.INITIATIVES_PROVINCE: Level.PROVINCE,
    FigureKey.INITIATIVES_NATIONAL: Level.NATIONAL,
}
ACCEPTED_RATINGS = (Rating.PASSED, Rating.GOOD, Rating.EXCELLENT)


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
        FigureKey.AWARDS: sources.awards().received(unit, year),
    }
