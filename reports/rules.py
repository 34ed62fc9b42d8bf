"""Who may do what with yearly reports: used by views, templates and tests alike."""

from units import access
from units.models import Role

from .models import EDITABLE_STATUSES, ReportStatus

REPORTING_ROLES = (Role.UNIT_STAFF, Role.UNIT_HEAD)


def can_edit_report(user, report) -> bool:
    """The unit's staff and head fill in the report while it is not handed in."""
    return report.status in EDITABLE_STATUSES and access.has_role(
        user, *REPORTING_ROLES, unit=report.unit
    )


def can_submit_report(user, report) -> bool:
    return can_edit_report(user, report)


def can_manage_cycle(user, cycle) -> bool:
    """The office of the issuing body: dashboards actions, return, accept, remind, compile."""
    from .services import manages_cycle

    return manages_cycle(user, cycle)


def can_view_cycle(user, cycle) -> bool:
    """Office, leaders and administrators of the issuing body see the dashboard."""
    return access.has_role(user, *access.ORGANISATION_ROLES, unit=cycle.campaign.issuing_unit)


def can_review_report(user, report) -> bool:
    return report.status == ReportStatus.SUBMITTED and can_manage_cycle(user, report.cycle)


def can_open_cycles(user) -> bool:
    return access.has_role(user, *access.MANAGING_ROLES)
