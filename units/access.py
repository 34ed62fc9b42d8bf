"""The one place that decides what a user may see and do.

A role is held over a unit's subtree. Unit staff and unit heads see their unit and its
sub-units; office reviewers, leaders and administrators are assigned at their
organisation's root unit and so see the whole organisation; council members see what is
assigned to them (the initiatives and awards apps scope that). A superuser sees everything.

Every list and detail view starts from a `*_visible_to(user)` selector built on
`scope_q`, so anything outside a user's scope is simply not found (404).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from .models import Person, Role, RoleAssignment, Unit, User

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


# A subtree of at most this many units is named by its unit ids (`unit_scope_q`).
FEW_UNITS = 50


def unit_scope_q(user, unit_field: str, roles=BROWSING_ROLES) -> Q:
    """`scope_q` for rows with a foreign key to their unit (`unit_field`, e.g. "unit"): the
    same rows, but a small subtree (a school and its groups) is named by its unit ids.

    PostgreSQL guesses a path prefix at 1% of the units whatever the subtree, so on a large
    table listed in its own order (newest first) it walks the whole table's index for the
    few rows of one school (hundreds of thousands of rows read for a page of 50, seconds
    under load); with the ids it reads those units' rows through their index. A large
    subtree (an organisation) keeps the path condition, for which that walk is right."""
    if getattr(user, "is_superuser", False):
        return Q()
    q = NOTHING
    for path in scope_paths(user, roles):
        ids = list(
            Unit.objects.filter(path__startswith=path)
            .order_by("pk")
            .values_list("pk", flat=True)[: FEW_UNITS + 1]
        )
        if len(ids) <= FEW_UNITS:
            q |= Q(**{f"{unit_field}__in": ids})
        else:
            q |= Q(**{f"{unit_field}__path__startswith": path})
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


def can_view_unit(user, unit: Unit | None) -> bool:
    """Whether the unit's page opens for the user: the rule of `units_visible_to`, read from
    the assignments already loaded (no query), for the links the pages show."""
    if unit is None:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return any(unit.path.startswith(path) for path in scope_paths(user))


def can_view_person(user, person: Person | None) -> bool:
    """Whether the person's page opens for the user: the rule of `people_visible_to`."""
    return person is not None and can_view_unit(user, person.unit)


def people_visible_to(user) -> QuerySet[Person]:
    return Person.objects.filter(scope_q(user, "unit__path"))


def accounts_visible_to(user) -> QuerySet[User]:
    """Accounts an office reviewer or administrator sees: those of the people of their scope.

    Seeing is not changing: `account_change_refusal` decides which of them they may change.
    """
    return User.objects.filter(scope_q(user, "person__unit__path", MANAGING_ROLES))


# --- the privilege ceiling on account management ----------------------------------------
#
# A user changes the email, password, active flag or roles only of an account whose every
# role lies within their managing scope and ranks below the managing role they hold there
# (office < leader < administrator); a superuser account only if they are a superuser
# themselves; never their own account. Nobody grants a role at or above their own rank or
# outside their scope. Otherwise an office reviewer could put their own address on a
# higher account and take it over through the password reset email.
# The ranks follow the roles of DESIGN.md §1 (the portal's own access policy, not a legal
# rule); unit roles and council members manage no accounts and rank lowest.

ROLE_RANK = {
    Role.UNIT_STAFF: 1,
    Role.UNIT_HEAD: 1,
    Role.COUNCIL: 1,
    Role.OFFICE: 2,
    Role.LEADER: 3,
    Role.ADMIN: 4,
}


def _managing_rank(user, unit: Unit) -> int:
    """The highest rank of a managing role `user` holds over `unit` (0: none)."""
    return max(
        (
            ROLE_RANK[a.role]
            for a in assignments(user)
            if a.role in MANAGING_ROLES and unit.path.startswith(a.unit.path)
        ),
        default=0,
    )


