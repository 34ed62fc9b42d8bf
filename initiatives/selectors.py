"""What a user may see: every initiatives view starts here."""

from django.db.models import Count, Q, QuerySet

from campaigns.models import Level
from units import access
from units.models import Role, Unit

from .models import CouncilAssignment, Initiative, Status


def _conflict_q(user) -> Q:
    """Initiatives a council member must not see (`access.conflict_q`, the one rule)."""
    return access.conflict_q(user, unit_fields=("unit",), person_fields=("authors__person",))


def assigned_q(user) -> Q:
    """Initiatives assigned to the user as a council member, minus conflicts."""
    if not access.has_role(user, Role.COUNCIL):
        return access.NOTHING
    assigned = CouncilAssignment.objects.filter(member=user).values("initiative_id")
    conflicts = Initiative.objects.filter(_conflict_q(user)).values("pk")
    return Q(pk__in=assigned) & ~Q(pk__in=conflicts) & Q(status__in=COUNCIL_STATES)


COUNCIL_STATES = (Status.IN_COUNCIL, Status.RECOGNISED, Status.NOT_RECOGNISED)


def identities_hidden_q(user) -> Q:
    """Initiatives whose authors, unit and investor the user may not see (blind review):
    the queryset form of `rules.sees_identities`. Filters, search and sorting must not
    narrow these by the hidden fields."""
    if getattr(user, "is_superuser", False):
        return access.NOTHING
    if not access.has_role(user, Role.COUNCIL):
        # Only a council assignment shows a user an initiative outside the units they
        # see; without one nothing visible is hidden (and searches keep to the index).
        return access.NOTHING
    sees = access.scope_q(user, "unit__path", access.UNIT_ROLES) | access.scope_q(
        user, "unit__path", access.ORGANISATION_ROLES
    )
    return Q(campaign__blind_review=True) & ~sees


def initiatives_visible_to(user) -> QuerySet[Initiative]:
    """The unit's own (subtree, drafts included); the organisation's past the draft stage;
    a council member's assignments."""
    if not getattr(user, "is_authenticated", False):
        return Initiative.objects.none()
    if getattr(user, "is_superuser", False):
        return Initiative.objects.all()
    q = access.unit_scope_q(user, "unit", access.UNIT_ROLES)
    q |= access.unit_scope_q(user, "unit", access.ORGANISATION_ROLES) & ~Q(status=Status.DRAFT)
    q |= assigned_q(user)
    return Initiative.objects.filter(q)


def initiatives_assigned_to(user) -> QuerySet[Initiative]:
    return Initiative.objects.filter(assigned_q(user))


def initiatives_for_list(user, *, scope: str = "") -> QuerySet[Initiative]:
    """The list's rows with what each row shows, loaded without a query per row."""
    qs = initiatives_assigned_to(user) if scope == "assigned" else initiatives_visible_to(user)
    return qs.select_related("campaign", "unit").prefetch_related("authors", "recognitions")


def recognised_public() -> QuerySet[Initiative]:
    """Recognised initiatives of campaigns that publish them."""
    return (
        Initiative.objects.filter(status=Status.RECOGNISED, campaign__public=True)
        .select_related("campaign", "unit")
        .prefetch_related("authors", "recognitions")
        .order_by("title_sort", "id")
    )


def ten_percent_rows(user, *, year: int) -> list[dict]:
    """Per visible unit: headcount, initiatives recognised at cơ sở in `year`, the 10 % target.

    One aggregate query: the count of grassroots recognitions decided in `year` for the
    unit's own initiatives.
    """
    units = (
        access.units_visible_to(user)
        .filter(active=True)
        .annotate(
            recognised=Count(
                "initiatives__recognitions",
                filter=Q(
                    initiatives__recognitions__level=Level.BASE,
                    initiatives__recognitions__decision_date__year=year,
                ),
            ),
        )
        .values("pk", "code", "name", "name_sort", "path", "headcount", "recognised")
    )
    rows = []
    for unit in units:
        target = unit["headcount"] / 10
        rows.append(
            {
                **unit,
                "target": target,
                "ratio": (unit["recognised"] * 100 / unit["headcount"])
                if unit["headcount"]
                else None,
                "met": unit["headcount"] > 0 and unit["recognised"] >= target,
            }
        )
    return rows


def reviewers_of(unit: Unit):
    """Office reviewers over a unit."""
    from units.models import User

    return User.objects.filter(
        is_active=True,
        role_assignments__role=Role.OFFICE,
        role_assignments__unit__path__in=unit.ancestor_paths,
    ).distinct()


def unit_staff_of(unit: Unit):
    """Unit staff and unit heads over a unit (its own or an ancestor's)."""
    from units.models import User

    return User.objects.filter(
        is_active=True,
        role_assignments__role__in=access.UNIT_ROLES,
        role_assignments__unit__path__in=unit.ancestor_paths,
    ).distinct()
