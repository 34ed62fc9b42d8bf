"""The conference of a phase (hội nghị sơ kết, tổng kết): the delegates each unit sends, with
their confirmation, and the honourees taken from the approved awards of the phase's round.

The office (or administrator) of the issuing organisation manages the delegates; every change
is written to the phase's history."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.services import history_record
from units import access
from units.models import Unit

from .models import ConferenceDelegate, Phase


class ConferenceError(Exception):
    """A change the conference refuses, with the message to show."""


def can_manage_conference(user, phase: Phase) -> bool:
    return access.has_role(user, *access.MANAGING_ROLES, unit=phase.campaign.issuing_unit)


def _check_actor(by, phase: Phase) -> None:
    if by is None or not can_manage_conference(by, phase):
        raise ConferenceError(_("You may not change the delegates of this conference."))


def invitable_units(phase: Phase):
    """The units that may send delegates: the issuing organisation's and the participants'
    subtrees, active ones only."""
    campaign = phase.campaign
    paths = [campaign.issuing_unit.path, *campaign.participants.values_list("path", flat=True)]
    units = Unit.objects.none()
    for path in paths:
        units |= Unit.objects.filter(path__startswith=path)
    return units.filter(active=True).distinct().order_by("path")


@transaction.atomic
def delegate_add(*, phase: Phase, unit: Unit, full_name: str, position: str, by):
    _check_actor(by, phase)
    full_name, position = full_name.strip(), position.strip()
    if not full_name:
        raise ConferenceError(_("Enter the delegate's full name."))
    if not invitable_units(phase).filter(pk=unit.pk).exists():
        raise ConferenceError(_("This unit does not take part in the campaign."))
    try:
        with transaction.atomic():
            delegate = ConferenceDelegate.objects.create(
                phase=phase, unit=unit, full_name=full_name, position=position, created_by=by
            )
    except IntegrityError:
        raise ConferenceError(_("This delegate is already on the list.")) from None
    history_record(subject=phase, by=by, action="delegate_add", note=f"{full_name} — {unit.name}")
    return delegate


@transaction.atomic
def delegate_confirm(*, delegate: ConferenceDelegate, by, confirmed: bool = True):
    """Mark that the delegate attends (or withdraw the confirmation)."""
    _check_actor(by, delegate.phase)
    was = delegate.confirmed_at is not None
    if was == confirmed:
        return delegate
    delegate.confirmed_at = timezone.now() if confirmed else None
    delegate.confirmed_by = by if confirmed else None
    delegate.save(update_fields=["confirmed_at", "confirmed_by"])
    history_record(
        subject=delegate.phase,
        by=by,
        action="delegate_confirm" if confirmed else "delegate_unconfirm",
        from_state="confirmed" if was else "invited",
        to_state="confirmed" if confirmed else "invited",
        note=f"{delegate.full_name} — {delegate.unit.name}",
    )
    return delegate


def delegates_by_unit(phase: Phase) -> list[dict]:
    """The delegates grouped by unit, in the unit tree's order."""
    groups: dict[int, dict] = {}
    for delegate in phase.delegates.select_related("unit").order_by("unit__path", "id"):
        group = groups.setdefault(
            delegate.unit_id, {"unit": delegate.unit, "delegates": [], "confirmed": 0}
        )
        group["delegates"].append(delegate)
        group["confirmed"] += delegate.confirmed_at is not None
    return list(groups.values())


# The awards app, above campaigns, registers where the honourees come from when it starts
# (`AwardsConfig.ready`): campaigns do not import awards. Without it, nobody is honoured.
_honourees_source = None


def register_honourees(source) -> None:
    """`source(phase)` gives the awards approved or decided in the campaign's rounds of the
    phase's kind, in the order the conference honours them."""
    global _honourees_source
    _honourees_source = source


def honourees(phase: Phase):
    """The awards approved or decided in the campaign's rounds of the phase's kind (sơ kết,
    tổng kết): those the conference honours, by award form then collectives first."""
    if _honourees_source is None:
        return []
    return _honourees_source(phase)