def roles_grantable_by(user, unit: Unit | None = None) -> list[str]:
    """Roles `user` may grant (over `unit`, when given): those below their own rank."""
    if getattr(user, "is_superuser", False):
        return list(Role.values)
    if unit is not None:
        rank = _managing_rank(user, unit)
    else:
        managing = [a.role for a in assignments(user) if a.role in MANAGING_ROLES]
        rank = max((ROLE_RANK[role] for role in managing), default=0)
    return [role for role in Role.values if ROLE_RANK[role] < rank]


def account_change_refusal(user, account: User) -> str | None:
    """Why `user` may not change `account` (email, password, active flag, roles), or None.

    `account.role_assignments` may be prefetched with their units (the account list does).
    """
    if not getattr(user, "is_authenticated", False):
        return str(_("You may not change this account."))
    if account.pk == user.pk:
        return str(_("You may not change your own account or roles here."))
    if account.is_superuser:
        if user.is_superuser:
            return None
        return str(_("Only a superuser may change a superuser account."))
    if user.is_superuser:
        return None
    person_unit = account.person.unit if account.person_id else None
    if person_unit is None or not _managing_rank(user, person_unit):
        return str(_("This account belongs to a person outside your scope."))
    for assignment in account.role_assignments.all():
        if ROLE_RANK[assignment.role] >= _managing_rank(user, assignment.unit):
            return str(
                _(
                    "This account holds the role “%(role)s” over “%(unit)s”, which is not "
                    "below your own rank within your scope: only someone of higher rank may "
                    "change it."
                )
                % {"role": assignment.get_role_display(), "unit": assignment.unit}
            )
    return None


def can_change_account(user, account: User) -> bool:
    return account_change_refusal(user, account) is None


def role_grant_refusal(user, account: User, role: str, unit: Unit) -> str | None:
    """Why `user` may not grant `role` over `unit` to `account`, or None."""
    refusal = account_change_refusal(user, account)
    if refusal:
        return refusal
    if getattr(user, "is_superuser", False):
        return None
    if not _managing_rank(user, unit):
        return str(_("“%(unit)s” is outside your scope.") % {"unit": unit})
    if role not in roles_grantable_by(user, unit):
        return str(
            _(
                "You may not grant the role “%(role)s”: only someone of higher rank than "
                "that role may grant it."
            )
            % {"role": Role(role).label}
        )
    return None


def accounts_changeable_by(user) -> QuerySet[User]:
    """The accounts `user` may change: the queryset form of `account_change_refusal`."""
    if not getattr(user, "is_authenticated", False):
        return User.objects.none()
    others = accounts_visible_to(user).exclude(pk=user.pk)
    if user.is_superuser:
        return others
    below = NOTHING
    for a in assignments(user):
        if a.role in MANAGING_ROLES:
            lower = [r for r in Role.values if ROLE_RANK[r] < ROLE_RANK[a.role]]
            below |= Q(unit__path__startswith=a.unit.path, role__in=lower)
    out_of_reach = RoleAssignment.objects.filter(user=OuterRef("pk")).exclude(below)
    return others.filter(is_superuser=False).exclude(Exists(out_of_reach))


def can_manage_unit(user, unit: Unit) -> bool:
    """Create, edit, import units and people, and manage accounts under `unit`."""
    return has_role(user, *MANAGING_ROLES, unit=unit)


def can_manage_any_unit(user) -> bool:
    return has_role(user, *MANAGING_ROLES)


def own_unit(user) -> Unit | None:
    """The unit of the person behind the account (for conflict-of-interest rules)."""
    person = getattr(user, "person", None)
    return person.unit if person else None


