"""Who may do what with an initiative: used by services, views, templates and tests."""

from units import access
from units.models import Role

from .models import Level, Status

EDITABLE = (Status.DRAFT, Status.RETURNED)
WITHDRAWABLE = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)
REVIEWING_ROLES = access.MANAGING_ROLES


def is_unit_user(user, initiative) -> bool:
    return access.has_role(user, *access.UNIT_ROLES, unit=initiative.unit)


def is_reviewer(user, initiative) -> bool:
    """The office (or an administrator) of the initiative's organisation."""
    return access.has_role(user, *REVIEWING_ROLES, unit=initiative.unit)


def can_create(user) -> bool:
    return access.has_role(user, *access.UNIT_ROLES)


def can_edit(user, initiative) -> bool:
    return initiative.status in EDITABLE and is_unit_user(user, initiative)


def can_submit(user, initiative) -> bool:
    return can_edit(user, initiative)


def can_withdraw(user, initiative) -> bool:
    return initiative.status in WITHDRAWABLE and is_unit_user(user, initiative)


def can_return(user, initiative) -> bool:
    return initiative.status == Status.SUBMITTED and is_reviewer(user, initiative)


def can_send_to_council(user, initiative) -> bool:
    return initiative.status == Status.SUBMITTED and is_reviewer(user, initiative)


def can_decide(user, initiative) -> bool:
    """Recognise or not recognise."""
    return initiative.status == Status.IN_COUNCIL and is_reviewer(user, initiative)


def can_manage_council(user, initiative) -> bool:
    return initiative.status == Status.IN_COUNCIL and is_reviewer(user, initiative)


def can_add_higher_level(user, initiative) -> bool:
    return initiative.status == Status.RECOGNISED and is_reviewer(user, initiative)


def has_conflict(user, initiative) -> bool:
    """The portal's one conflict-of-interest rule (`access.conflict_of_interest`): the
    member's unit on the initiative unit's branch, or the member among its authors."""
    if getattr(user, "person", None) is None:
        return False
    return access.conflict_of_interest(
        user,
        units=[initiative.unit],
        person_ids=initiative.authors.values_list("person_id", flat=True),
    )


def is_council_member(user) -> bool:
    return access.has_role(user, Role.COUNCIL)


def can_score(user, initiative) -> bool:
    if initiative.status != Status.IN_COUNCIL:
        return False
    if not initiative.assignments.filter(member=user, excused_at__isnull=True).exists():
        return False
    return not has_conflict(user, initiative)


def can_recuse(user, initiative) -> bool:
    """An assigned member may step back from scoring, with a reason."""
    return can_score(user, initiative)


def sees_identities(user, initiative) -> bool:
    """Blind review hides authors and unit from council members (not from the unit or office)."""
    if not initiative.campaign.blind_review:
        return True
    return is_unit_user(user, initiative) or access.has_role(
        user, *access.ORGANISATION_ROLES, unit=initiative.unit
    )


def higher_levels(initiative) -> list[str]:
    """Levels an initiative may still be recognised at, above its highest recognition."""
    from campaigns.models import LEVEL_ORDER

    reached = max((LEVEL_ORDER[r.level] for r in initiative.recognitions.all()), default=0)
    return [level for level in Level if LEVEL_ORDER[level] > reached]
