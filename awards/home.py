"""Home page panels: what waits for the user in the award rounds."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from portal.panels import count as panel_count
from portal.text import number
from units import access
from units.models import Role, Unit

from . import forwarding
from .models import PackageStatus, ProposalStatus, RoundStatus
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


def _package_item(package, note: str) -> dict:
    return {
        "url": reverse("awards:package_detail", args=[package.pk]),
        "label": f"{package.lower_organisation.name} — {package.round}",
        "note": note,
    }


def inbox_panel(user) -> dict | None:
    """The upper office: packages from the organisations below waiting to be checked
    (received, being checked), the oldest first, with how many wait in each state. None for
    a user who acts for no organisation with one below it."""
    acting = access.scope_q(user, "upper_organisation__path", access.MANAGING_ROLES)
    if not Unit.objects.filter(acting, parent__isnull=True).exists():
        return None
    waiting = forwarding.inbox_of(user).filter(
        acting, status__in=(PackageStatus.RECEIVED, PackageStatus.CHECKING)
    )
    # One aggregate on the index (upper_organisation, status, -sent_at): an inbox holds a
    # package per round of each organisation below, never enough to need the count cap.
    counts = waiting.aggregate(
        received=Count("pk", filter=Q(status=PackageStatus.RECEIVED)),
        checking=Count("pk", filter=Q(status=PackageStatus.CHECKING)),
    )
    rows = (
        waiting.select_related("round", "lower_organisation")
        .only("status", "times_sent", "round__title", "round__kind", "round__year",
              "lower_organisation__name")
        .order_by("sent_at", "id")[:LIMIT]
    )  # fmt: skip
    total = counts["received"] + counts["checking"]

    def note(package):
        if package.times_sent > 1:
            return _("%(status)s, sent again (time %(n)s)") % {
                "status": package.get_status_display(),
                "n": number(package.times_sent),
            }
        return package.get_status_display()

    return {
        "title": _("Packages from the level below to check"),
        "count": total,
        "summary": _("Received: %(received)s · being checked: %(checking)s")
        % {"received": number(counts["received"]), "checking": number(counts["checking"])},
        "items": [_package_item(package, note(package)) for package in rows],
        "more_url": reverse("awards:package_inbox"),
        "empty": _("No package from the level below waits for a check."),
    }


def returned_panel(user) -> dict | None:
    """The lower office: its packages the level above returned, with the reasons, to correct
    and send again. None for a user who acts for no organisation with a level above."""
    has_upper = Unit.objects.filter(
        access.scope_q(user, "path", access.MANAGING_ROLES),
        parent__isnull=True,
        upper_organisation__isnull=False,
    )
    if not has_upper.exists():
        return None
    returned = (
        forwarding.sent_by(user)
        .filter(
            access.scope_q(user, "lower_organisation__path", access.MANAGING_ROLES),
            status=PackageStatus.RETURNED,
        )
        .select_related("round", "upper_organisation")
        .only("return_reasons", "round__title", "round__kind", "round__year",
              "upper_organisation__name")
        .order_by("-sent_at", "-id")
    )  # fmt: skip
    rows = list(returned[: LIMIT + 1])
    counted = panel_count(returned, len(rows), LIMIT + 1)
    return {
        "title": _("Packages returned by the level above"),
        **counted,
        "items": [
            {
                "url": reverse("awards:package_detail", args=[package.pk]),
                "label": f"{package.round} — {package.upper_organisation.name}",
                "note": _("Reasons: %(reasons)s")
                % {"reasons": Truncator(package.return_reasons).chars(160)},
            }
            for package in rows[:LIMIT]
        ],
        "more_url": reverse("awards:package_sent") if counted["count"] > LIMIT else "",
        "empty": _("No package was returned by the level above."),
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
    if access.has_role(user, *access.MANAGING_ROLES):
        result.extend(panel for panel in (inbox_panel(user), returned_panel(user)) if panel)
    return result
