"""The figures of a yearly report, computed from what the portal knows of a unit.

Each figure counts the unit itself (not its sub-units: they file their own reports, and
the compiled report adds them up).
"""

import datetime
import logging
import secrets

from django.core.cache import cache
from django.db import transaction

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


# The stored figures -------------------------------------------------------------------
#
# The report form shows (GET) and saves (POST) the figures of its unit and year; on deadline
# day a unit's staff open the form many times while its data hardly changes. The computed
# figures are kept in the cache under a version of the unit: every change to a row a figure
# counts (below, `figures_changed`) moves the unit to a new version, so the next form
# computes afresh. A version is moved at once and again when the transaction commits: a
# form computed in between (from the data before the commit) is stored under the version the
# commit leaves behind. The timeout only bounds what a write that sends no signal (a
# queryset `update()`) could leave behind.

FIGURES_TIMEOUT = 60 * 60

logger = logging.getLogger(__name__)


def _version_key(unit_id: int) -> str:
    return f"reports:figures:version:{unit_id}"


def _unit_version(unit_id: int) -> int:
    key = _version_key(unit_id)
    version = cache.get(key)
    if version is None:
        # A random start: a version lost from the cache never meets figures stored under it.
        cache.add(key, secrets.randbits(62), timeout=None)
        version = cache.get(key)
    return version


def _bump(unit_ids) -> None:
    try:
        for unit_id in unit_ids:
            key = _version_key(unit_id)
            try:
                cache.incr(key)
            except ValueError:
                cache.add(key, secrets.randbits(62), timeout=None)
    except Exception:  # the cache server is down: the change itself must still be saved
        logger.warning("report figures: cache unavailable, versions not moved", exc_info=True)


def figures_changed(*unit_ids) -> None:
    """Forget the stored figures of these units: call it when a row a figure counts changes
    (the signals in `reports.apps` and `awards.apps` do)."""
    unit_ids = {unit_id for unit_id in unit_ids if unit_id}
    if not unit_ids:
        return
    _bump(unit_ids)
    transaction.on_commit(lambda: _bump(unit_ids))


def figures_stored(*, unit, year: int) -> dict[str, int]:
    """`figures_compute`, kept in the cache until a row it counts changes (computed afresh
    when the cache server is down)."""
    try:
        key = f"reports:figures:{unit.pk}:{year}:{_unit_version(unit.pk)}"
        figures = cache.get(key)
    except Exception:
        logger.warning("report figures: cache unavailable, computed afresh", exc_info=True)
        return figures_compute(unit=unit, year=year)
    if figures is None:
        figures = figures_compute(unit=unit, year=year)
        try:
            cache.set(key, figures, timeout=FIGURES_TIMEOUT)
        except Exception:
            logger.warning("report figures: cache unavailable, not kept", exc_info=True)
    return figures


def _loaded_unit(sender, instance, **kwargs):
    # The unit a row had when read: moving it changes the figures of both units.
    instance._figures_unit_id = instance.__dict__.get("unit_id")


def _unit_rows_changed(sender, instance, **kwargs):
    figures_changed(instance.unit_id, getattr(instance, "_figures_unit_id", None))


def _recognition_changed(sender, instance, **kwargs):
    from initiatives.models import Initiative

    figures_changed(
        *Initiative.objects.filter(pk=instance.initiative_id).values_list("unit_id", flat=True)
    )


def _unit_changed(sender, instance, **kwargs):
    figures_changed(instance.pk)


def connect_signals() -> None:
    """Forget a unit's stored figures when a row they count changes (awards connect theirs
    in `awards.apps`)."""
    from django.db.models.signals import post_delete, post_init, post_save

    from initiatives.models import Initiative, Recognition
    from research.models import ResearchTask
    from units.models import Person, Unit

    for model in (Initiative, Person, ResearchTask):
        post_init.connect(_loaded_unit, sender=model, dispatch_uid=f"figures-init-{model.__name__}")
        for signal in (post_save, post_delete):
            signal.connect(
                _unit_rows_changed, sender=model, dispatch_uid=f"figures-{model.__name__}"
            )
    for signal in (post_save, post_delete):
        signal.connect(_recognition_changed, sender=Recognition, dispatch_uid="figures-recognition")
        signal.connect(_unit_changed, sender=Unit, dispatch_uid="figures-unit")
