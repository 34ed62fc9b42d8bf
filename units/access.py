"""The one place that decides what a user may see and do.

A role is held over a unit's subtree. Unit staff and unit heads see their unit and its
sub-units; office reviewers, leaders and administrators are assigned at their
organisation's root unit and so see the whole organisation; council members see what is
assigned to them (the initiatives and awards apps scope that). A superuser sees everything.

Every list and detail view starts from a `*_visible_to(user)` selector built on
`scope_q`, so anything outside a user's scope is simply not found (404).
"""

from django.db.models import Q, QuerySet

from .models import Person, Role, RoleAssignment, Unit

UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_HEAD)
ORGANISATION_ROLES = (Role.OFFICE, Role.LEADER, Role.ADMIN)
MANAGING_ROLES = (Role.OFFICE, Role.ADMIN)
BROWSING_ROLES = UNIT_ROLES + ORGANISATION_ROLES
NOTHING = Q(pk__in=[])


def assignments(user) -> list[RoleAssignment]:
    """The user's role assignments with their units, read once per request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_role_assignments", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("unit"))
        user._role_assignments = cached
    return cached


def roles_of(user) -> set[str]:
    roles = {a.role for a in assignments(user)}
    if getattr(user, "is_superuser", False):
        roles.add(Role.ADMIN)
    return roles


def scope_paths(user, roles=BROWSING_ROLES) -> list[str]:
    """Unit paths whose subtrees the user covers through any of `roles`."""
    paths = sorted({a.unit.path for a in assignments(user) if a.role in roles})
    # Drop paths already covered by an ancestor path.
    kept: list[str] = []
    for path in paths:
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def scope_q(user, path_field: str, roles=BROWSING_ROLES) -> Q:
    """A filter for rows whose unit path (`path_field`, e.g. "unit__path") is in scope."""
    if getattr(user, "is_superuser", False):
        return Q()
    q = NOTHING
    for path in scope_paths(user, roles):
        q |= Q(**{f"{path_field}__startswith": path})
    return q


def has_role(user, *roles, unit: Unit | None = None) -> bool:
    """Whether the user holds one of `roles` (over `unit`, when given)."""
    if getattr(user, "is_superuser", False):
        return True
    for a in assignments(user):
        if a.role in roles and (unit is None or unit.path.startswith(a.unit.path)):
            return True
    return False


def is_organisation_user(user) -> bool:
    return has_role(user, *ORGANISATION_ROLES)


def units_visible_to(user) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_q(user, "path"))


def people_visible_to(user) -> QuerySet[Person]:
    return Person.objects.filter(scope_q(user, "unit__path"))


def users_manageable_by(user):
    """Accounts an office reviewer or administrator may manage: people of their scope."""
    from .models import User

    q = scope_q(user, "person__unit__path", MANAGING_ROLES)
    return User.objects.filter(q)


def can_manage_unit(user, unit: Unit) -> bool:
    """Create, edit, import units and people, and manage accounts under `unit`."""
    return has_role(user, *MANAGING_ROLES, unit=unit)


def can_manage_any_unit(user) -> bool:
    return has_role(user, *MANAGING_ROLES)


def own_unit(user) -> Unit | None:
    """The unit of the person behind the account (for conflict-of-interest rules)."""
    person = getattr(user, "person", None)
    return person.unit if person else None
