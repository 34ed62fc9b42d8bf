"""Home page panels: the campaigns a user's units take part in, with their current phase."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.panels import count as panel_count
from units import access

from .models import Phase
from .selectors import campaigns_visible_to, with_current_phase

LIMIT = 5


def _item(campaign) -> dict:
    kind = campaign.current_phase_kind
    note = Phase.Kind(kind).label if kind else _("not started")
    return {
        "url": reverse("campaigns:detail", args=[campaign.pk]),
        "label": f"{campaign.number_label} — {campaign.title}",
        "note": note,
    }


def panels(user) -> list[dict]:
    campaigns = with_current_phase(
        campaigns_visible_to(user).only("document_number", "title", "document_date")
    ).order_by("-document_date", "-id")
    if access.has_role(user, *access.ORGANISATION_ROLES):
        title = _("Campaigns of your organisation")
        empty = _("No campaign has been set up yet.")
    elif access.has_role(user, *access.UNIT_ROLES):
        title = _("Campaigns your unit takes part in")
        empty = _("Your unit takes part in no campaign yet.")
    else:
        return []
    rows = list(campaigns[: LIMIT + 1])
    return [
        {
            "title": title,
            **panel_count(campaigns, len(rows), LIMIT + 1),
            "items": [_item(c) for c in rows[:LIMIT]],
            "more_url": reverse("campaigns:list"),
            "empty": empty,
        }
    ]
