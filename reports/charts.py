"""The cycle dashboard's charts: how far each kind of unit is, and the reports handed in
day by day up to the deadline (drawn by `portal.charts`)."""

import datetime
from collections import Counter

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.charts import Bar, bars_chart, columns_chart
from portal.text import number
from units.models import UnitKind

from .models import IN_STATUSES, YearlyReport

DAYS_SHOWN = 30


def completion_by_kind(cycle) -> list[Bar]:
    """One bar per kind of unit: reports handed in over the reports of that kind."""
    rows = (
        YearlyReport.objects.filter(cycle=cycle)
        .values("unit__kind")
        .annotate(total=Count("pk"), handed_in=Count("pk", filter=Q(status__in=IN_STATUSES)))
        .order_by("unit__kind")
    )
    labels = dict(UnitKind.choices)
    bars = [
        Bar(
            label=str(labels.get(row["unit__kind"], row["unit__kind"])),
            value=row["handed_in"],
            total=row["total"],
            note=f"{round(100 * row['handed_in'] / row['total'])}%",
        )
        for row in rows
        if row["total"]
    ]
    return sorted(bars, key=lambda bar: (-bar.total, bar.label))


def handed_in_by_day(cycle, today: datetime.date, total: int | None = None) -> list[Bar]:
    """Reports handed in by the end of each of the last DAYS_SHOWN days up to the deadline
    (or up to today, while the deadline is ahead)."""
    start = cycle.deadline - datetime.timedelta(days=DAYS_SHOWN - 1)
    end = min(cycle.deadline, today)
    if end < start:
        return []
    days = Counter(
        timezone.localtime(moment).date()
        for moment in YearlyReport.objects.filter(
            cycle=cycle, status__in=IN_STATUSES, submitted_at__isnull=False
        ).values_list("submitted_at", flat=True)
    )
    total = cycle.reports.count() if total is None else total
    bars, running, day = [], sum(n for d, n in days.items() if d < start), start
    while day <= end:
        running += days.get(day, 0)
        note = _("of %(total)s") % {"total": number(total)}
        bars.append(Bar(label=day.strftime("%d/%m"), value=running, note=note))
        day += datetime.timedelta(days=1)
    return bars


def cycle_charts(cycle, today: datetime.date, total: int | None = None) -> list:
    return [
        bars_chart(
            title=_("Reports handed in, by kind of unit"),
            bars=completion_by_kind(cycle),
            value_label=_("Handed in / units"),
            label_heading=_("Kind of unit"),
            empty=_("No unit reports in this cycle."),
        ),
        columns_chart(
            title=_("Reports handed in, day by day to the deadline %(date)s")
            % {"date": cycle.deadline.strftime("%d/%m/%Y")},
            bars=handed_in_by_day(cycle, today, total),
            value_label=_("Handed in (running total)"),
            label_heading=_("Day"),
            empty=_("The last 30 days before the deadline have not begun yet."),
        ),
    ]
