"""Drive a proposal through its states with the real services."""

import datetime

from awards import services
from awards.models import NomineeKind
from tests.factories import RoleAssignmentFactory, UserFactory
from units.models import Role


def propose(award, users, *, person=None, unit=None, by="staff_a", form=None, **kwargs):
    if unit is not None:
        nominee = {"nominee_kind": NomineeKind.COLLECTIVE, "nominee_unit": unit}
    else:
        nominee = {
            "nominee_kind": NomineeKind.INDIVIDUAL,
            "nominee_person": person or award["teacher"],
        }
    proposing_unit = kwargs.pop("proposing_unit", None)
    if proposing_unit is None:
        proposing_unit = unit if unit is not None else (person or award["teacher"]).unit
    return services.proposal_create(
        award_round=award["round"],
        proposing_unit=proposing_unit,
        award_form=form or award["form"],
        report={"report_achievements": "Hai sáng kiến cấp cơ sở."},
        by=users[by],
        **nominee,
        **kwargs,
    )


def submitted(award, users, **kwargs):
    proposal = propose(award, users, **kwargs)
    return services.proposal_confirm(proposal=proposal, by=users["head_a"])


def checked(award, users, **kwargs):
    proposal = submitted(award, users, **kwargs)
    return services.proposal_check(proposal=proposal, by=users["office"])


def council_members(award, users, count):
    """`count` members present: the leader (chair), the office (secretary), then council
    members of the department working in its office."""
    department = award["campaign"].issuing_unit
    office_unit = users["office"].person.unit
    members = [users["leader"], users["office"]]
    for _index in range(max(0, count - len(members))):
        user = UserFactory(person__unit=office_unit)
        RoleAssignmentFactory(user=user, role=Role.COUNCIL, unit=department)
        members.append(user)
    return members[:count]


def meeting(award, users, *, total=10, present=None, chair="leader"):
    """A council meeting; by default exactly the quorum (two thirds of `total`) attends."""
    if present is None:
        present = -(-2 * total // 3)
    members = council_members(award, users, present)
    return services.meeting_record(
        award_round=award["round"],
        held_on=datetime.date(2026, 1, 10),
        members_total=total,
        members_present=members,
        chair=users[chair] if chair else None,
        secretary=users["office"] if users["office"] in members else None,
        location="Phòng họp Sở",
        by=users["office"],
    )


def vote(users, proposal, council_meeting, *, yes=9):
    """Every member votes: those absent in writing."""
    total = council_meeting.members_total
    present = council_meeting.members_present.count()
    services.vote_record(
        meeting=council_meeting,
        proposal=proposal,
        yes=yes,
        no=total - yes,
        abstain=0,
        absent_written=total - present,
        by=users["office"],
    )
    return proposal


def voted(award, users, *, yes=9, meeting_=None, **kwargs):
    proposal = checked(award, users, **kwargs)
    return vote(users, proposal, meeting_ or meeting(award, users), yes=yes)
