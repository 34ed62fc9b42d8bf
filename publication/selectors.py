"""What the public pages read, and the office's list of comments.

Public rows are built here as plain dicts holding only a name, a unit and the award (and the
decision that granted it): a template cannot reach a birth date, a position or a contact.
"""

from django.db.models import QuerySet

from awards import consultation
from awards.models import AwardProposal, AwardRound, NomineeKind, ProposalStatus
from campaigns.models import Campaign
from initiatives import selectors as initiative_selectors
from units import access

from .models import PublicComment

# A proposal is on the proposed list once its unit submitted it, until it is rejected.
PROPOSED_STATES = (ProposalStatus.SUBMITTED, ProposalStatus.CHECKED, ProposalStatus.APPROVED)
INITIATIVES_SHOWN = 50


def campaigns_public() -> QuerySet[Campaign]:
    return Campaign.objects.filter(public=True).order_by("-document_date", "-id")


def _nominee(proposal) -> dict:
    if proposal.nominee_kind == NomineeKind.COLLECTIVE:
        unit = proposal.nominee_unit
        return {"name": unit.name, "unit": unit.parent.name if unit.parent_id else ""}
    person = proposal.nominee_person
    return {"name": person.full_name, "unit": person.unit.name}


def _proposals(**filters) -> QuerySet[AwardProposal]:
    return (
        AwardProposal.objects.filter(**filters)
        .select_related(
            "award_form", "nominee_unit__parent", "nominee_person__unit", "round__campaign"
        )
        .order_by("award_form__order", "award_form__id", "nominee_kind", "id")
    )


def awards_decided(campaign) -> list[dict]:
    """The awards of the campaign granted by a recorded decision."""
    return [
        {
            **_nominee(p),
            "award": p.award_form.name,
            "decision_number": p.decision_number,
            "decision_date": p.decision_date,
            "authority": p.decision_authority or p.award_form.authority,
        }
        for p in _proposals(round__campaign=campaign, status=ProposalStatus.DECIDED)
    ]


def rounds_open_for_comments(campaign) -> QuerySet[AwardRound]:
    today = consultation.today()
    return campaign.award_rounds.filter(
        comments_from__lte=today, comments_until__gte=today
    ).order_by("comments_until", "id")


def round_public(pk) -> AwardRound | None:
    """A round of a public campaign whose proposed list was opened for comments."""
    return (
        AwardRound.objects.filter(pk=pk, campaign__public=True, comments_from__isnull=False)
        .select_related("campaign")
        .first()
    )


def proposed_list(award_round) -> list[dict]:
    return [
        {"pk": p.pk, **_nominee(p), "award": p.award_form.name}
        for p in _proposals(round=award_round, status__in=PROPOSED_STATES)
    ]


def recognised_initiatives(campaign):
    """The first recognised initiatives of the campaign (the full list is paged on its own
    page) and whether there are more."""
    rows = list(
        initiative_selectors.recognised_public().filter(campaign=campaign)[: INITIATIVES_SHOWN + 1]
    )
    return rows[:INITIATIVES_SHOWN], len(rows) > INITIATIVES_SHOWN


def can_read_comments(user, award_round) -> bool:
    """The office (or administrator) of the organisation that issued the campaign."""
    return access.has_role(user, *access.MANAGING_ROLES, unit=award_round.campaign.issuing_unit)


def comments_of(award_round) -> QuerySet[PublicComment]:
    return award_round.public_comments.select_related(
        "proposal__award_form",
        "proposal__nominee_unit",
        "proposal__nominee_person",
        "responded_by",
    )
