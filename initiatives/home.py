"""Home page panels: what waits for the user among initiatives."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.panels import count as panel_count
from units import access

from . import selectors
from .charts import charts_counts_kept, counted_at, initiative_charts
from .models import Status

LIMIT = 5


def _panel(title, queryset, more_url, empty, note=None):
    # The newest first, read from the (status, -updated_at, -id) index: five rows, not a
    # sort of every initiative waiting.
    rows = queryset.select_related("unit").only("title", "status", "unit__name")
    items = list(rows.order_by("-updated_at", "-id")[:LIMIT])
    return {
        "title": title,
        **panel_count(queryset, len(items), LIMIT),
        "items": [
            {
                "url": reverse("initiatives:detail", args=[i.pk]),
                "label": i.title,
                "note": note(i) if note else i.get_status_display(),
            }
            for i in items
        ],
        "more_url": more_url,
        "empty": empty,
    }


def panels(user) -> list[dict]:
    out = []
    visible = selectors.initiatives_visible_to(user)
    base = reverse("initiatives:list")
    if access.has_role(user, *access.UNIT_ROLES):
        unit_q = access.scope_q(user, "unit__path", access.UNIT_ROLES)
        out.append(
            _panel(
                _("Initiatives to finish or revise"),
                visible.filter(unit_q, status__in=[Status.DRAFT, Status.RETURNED]),
                f"{base}?status=returned",
                _("No draft or returned initiative."),
            )
        )
    if access.has_role(user, *access.MANAGING_ROLES):
        out.append(
            _panel(
                _("Initiatives waiting for the office"),
                visible.filter(status=Status.SUBMITTED),
                f"{base}?status=submitted",
                _("Nothing waits for review."),
                note=lambda i: i.unit.name,
            )
        )
        counts = charts_counts_kept(user=user)
        out.append(
            {
                "title": _("Initiatives at a glance"),
                "summary": counted_at(counts),
                "charts": initiative_charts(counts),
                "more_url": base,
                "wide": True,
            }
        )
    if access.has_role(user, "council"):
        out.append(
            _panel(
                _("Initiatives to score"),
                selectors.initiatives_assigned_to(user).filter(
                    status=Status.IN_COUNCIL,
                    assignments__member=user,
                    assignments__scored_at__isnull=True,
                    assignments__excused_at__isnull=True,
                ),
                f"{base}?scope=assigned",
                _("Nothing to score."),
            )
        )
    return out
