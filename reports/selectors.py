"""What each user may see of yearly reports and reporting cycles."""

from django.db.models import Count, Q, QuerySet

from units import access

from .models import IN_STATUSES, PENDING_STATUSES, ReportingCycle, ReportStatus, YearlyReport


def reports_visible_to(user) -> QuerySet[YearlyReport]:
    """A unit's people see their unit's reports (and its sub-units'); the office, leaders
    and administrators see every report of the campaigns their organisation issues."""
    q = access.scope_q(user, "unit__path") | access.scope_q(
        user, "cycle__campaign__issuing_unit__path", access.ORGANISATION_ROLES
    )
    return YearlyReport.objects.filter(q)


def cycles_visible_to(user) -> QuerySet[ReportingCycle]:
    """Cycles whose dashboard the user may open (organisation roles of the issuing body)."""
    q = access.scope_q(user, "campaign__issuing_unit__path", access.ORGANISATION_ROLES)
    return ReportingCycle.objects.filter(q)


def cycle_counts(cycle) -> dict:
    """Counts for the dashboard, in one query."""
    submitted = Q(status=ReportStatus.SUBMITTED)
    counts = YearlyReport.objects.filter(cycle=cycle).aggregate(
        total=Count("pk"),
        on_time=Count("pk", filter=Q(status__in=IN_STATUSES, late=False)),
        late=Count("pk", filter=Q(status__in=IN_STATUSES, late=True)),
        missing=Count("pk", filter=Q(status__in=PENDING_STATUSES) & ~Q(status="returned")),
        returned=Count("pk", filter=Q(status=ReportStatus.RETURNED)),
        accepted=Count("pk", filter=Q(status=ReportStatus.ACCEPTED)),
        waiting_review=Count("pk", filter=submitted),
    )
    counts["handed_in"] = counts["on_time"] + counts["late"]
    counts["percent"] = round(100 * counts["handed_in"] / counts["total"]) if counts["total"] else 0
    return counts
