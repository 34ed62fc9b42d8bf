"""Home page panels: what waits for the user in the award rounds."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.panels import count as panel_count
from units import access
from units.models import Role

from .models import ProposalStatus, RoundStatus
from .selectors import proposals_visible_to, rounds_visible_to

LIMIT = 5


def _proposal_item(proposal) -> dict:
    return {
        "url": reverse("awards:proposal_detail", args=[proposal.pk]),
        "label": f"{proposal.nominee_name} — {proposal.award_form.name}",
        "note": proposal.get_status_display(),
    }


def _panel(title, queryset, empty, more_url, item=_proposal_item) -> dict:
    rows = list(queryset[: LIMIT + 1])
    counted = panel_count(queryset, len(rows), LIMIT + 1)
    return {
        "title": title,
        **counted,
        "items": [item(row) for row in rows[:LIMIT]],
        "more_url": more_url if counted["count"] > LIMIT else "",
        "empty": empty,
    }


def panels(user) -> list[dict]:
    result = []
    # Only what a row shows (nominee, award form): every join more costs PostgreSQL
    # milliseconds of planning on each home page.
    proposals = (
        proposals_visible_to(user)
        .select_related("award_form", "nominee_unit", "nominee_person")
        .only(
            "status",
            "nominee_kind",
            "award_form__name",
            "nominee_unit__name",
            "nominee_person__full_name",
        )
        .order_by("-updated_at", "-id")
    )
    more = reverse("awards:proposal_list")
    if access.has_role(user, Role.UNIT_HEAD):
        mine = proposals.filter(
            access.scope_q(user, "proposing_unit__path", (Role.UNIT_HEAD,)),
            status__in=(ProposalStatus.DRAFT, ProposalStatus.RETURNED),
            round__status=RoundStatus.OPEN,
        )
        result.append(
            _panel(
                _("Award proposals to confirm"),
                mine,
                _("No proposal waits for your confirmation."),
                more + "?status=draft",
            )
        )
    elif access.has_role(user, Role.UNIT_STAFF):
        returned = proposals.filter(
            access.scope_q(user, "proposing_unit__path", (Role.UNIT_STAFF,)),
            status=ProposalStatus.RETURNED,
        )
        result.append(
            _panel(
                _("Award proposals returned for revision"),
                returned,
                _("No proposal of your unit was returned."),
                more + "?status=returned",
            )
        )
    if access.has_role(user, *access.MANAGING_ROLES):
        result.append(
            _panel(
                _("Award proposals to check"),
                proposals.filter(status=ProposalStatus.SUBMITTED),
                _("No proposal waits for the office's check."),
                more + "?status=submitted",
            )
        )
    if access.has_role(user, Role.LEADER):
        finalised = (
            rounds_visible_to(user)
            .filter(status=RoundStatus.FINALISED)
            .select_related("campaign")
            .order_by("-finalised_at", "-id")
        )
        result.append(
            _panel(
                _("Finalised award rounds"),
                finalised,
                _("No award round has been finalised yet."),
                reverse("awards:list") + "?status=finalised",
                item=lambda r: {
                    "url": reverse("awards:round_detail", args=[r.pk]),
                    "label": f"{r} — {r.campaign.number_label}",
                    "note": _("dossier"),
                },
            )
        )
    return result
