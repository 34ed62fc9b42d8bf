"""One conflict-of-interest rule (units/access.py) for the initiatives council and the
awards council; the record form and the queryset form agree.

The council member of the fixtures works at school B.
"""

import pytest

from awards.models import AwardProposal, NomineeKind, ProposalStatus
from awards.selectors import conflict_q, has_conflict, proposals_visible_to
from initiatives import rules
from initiatives.models import Initiative
from initiatives.selectors import _conflict_q
from tests.awards.factories import AwardProposalFactory, AwardRoundFactory
from tests.factories import CampaignFactory, PersonFactory
from tests.initiatives.factories import AuthorFactory, InitiativeFactory


@pytest.fixture
def campaign(org):
    return CampaignFactory(issuing_unit=org["department"])


@pytest.mark.parametrize(
    ("unit", "conflict"),
    [
        ("school_b", True),  # the member's own unit
        ("department", True),  # a unit above it: the Sở the school belongs to
        ("school_a", False),
        ("school_a_branch", False),
        ("other", False),
    ],
)
def test_initiatives_unit_on_the_members_branch(campaign, org, users, unit, conflict):
    initiative = InitiativeFactory(campaign=campaign, unit=org[unit])
    member = users["council"]
    assert rules.has_conflict(member, initiative) is conflict
    assert Initiative.objects.filter(_conflict_q(member), pk=initiative.pk).exists() is conflict


def test_an_author_never_scores_their_initiative(campaign, org, users):
    member = users["council"]
    initiative = InitiativeFactory(campaign=campaign, unit=org["school_a"])
    assert not rules.has_conflict(member, initiative)
    AuthorFactory(initiative=initiative, person=member.person, full_name=member.person.full_name)
    assert rules.has_conflict(member, initiative)
    assert Initiative.objects.filter(_conflict_q(member), pk=initiative.pk).exists()


def _proposal(campaign, org, users, case):
    award_round = AwardRoundFactory(campaign=campaign)
    teacher_a = PersonFactory(unit=org["school_a"])
    common = {"round": award_round, "status": ProposalStatus.SUBMITTED}
    if case == "teacher_of_school_a":
        return AwardProposalFactory(nominee_person=teacher_a, **common)
    if case == "teacher_of_school_b":
        return AwardProposalFactory(nominee_person=PersonFactory(unit=org["school_b"]), **common)
    if case == "the_member_himself":
        return AwardProposalFactory(
            nominee_person=users["council"].person, proposing_unit=org["school_a"], **common
        )
    if case == "forwarded_by_the_department":
        return AwardProposalFactory(
            nominee_person=teacher_a, proposing_unit=org["department"], **common
        )
    if case == "forwarded_by_school_b":
        return AwardProposalFactory(
            nominee_person=teacher_a, proposing_unit=org["school_b"], **common
        )
    collective = {"nominee_kind": NomineeKind.COLLECTIVE, "nominee_person": None}
    if case == "the_department_collective":
        return AwardProposalFactory(nominee_unit=org["department"], **collective, **common)
    return AwardProposalFactory(nominee_unit=org["school_a"], **collective, **common)


@pytest.mark.parametrize(
    ("case", "conflict"),
    [
        ("teacher_of_school_a", False),
        ("teacher_of_school_b", True),
        ("the_member_himself", True),
        ("forwarded_by_the_department", False),  # a unit above only forwards it
        ("forwarded_by_school_b", True),
        ("the_department_collective", True),  # the Sở the member's school belongs to
        ("school_a_collective", False),
    ],
)
def test_award_council_members_never_judge_their_own_branch(campaign, org, users, case, conflict):
    proposal = _proposal(campaign, org, users, case)
    member = users["council"]
    assert has_conflict(member, proposal) is conflict
    assert AwardProposal.objects.filter(conflict_q(member), pk=proposal.pk).exists() is conflict
    # What the member sees follows the same rule.
    assert proposals_visible_to(member).filter(pk=proposal.pk).exists() is not conflict
