from django.db.models import Q, QuerySet

from units import access

from .models import Campaign


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
