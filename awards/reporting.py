"""The awards that yearly reports and the statistics count (registered in `reports.sources`),
and those a phase's conference honours (registered in `campaigns.conference`)."""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from reports.figures import figures_changed
from reports.sources import AwardSource

from .models import AwardProposal, ProposalStatus


def decided_awards(*, organisation, start, end, year: int, groups) -> list:
    """Awards decided in the period (or, with no decision date, in a round of the year) to
    the organisation's units and people (the organisation itself and every unit under it),
    each award once."""
    in_tree = Q(nominee_unit__path__startswith=organisation.path) | Q(
        nominee_person__unit__path__startswith=organisation.path
    )
    decided = Q(decision_date__range=(start, end)) | Q(decision_date__isnull=True, round__year=year)
    return list(
        AwardProposal.objects.filter(in_tree, decided)
        .filter(status=ProposalStatus.DECIDED, award_form__statistics_group__in=groups)
        .select_related("award_form", "round__campaign", "nominee_unit", "nominee_person__unit")
        .order_by("pk")
    )


def awards_received(unit, year: int) -> int:
    """Awards decided in the year for the unit or its people."""
    return AwardProposal.objects.filter(
        Q(nominee_unit=unit) | Q(nominee_person__unit=unit),
        status=ProposalStatus.DECIDED,
        decision_date__year=year,
    ).count()


SOURCE = AwardSource(decided=decided_awards, received=awards_received)


def _proposal_changed(sender, instance, **kwargs):
    from units.models import Person

    units = [instance.nominee_unit_id]
    if instance.nominee_person_id:
        units += Person.objects.filter(pk=instance.nominee_person_id).values_list(
            "unit_id", flat=True
        )
    figures_changed(*units)


def connect_figure_signals() -> None:
    """Forget the stored report figures of a proposal's unit when the proposal changes
    (`awards_received` counts the decided ones)."""
    for signal in (post_save, post_delete):
        signal.connect(_proposal_changed, sender=AwardProposal, dispatch_uid="figures-proposal")


def conference_honourees(phase):
    """The awards approved or decided in the campaign's rounds of the phase's kind (sơ kết,
    tổng kết): those its conference honours, by award form then collectives first."""
    return (
        AwardProposal.objects.filter(
            round__campaign_id=phase.campaign_id,
            round__kind=phase.kind,
            status__in=[ProposalStatus.APPROVED, ProposalStatus.DECIDED],
        )
        .select_related(
            "award_form", "nominee_unit", "nominee_person", "nominee_person__unit", "round"
        )
        .order_by("award_form__order", "award_form_id", "nominee_kind", "id")
    )
