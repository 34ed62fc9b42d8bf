"""Who may do what with award rounds and proposals. Views, templates and tests use these.

Unit staff and unit heads act for the unit that proposes (and its sub-units); the office of
the organisation that issued the campaign checks, records the council and decides; leaders
read and download the dossier.
"""

from decimal import Decimal
from fractions import Fraction

from units import access
from units.models import Role

from .models import AwardProposal, AwardRound, ProposalStatus, RoundStatus

EDITABLE_STATES = (ProposalStatus.DRAFT, ProposalStatus.RETURNED)
# Submitted to the office and waiting for its check or the council's decision.
PENDING_STATES = (ProposalStatus.SUBMITTED, ProposalStatus.CHECKED)
# Counted against the quotas of an award form.
AWARDED_STATES = (ProposalStatus.APPROVED, ProposalStatus.DECIDED)

# A council meeting is quorate when at least this share of all members attends; absent
# members may still vote in writing. Each campaign keeps its own share and its source
# (campaigns.models.COUNCIL_QUORUM is the default).


def _manages_round(user, award_round: AwardRound) -> bool:
    return access.has_role(user, *access.MANAGING_ROLES, unit=award_round.campaign.issuing_unit)


def can_manage_rounds(user, campaign) -> bool:
    """Open rounds of a campaign: the office of the organisation that issued it."""
    return access.has_role(user, *access.MANAGING_ROLES, unit=campaign.issuing_unit)


def can_propose(user, unit) -> bool:
    """Unit staff and heads draft proposals for their unit (and its sub-units)."""
    return access.has_role(user, *access.UNIT_ROLES, unit=unit)


def can_propose_in_round(user, award_round: AwardRound) -> bool:
    return award_round.status == RoundStatus.OPEN and access.has_role(user, *access.UNIT_ROLES)


def can_edit_proposal(user, proposal: AwardProposal) -> bool:
    return (
        proposal.status in EDITABLE_STATES
        and proposal.round.status == RoundStatus.OPEN
        and can_propose(user, proposal.proposing_unit)
    )


def can_confirm_proposal(user, proposal: AwardProposal) -> bool:
    """The head of the proposing unit confirms before the proposal goes to the office."""
    return (
        proposal.status in EDITABLE_STATES
        and proposal.round.status == RoundStatus.OPEN
        and access.has_role(user, Role.UNIT_HEAD, unit=proposal.proposing_unit)
    )


def can_check_proposal(user, proposal: AwardProposal) -> bool:
    return (
        proposal.status in PENDING_STATES
        and proposal.round.status != RoundStatus.FINALISED
        and _manages_round(user, proposal.round)
    )


def can_return_proposal(user, proposal: AwardProposal) -> bool:
    return can_check_proposal(user, proposal)


def can_confirm_criteria(user, proposal: AwardProposal) -> bool:
    return can_check_proposal(user, proposal)


def can_approve_proposal(user, proposal: AwardProposal) -> bool:
    """The office, or a leader of the issuing organisation, approves after the vote."""
    return (
        proposal.status == ProposalStatus.CHECKED
        and proposal.round.status != RoundStatus.FINALISED
        and access.has_role(
            user, *access.MANAGING_ROLES, Role.LEADER, unit=proposal.round.campaign.issuing_unit
        )
    )


def can_reject_proposal(user, proposal: AwardProposal) -> bool:
    return can_check_proposal(user, proposal)


def can_record_decision(user, proposal: AwardProposal) -> bool:
    return proposal.status == ProposalStatus.APPROVED and _manages_round(user, proposal.round)


def can_record_meeting(user, award_round: AwardRound) -> bool:
    return award_round.status != RoundStatus.FINALISED and _manages_round(user, award_round)


def can_record_votes(user, award_round: AwardRound) -> bool:
    return can_record_meeting(user, award_round)


def can_finalise_round(user, award_round: AwardRound) -> bool:
    return award_round.status != RoundStatus.FINALISED and _manages_round(user, award_round)


def can_record_round_decision(user, award_round: AwardRound) -> bool:
    return award_round.status == RoundStatus.FINALISED and _manages_round(user, award_round)


def can_choose_round_signers(user, award_round: AwardRound) -> bool:
    """Who signs the round's documents: the office or administrator of the issuer."""
    return _manages_round(user, award_round)


def can_view_dossier(user, award_round: AwardRound) -> bool:
    """The office and the leaders of the issuing organisation, once the round is finalised."""
    return award_round.status == RoundStatus.FINALISED and access.has_role(
        user, *access.ORGANISATION_ROLES, unit=award_round.campaign.issuing_unit
    )


def can_sign_dossier(user, award_round: AwardRound, method: str) -> bool:
    """Who may sign the round's dossier (portal/signatures.py). With the organisation's
    certificate held by the server ("server"): the office, which keeps the organisation's
    seal and its digital signature (văn thư, Nghị định 30/2020/NĐ-CP). With a USB token
    ("token"): the office or a leader of the organisation may prepare and upload, but the
    token's certificate must name the round's signer, which portal.signing checks."""
    if not can_view_dossier(user, award_round):
        return False
    unit = award_round.campaign.issuing_unit
    if method == "server":
        return access.has_role(user, *access.MANAGING_ROLES, unit=unit)
    return access.has_role(user, *access.ORGANISATION_ROLES, unit=unit)


def can_print_certificates(user, award_round: AwardRound) -> bool:
    """Certificates of a decision: the office and the leaders of the issuing organisation."""
    return access.has_role(user, *access.ORGANISATION_ROLES, unit=award_round.campaign.issuing_unit)


def can_sign_certificates(user, award_round: AwardRound, method: str) -> bool:
    """Who may sign the certificates of a decision: as the dossier, the office with the
    organisation's certificate on the server, the office or a leader with a USB token whose
    certificate names the decision's signer (portal.signing checks the name)."""
    if not can_print_certificates(user, award_round):
        return False
    unit = award_round.campaign.issuing_unit
    if method == "server":
        return access.has_role(user, *access.MANAGING_ROLES, unit=unit)
    return True


def quorum_share(campaign) -> Fraction:
    return Fraction(campaign.council_quorum_present, campaign.council_quorum_of)


def quorum_needed(members_total: int, campaign) -> int:
    """The fewest members present that make a meeting of the council quorate."""
    share = quorum_share(campaign) * members_total
    return share.numerator // share.denominator + (1 if share.denominator != 1 else 0)


def is_quorate(members_present: int, members_total: int, campaign) -> bool:
    return members_total > 0 and Fraction(members_present, members_total) >= quorum_share(campaign)


def vote_passes(yes: int, members_total: int, threshold_percent) -> bool:
    """Approval needs `yes` ≥ threshold % of ALL council members, absent ones included."""
    return members_total > 0 and Decimal(yes) * 100 >= Decimal(threshold_percent) * members_total
