"""Initiatives at a glance for the office: how many by field, by year and by the level at
which they were recognised (drawn by `portal.charts`). Drafts are the units' own and are
not counted."""

from django.db.models import Count
from django.utils.translation import gettext as _

from campaigns.models import Level
from portal.charts import Bar, bars_chart, columns_chart

from .models import Field, Recognition, Status


def _counted(initiatives):
    return initiatives.exclude(status=Status.DRAFT).order_by()


def by_field(initiatives) -> list[Bar]:
    counts = dict(_counted(initiatives).values_list("field").annotate(n=Count("pk")))
    bars = [Bar(str(label), counts.get(value, 0)) for value, label in Field.choices]
    if counts.get(""):
        bars.append(Bar(_("Field not given"), counts[""]))
    return bars


def by_year(initiatives) -> list[Bar]:
    rows = _counted(initiatives).values_list("year").annotate(n=Count("pk")).order_by("year")
    return [Bar(str(year), n) for year, n in rows]


def by_level(initiatives) -> list[Bar]:
    counts = dict(
        Recognition.objects.filter(initiative__in=_counted(initiatives).values("pk"))
        .values_list("level")
        .annotate(n=Count("initiative", distinct=True))
        .order_by()
    )
    return [Bar(str(label), counts.get(value, 0)) for value, label in Level.choices]


def initiative_charts(initiatives) -> list:
    heading = _("Initiatives")
    return [
        bars_chart(
            title=_("Initiatives by field"),
            bars=by_field(initiatives),
            value_label=heading,
            label_heading=_("Field"),
        ),
        bars_chart(
            title=_("Recognised initiatives by level"),
            bars=by_level(initiatives),
            value_label=heading,
            label_heading=_("Level"),
        ),
        columns_chart(
            title=_("Initiatives by year"),
            bars=by_year(initiatives),
            value_label=heading,
            label_heading=_("Year"),
            empty=_("No initiative yet."),
        ),
    ]