# --- conflict of interest ----------------------------------------------------------------
#
# One rule for every judgement a council makes (scoring an initiative, the awards council's
# proposals): a judge has a conflict of interest with a record when
#   - the judge is one of the people it is about (an initiative's author, a proposal's
#     nominee), or
#   - the judge's own unit and a unit the record is about (the initiative's unit, the
#     nominated unit, the nominee's unit) lie on one branch of the tree: the same unit,
#     one of its sub-units or a unit above it (a teacher does not judge their school, a
#     section of it, nor the Sở their school belongs to), or
#   - the unit that puts the record forward (a proposal's proposing unit) is the judge's
#     own unit or one under it.
# This is the stricter of the two earlier copies: the awards copy left out the units above
# the judge's own unit; the initiatives copy had both directions. A unit above the judge
# that only forwards a proposal about someone else is no conflict: otherwise a proposal the
# Sở itself puts forward could be judged by nobody below it.


def _on_branch(mine: str, theirs: str) -> bool:
    return theirs.startswith(mine) or mine.startswith(theirs)


def conflict_of_interest(user, *, units=(), person_ids=(), from_units=()) -> bool:
    """Whether `user` must not judge a record about `units` and the people `person_ids`,
    put forward by `from_units`."""
    person = getattr(user, "person", None)
    if person is None:
        return False
    if person.pk in {pk for pk in person_ids if pk is not None}:
        return True
    mine = person.unit.path
    if any(unit is not None and _on_branch(mine, unit.path) for unit in units):
        return True
    return any(unit is not None and unit.path.startswith(mine) for unit in from_units)


def conflict_q(user, *, unit_fields=(), person_fields=(), from_unit_fields=()) -> Q:
    """The queryset form of `conflict_of_interest`: rows whose unit fields (e.g.
    "nominee_unit"), person fields (e.g. "authors__person") or forwarding unit fields
    (e.g. "proposing_unit") put `user` in conflict."""
    person = getattr(user, "person", None)
    if person is None:
        return NOTHING
    unit = person.unit
    q = NOTHING
    for name in unit_fields:
        q |= Q(**{f"{name}__path__startswith": unit.path})
        q |= Q(**{f"{name}__path__in": unit.ancestor_paths})
    for name in from_unit_fields:
        q |= Q(**{f"{name}__path__startswith": unit.path})
    for name in person_fields:
        q |= Q(**{name: person})
    return q


# --- the level above ---------------------------------------------------------------------
#
# An organisation (a root unit) may name the organisation of the level above it
# (`Unit.upper_organisation`: UBND thành phố Hải Phòng over the Sở GD&ĐT and UBND xã Tứ Kỳ).
# The upper organisation's office, leaders and administrators see, of a lower organisation,
# only what it forwards to them (awards.ForwardedPackage) and its roll-ups (read-only
# progress of its campaigns and yearly reports); never its tree, so every `*_visible_to`
# above stays as it is. The lower organisation's office never sees the upper level's inbox.


def upper_organisations_of(user) -> QuerySet[Unit]:
    """The organisations whose office, leaders or administrators the user is: the upper
    level of any organisation naming one of them."""
    return Unit.objects.filter(parent__isnull=True).filter(
        scope_q(user, "path", ORGANISATION_ROLES)
    )


def lower_organisations_of(user) -> QuerySet[Unit]:
    """The organisations one level below those the user runs (roll-ups and packages)."""
    return Unit.objects.filter(parent__isnull=True).filter(
        scope_q(user, "upper_organisation__path", ORGANISATION_ROLES)
    )


def upper_level_q(user, upper_field: str) -> Q:
    """Rows addressed to an organisation the user runs (`upper_field`, e.g.
    "upper_organisation"): the upper office's side of a forwarded package."""
    return scope_q(user, f"{upper_field}__path", ORGANISATION_ROLES)


def can_set_upper_organisation(user, unit: Unit) -> bool:
    """Name the organisation of the level above `unit` (an organisation, a root unit: the
    model refuses any other): its administrators. Doing so opens the unit's forwarded
    packages and roll-ups to that organisation's office, so the office of the unit may not."""
    return has_role(user, Role.ADMIN, unit=unit)


def can_act_for_upper_level(user, organisation: Unit) -> bool:
    """Receive, check, return, accept and decide what is forwarded to `organisation`."""
    return has_role(user, *MANAGING_ROLES, unit=organisation)
