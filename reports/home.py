"""Home page panels: reports a unit has to file; cycles with units still missing."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.panels import count as panel_count
from units import access

from .models import PENDING_STATUSES, ReportStatus, YearlyReport
from .selectors import cycles_visible_to, reports_visible_to

LIMIT = 8


def _count_of(reports) -> Subquery:
    """How many of `reports` (correlated to a cycle) there are, as a subquery."""
    counted = reports.values("cycle").annotate(n=Count("cycle")).values("n")  # index only
    return Subquery(counted, output_field=IntegerField())


def _days_note(deadline, today) -> str:
    days = (deadline - today).days
    date = deadline.strftime("%d/%m/%Y")
    if days > 0:
        return _("before %(date)s, %(days)s days left") % {"date": date, "days": days}
    if days == 0:
        return _("due today (%(date)s)") % {"date": date}
    return _("overdue by %(days)s days (deadline %(date)s)") % {"days": -days, "date": date}


def panels(user) -> list[dict]:
    today = timezone.localdate()
    result = []
    if access.has_role(user, *access.UNIT_ROLES):
        due = (
            reports_visible_to(user)
            .filter(
                access.scope_q(user, "unit__path", access.UNIT_ROLES),
                status__in=PENDING_STATUSES,
                cycle__is_open=True,
            )
            .select_related("cycle__campaign", "unit")
            .only("unit__name", "cycle__year", "cycle__deadline", "cycle__campaign__title")
            .order_by("cycle__deadline", "unit__path")
        )
        rows = list(due[: LIMIT + 1])
        counted = panel_count(due, len(rows), LIMIT + 1)
        result.append(
            {
                "title": _("Yearly reports to submit"),
                **counted,
                "items": [
                    {
                        "url": reverse("reports:detail", args=[r.pk]),
                        "label": f"{r.unit.name} — {r.cycle.campaign.title} ({r.cycle.year})",
                        "note": _days_note(r.cycle.deadline, today),
                    }
                    for r in rows[:LIMIT]
                ],
                "more_url": reverse("reports:list") if counted["count"] > LIMIT else "",
                "empty": _("Every report of your unit is handed in."),
            }
        )
    if access.has_role(user, *access.ORGANISATION_ROLES):
        # Counted per cycle from the (cycle, status) index, for the cycles shown only;
        # joining every report of every open cycle and grouping them cost tens of ms.
        reports = YearlyReport.objects.filter(cycle=OuterRef("pk")).order_by()
        missing = reports.filter(status__in=(ReportStatus.NOT_STARTED, ReportStatus.DRAFT))
        cycles = (
            cycles_visible_to(user)
            .filter(Exists(missing), is_open=True)
            .select_related("campaign")
            .only("year", "deadline", "campaign__title")
            .order_by("deadline", "id")
            .annotate(
                missing=_count_of(missing),
                total=_count_of(reports),
            )
        )
        rows = list(cycles[:LIMIT])
        result.append(
            {
                "title": _("Reporting cycles with missing reports"),
                "count": len(rows),
                "items": [
                    {
                        "url": reverse("reports:cycle", args=[c.pk]),
                        "label": f"{c.campaign.title} ({c.year})",
                        "note": _("%(n)s of %(total)s units missing")
                        % {"n": c.missing, "total": c.total}
                        + " — "
                        + _days_note(c.deadline, today),
                    }
                    for c in rows
                ],
                "more_url": reverse("reports:list"),
                "empty": _("No cycle is waiting for reports."),
            }
        )
    return result
