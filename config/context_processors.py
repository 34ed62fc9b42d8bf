from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from units import access
from units.models import Role

# Main menu entries after "Campaigns": (url name, label, roles that see it or None for all).
NAV = [
    ("initiatives:list", _("Initiatives"), None),
    ("reports:list", _("Yearly reports"), None),
    ("awards:list", _("Awards"), None),
    ("research:list", _("Research tasks"), None),
    ("reports:statistics", _("Statistics"), (Role.OFFICE, Role.LEADER)),
    ("units:accounts", _("Accounts"), access.MANAGING_ROLES),
    ("downloads", _("Downloads"), (Role.ADMIN,)),
]


def portal(request):
    """Navigation facts for the base layout."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = access.roles_of(user)
    items = []
    for url_name, label, needed in NAV:
        if needed is not None and not roles.intersection(needed):
            continue
        try:
            items.append({"url": reverse(url_name), "label": label})
        except NoReverseMatch:
            continue
    return {
        "user_roles": roles,
        "nav_items": items,
        "unread_notifications": user.notifications.filter(read_at__isnull=True).count(),
    }
