"""What each user may see of yearly reports and reporting cycles."""

from django.db.models import Count, Q, QuerySet

from units import access
from units.models import Role, RoleAssignment, Unit

from .models import IN_STATUSES, PENDING_STATUSES, ReportingCycle, ReportStatus, YearlyReport
from .rules import REPORTING_ROLES


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


def report_filers(unit) -> list:
    """The accounts that file `unit`'s report: its own staff and head, or, when it has none,
    those of the nearest ancestor that has some (a role covers the unit's subtree, so they
    are the ones who may fill it in). Active accounts, each once, in a stable order."""
    assignments = list(
        RoleAssignment.objects.filter(
            role__in=REPORTING_ROLES, unit__path__in=unit.ancestor_paths, user__is_active=True
        ).select_related("user", "unit")
    )
    if not assignments:
        return []
    nearest = max(a.unit.depth for a in assignments)
    users = {}
    for assignment in sorted(assignments, key=lambda a: a.user_id):
        if assignment.unit.depth == nearest:
            users.setdefault(assignment.user_id, assignment.user)
    return list(users.values())


def report_filers_many(units) -> dict[int, list]:
    """`report_filers` of many units at once (two queries whatever their number)."""
    units = list(units)
    paths = {path for unit in units for path in unit.ancestor_paths}
    if not paths:
        return {}
    by_path: dict[str, list] = {}
    for assignment in (
        RoleAssignment.objects.filter(
            role__in=REPORTING_ROLES, unit__path__in=paths, user__is_active=True
        )
        .select_related("user", "unit")
        .order_by("user_id")
    ):
        by_path.setdefault(assignment.unit.path, []).append(assignment)
    filers = {}
    for unit in units:
        # The nearest ancestor (the unit itself first) that has reporting roles.
        for path in sorted(unit.ancestor_paths, key=len, reverse=True):
            if path in by_path:
                users = {}
                for assignment in by_path[path]:
                    users.setdefault(assignment.user_id, assignment.user)
                filers[unit.pk] = list(users.values())
                break
    return filers


# The statistics (biểu 0601.N–0603.N) of an organisation are compiled by its office and read
# by its leaders.
STATISTICS_ROLES = (Role.OFFICE, Role.LEADER)


def statistics_units_visible_to(user) -> QuerySet[Unit]:
    """The units whose statistics the user may produce: those under an office or leader role."""
    return Unit.objects.filter(access.scope_q(user, "path", STATISTICS_ROLES))


def statistics_organisations_of(user) -> list[Unit]:
    """The roots the user holds the office or leader role at, in tree order."""
    paths = access.scope_paths(user, STATISTICS_ROLES)
    return list(Unit.objects.filter(path__in=paths).order_by("path"))


def can_view_statistics(user, organisations: list[Unit] | None = None) -> bool:
    """Whether the statistics page opens for the user (the rule of its view, and of the
    links to it): a superuser, or an office reviewer or leader of an organisation."""
    if getattr(user, "is_superuser", False):
        return True
    if organisations is None:
        organisations = statistics_organisations_of(user)
    return bool(organisations)
