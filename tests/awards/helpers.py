"""Drive a proposal through its states with the real services."""

import datetime

from awards import services
from awards.models import NomineeKind


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


def meeting(award, users, *, total=10):
    return services.meeting_record(
        award_round=award["round"],
        held_on=datetime.date(2026, 1, 10),
        members_total=total,
        location="Phòng họp Sở",
        by=users["office"],
    )


def voted(award, users, *, yes=9, meeting_=None, **kwargs):
    proposal = checked(award, users, **kwargs)
    meeting_ = meeting_ or meeting(award, users)
    services.vote_record(
        meeting=meeting_, proposal=proposal, yes=yes, no=10 - yes, abstain=0, by=users["office"]
    )
    return proposal


def vote(users, proposal, council_meeting, *, yes=9):
    services.vote_record(
        meeting=council_meeting,
        proposal=proposal,
        yes=yes,
        no=10 - yes,
        abstain=0,
        by=users["office"],
    )
    return proposal
