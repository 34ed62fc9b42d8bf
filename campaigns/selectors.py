from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from units import access
from units.models import Unit

from .models import Campaign, Phase


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    """Campaigns issued within the user's organisation scope, or that the user's units join.

    A unit joins a campaign when it, an ancestor or a descendant of it is a participant
    (participants stand for their whole subtree).
    """
    if getattr(user, "is_superuser", False):
        return Campaign.objects.all()
    q = access.scope_q(user, "issuing_unit__path", access.ORGANISATION_ROLES)
    for assignment in access.assignments(user):
        unit = assignment.unit
        q |= Q(participants__path__in=unit.ancestor_paths)
        if assignment.role in access.UNIT_ROLES:
            q |= Q(participants__path__startswith=unit.path)
    council = [a.unit.path for a in access.assignments(user) if a.role == "council"]
    for path in council:
        q |= Q(issuing_unit__path__startswith=path)
    ids = Campaign.objects.filter(q).values("pk")
    return Campaign.objects.filter(pk__in=ids)


def campaigns_editable_by(user) -> QuerySet[Campaign]:
    """Campaigns an office reviewer or administrator may change: issued within their scope."""
    return Campaign.objects.filter(
        access.scope_q(user, "issuing_unit__path", access.MANAGING_ROLES)
    )


def issuing_units_for(user):
    """Units the user may issue a campaign for (and choose participants among)."""
    return Unit.objects.filter(access.scope_q(user, "path", access.MANAGING_ROLES)).filter(
        active=True
    )


def with_current_phase(queryset, today=None):
    """Annotate `current_phase_kind` and `current_phase_start`: the latest phase started."""
    today = today or timezone.localdate()
    started = Phase.objects.filter(campaign=OuterRef("pk"), start_date__lte=today).order_by(
        "-start_date", "-id"
    )
    return queryset.annotate(
        current_phase_kind=Subquery(started.values("kind")[:1]),
        current_phase_title=Subquery(started.values("title")[:1]),
    )


def unit_campaigns_section(user, unit) -> dict:
    """The campaigns a unit takes part in (or issued), for the unit's page (`units.sections`)."""
    campaigns = (
        campaigns_visible_to(user)
        .filter(Q(participants__path__in=unit.ancestor_paths) | Q(issuing_unit=unit))
        .select_related("issuing_unit")
        .distinct()
        .order_by("-start_year", "title")
    )
    return {"template": "campaigns/_unit_section.html", "campaigns": campaigns}


def campaign_units(campaign) -> list:
    """A campaign's (a Campaign or its id) issuing and managing units: objects when loaded,
    else ids; for what is kept per unit (the home page's panels)."""
    from units.paths import related

    if isinstance(campaign, Campaign):
        return [related(campaign, "issuing_unit"), related(campaign, "managing_unit")]
    return [
        unit
        for pair in Campaign.objects.filter(pk=campaign).values_list(
            "issuing_unit_id", "managing_unit_id"
        )
        for unit in pair
    ]
