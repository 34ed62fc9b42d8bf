"""Initiatives at a glance for the office: how many by field, by year and by the level at
which they were recognised (drawn by `portal.charts`). Drafts are the units' own and are
not counted.

The three counts group every initiative of the viewer's scope (the whole organisation for
the office), so they are kept apart from the home panels (`portal.home_cache`, rebuilt
after every change) as a small stale-while-revalidate cache: the raw counts, with the time
they were counted, under a key of the scope the counts depend on, so the users sharing a
scope share them. A home page uses counts younger than `CHARTS_FRESH` as they are; older
ones are used too while a task counts them again off the request (one at a time per scope);
missing ones are counted in the request and kept. The panel says when they were counted.
Labels are made when the charts are drawn, in the language of the page.
"""

import contextlib
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from campaigns.models import Level
from portal.charts import Bar, bars_chart, columns_chart
from units import access
from units.models import Role

from . import selectors
from .models import Field, Recognition, Status

logger = logging.getLogger(__name__)

# How long counts are kept at all: past this a home page counts them in the request.
CHARTS_KEPT = 24 * 60 * 60
# How long a refresh holds its scope: another is not enqueued meanwhile (a refresh lost
# with its worker frees the scope after this).
REFRESH_LOCK = 5 * 60


def _counted(initiatives):
    return initiatives.exclude(status=Status.DRAFT).order_by()


def counts_of(initiatives) -> dict:
    """The raw counts the charts draw, with the time they were counted."""
    counted = _counted(initiatives)
    return {
        "at": timezone.now(),
        "field": dict(counted.values_list("field").annotate(n=Count("pk"))),
        "year": list(counted.values_list("year").annotate(n=Count("pk")).order_by("year")),
        "level": dict(
            Recognition.objects.filter(initiative__in=counted.values("pk"))
            .values_list("level")
            .annotate(n=Count("initiative", distinct=True))
            .order_by()
        ),
    }


def by_field(counts: dict) -> list[Bar]:
    by = counts["field"]
    bars = [Bar(str(label), by.get(value, 0)) for value, label in Field.choices]
    if by.get(""):
        bars.append(Bar(_("Field not given"), by[""]))
    return bars


def by_year(counts: dict) -> list[Bar]:
    return [Bar(str(year), n) for year, n in counts["year"]]


def by_level(counts: dict) -> list[Bar]:
    return [Bar(str(label), counts["level"].get(value, 0)) for value, label in Level.choices]


def scope_key(user) -> str:
    """The cache key of the counts of what `user` sees, drafts aside
    (`selectors.initiatives_visible_to`): the subtrees of the units the user holds a unit
    or organisation role in (drafts, which only unit roles add, are not counted), and a
    council member's own assignments."""
    if user.is_superuser:
        scope = ["*"]
    else:
        scope = access.scope_paths(user, access.BROWSING_ROLES)
        if access.has_role(user, Role.COUNCIL):
            scope.append(f"council:{user.pk}")
    digest = hashlib.sha256("\n".join(scope).encode()).hexdigest()[:32]
    return f"charts:initiatives:{digest}"


def charts_counts_kept(*, user) -> dict:
    """The counts of the user's scope: kept ones (fresh, or stale while a task counts them
    again), else counted now and kept. Counted now, and not kept, while the cache server
    does not answer."""
    key = scope_key(user)
    try:
        kept = cache.get(key)
    except Exception:
        logger.warning("initiative charts: cache unavailable, counted now", exc_info=True)
        return counts_of(selectors.initiatives_visible_to(user))
    if kept is None:
        counts = counts_of(selectors.initiatives_visible_to(user))
        _keep(key, counts)
        return counts
    if (timezone.now() - kept["at"]).total_seconds() >= settings.CHARTS_FRESH:
        _refresh_enqueue(user, key)
    return kept


def charts_counts_refresh(*, user) -> dict:
    """Count the user's scope again and keep the counts (the task's work)."""
    key = scope_key(user)
    try:
        counts = counts_of(selectors.initiatives_visible_to(user))
        _keep(key, counts)
    finally:
        try:
            cache.delete(_lock_key(key))
        except Exception:
            logger.warning("initiative charts: cache unavailable", exc_info=True)
    return counts


def _keep(key: str, counts: dict) -> None:
    try:
        cache.set(key, counts, timeout=CHARTS_KEPT)
    except Exception:
        logger.warning("initiative charts: cache unavailable, counts not kept", exc_info=True)


def _lock_key(key: str) -> str:
    return f"{key}:refreshing"


def _refresh_enqueue(user, key: str) -> None:
    """Hand the count to a task, unless one already holds the scope."""
    from portal.jobs import job_start

    from .tasks import refresh_initiative_charts

    lock = _lock_key(key)
    try:
        if not cache.add(lock, 1, timeout=REFRESH_LOCK):
            return
    except Exception:
        logger.warning("initiative charts: cache unavailable, not refreshed", exc_info=True)
        return
    try:
        job_start(refresh_initiative_charts, user.pk)
    except Exception:  # the broker does not answer: the stale counts serve, a later page retries
        logger.warning("initiative charts: refresh not enqueued", exc_info=True)
        with contextlib.suppress(Exception):
            cache.delete(lock)


def counted_at(counts: dict) -> str:
    """The time the counts were made, local: "Figures as of 14:05" (with the date when
    it is not today)."""
    at = timezone.localtime(counts["at"])
    shown = dateformat.format(at, "H:i")
    if at.date() != timezone.localdate():
        shown = dateformat.format(at, "H:i d/m/Y")
    return _("Figures as of %(time)s") % {"time": shown}


def initiative_charts(counts: dict) -> list:
    heading = _("Initiatives")
    return [
        bars_chart(
            title=_("Initiatives by field"),
            bars=by_field(counts),
            value_label=heading,
            label_heading=_("Field"),
        ),
        bars_chart(
            title=_("Recognised initiatives by level"),
            bars=by_level(counts),
            value_label=heading,
            label_heading=_("Level"),
        ),
        columns_chart(
            title=_("Initiatives by year"),
            bars=by_year(counts),
            value_label=heading,
            label_heading=_("Year"),
            empty=_("No initiative yet."),
        ),
    ]
