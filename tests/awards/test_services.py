"""The proposal's journey through the services: rules, states, history, notifications."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from awards import services
from awards.models import AwardProposal, NomineeKind, ProposalStatus, RoundStatus, VoteResult
from campaigns.models import AwardQuota, Criterion
from portal.services import history_for
from tests.factories import CriterionFactory
from tests.initiatives.factories import InitiativeFactory, RecognitionFactory

from .helpers import checked, meeting, propose, submitted, vote, voted

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def actions(subject):
    return [(h.action, h.from_state, h.to_state) for h in history_for(subject)]


def test_unit_staff_drafts_a_proposal_for_a_person_of_its_subtree(award, users):
    proposal = propose(
        award, users, person=award["branch_teacher"], proposing_unit=award["teacher"].unit
    )

    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.nominee_person == award["branch_teacher"]
    assert proposal.created_by == users["staff_a"]
    assert actions(proposal) == [("create", "", "draft")]


def test_nominee_outside_the_unit_subtree_is_refused(award, users):
    with pytest.raises(ValidationError) as error:
        propose(award, users, person=award["other_teacher"], proposing_unit=award["teacher"].unit)

    assert error.value.messages == ["A unit may propose only people of itself and its sub-units."]
    assert AwardProposal.objects.count() == 0


def test_staff_of_another_unit_cannot_propose(award, users):
    with pytest.raises(ValidationError):
        propose(award, users, by="staff_b")


def test_a_nominee_is_proposed_once_per_award_form_and_round(award, users):
    propose(award, users)
    with pytest.raises(ValidationError) as error:
        propose(award, users)

    assert "already proposed" in error.value.messages[0]


def test_collective_needs_a_form_that_collectives_may_receive(award, users, org):
    award["form"].recipients = "individual"
    award["form"].save()

    with pytest.raises(ValidationError):
        propose(award, users, unit=org["school_a"])


def test_only_the_unit_head_confirms(award, users, django_capture_on_commit_callbacks):
    proposal = propose(award, users)
    with pytest.raises(ValidationError):
        services.proposal_confirm(proposal=proposal, by=users["staff_a"])

    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_confirm(proposal=proposal, by=users["head_a"])

    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.confirmed_by == users["head_a"]
    assert proposal.submitted_at is not None
    assert [m.to for m in mail.outbox] == [[users["office"].email]]
    assert actions(proposal)[-1] == ("confirm", "draft", "submitted")


def test_confirming_after_the_deadline_is_refused(award, users):
    award["round"].deadline = datetime.date(2020, 1, 1)
    award["round"].save()
    proposal = propose(award, users)

    with pytest.raises(ValidationError) as error:
        services.proposal_confirm(proposal=proposal, by=users["head_a"])

    assert error.value.messages == ["The round's deadline (01/01/2020) has passed."]


def test_office_check_stores_the_evaluation(award, users):
    CriterionFactory(
        campaign=award["campaign"], applies_to="individual", description="Nhiều thành tích"
    )
    proposal = submitted(award, users)

    proposal = services.proposal_check(proposal=proposal, by=users["office"], note="Đủ hồ sơ")

    assert proposal.status == ProposalStatus.CHECKED
    assert proposal.checked_by == users["office"]
    assert proposal.eligibility["overall"] == "judgement"
    assert [c["status"] for c in proposal.eligibility["criteria"]] == ["judgement"]
    assert actions(proposal)[-1] == ("check", "submitted", "checked")


def test_unit_staff_cannot_check(award, users):
    proposal = submitted(award, users)
    with pytest.raises(ValidationError):
        services.proposal_check(proposal=proposal, by=users["staff_a"])


def test_a_reviewer_judges_a_qualitative_criterion(award, users):
    criterion = CriterionFactory(
        campaign=award["campaign"], applies_to="individual", description="Nhiều thành tích"
    )
    proposal = checked(award, users)

    services.criterion_confirm(
        proposal=proposal,
        criterion=criterion,
        confirmed=True,
        note="Có 3 bài báo",
        by=users["office"],
    )

    proposal.refresh_from_db()
    assert proposal.eligibility["criteria"][0]["status"] == "met"
    assert proposal.eligibility["overall"] == "met"
    assert actions(proposal)[-1] == ("criterion", "", "")


def test_a_judgement_needs_a_reason(award, users):
    criterion = CriterionFactory(campaign=award["campaign"], applies_to="individual")
    proposal = checked(award, users)
    with pytest.raises(ValidationError):
        services.criterion_confirm(
            proposal=proposal, criterion=criterion, confirmed=True, note=" ", by=users["office"]
        )


def test_return_for_revision_needs_a_note_and_reopens_the_draft(
    award, users, django_capture_on_commit_callbacks
):
    proposal = submitted(award, users)
    with pytest.raises(ValidationError):
        services.proposal_return(proposal=proposal, by=users["office"], note="")

    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_return(
            proposal=proposal, by=users["office"], note="Bổ sung minh chứng"
        )

    assert proposal.status == ProposalStatus.RETURNED
    assert {tuple(m.to) for m in mail.outbox} >= {(users["staff_a"].email,)}
    services.proposal_update(
        proposal=proposal, by=users["staff_a"], report={"report_measures": "Đã bổ sung"}
    )
    proposal = services.proposal_confirm(proposal=proposal, by=users["head_a"])
    assert proposal.status == ProposalStatus.SUBMITTED
    assert [a[0] for a in actions(proposal)] == ["create", "confirm", "return", "update", "confirm"]


def test_a_submitted_proposal_cannot_be_edited(award, users):
    proposal = submitted(award, users)
    with pytest.raises(ValidationError):
        services.proposal_update(
            proposal=proposal, by=users["staff_a"], report={"report_summary": "x"}
        )


@pytest.mark.parametrize(
    ("yes", "result"), [(8, VoteResult.PASSED), (7, VoteResult.FAILED), (10, VoteResult.PASSED)]
)
def test_vote_threshold_is_a_share_of_all_members(award, users, yes, result):
    """80 % of a council of 10: 8 votes in favour approve, 7 do not."""
    proposal = checked(award, users)
    council_meeting = meeting(award, users, total=10)

    vote = services.vote_record(
        meeting=council_meeting,
        proposal=proposal,
        yes=yes,
        no=10 - yes,
        abstain=0,
        absent_written=3,
        by=users["office"],
    )

    assert vote.result == result


def test_absent_members_count_even_without_a_ballot(award, users):
    """Threshold of ALL members: 8 present all in favour of 12 is 66.7 %, below 80 %."""
    proposal = checked(award, users)
    vote = services.vote_record(
        meeting=meeting(award, users, total=12),
        proposal=proposal,
        yes=8,
        no=0,
        abstain=0,
        by=users["office"],
    )
    assert vote.result == VoteResult.FAILED


def test_more_ballots_than_members_are_refused(award, users):
    proposal = checked(award, users)
    with pytest.raises(ValidationError) as error:
        services.vote_record(
            meeting=meeting(award, users, total=10),
            proposal=proposal,
            yes=9,
            no=2,
            abstain=0,
            by=users["office"],
        )
    assert error.value.messages == ["11 ballots for a council of 10 members."]


def test_a_meeting_opens_voting(award, users):
    meeting(award, users)
    award["round"].refresh_from_db()
    assert award["round"].status == RoundStatus.VOTING
    assert [a[0] for a in actions(award["round"])] == ["meeting", "voting"]


def test_approval_needs_a_passing_vote(award, users):
    proposal = voted(award, users, yes=7)
    with pytest.raises(ValidationError) as error:
        services.proposal_approve(proposal=proposal, by=users["office"])
    assert error.value.messages == ["The council's vote has not reached 80 % of all members."]


def test_approve_then_reject_and_decide(award, users, django_capture_on_commit_callbacks):
    proposal = voted(award, users, yes=9)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_approve(proposal=proposal, by=users["office"])
    assert proposal.status == ProposalStatus.APPROVED
    assert len(mail.outbox) >= 1

    proposal = services.decision_record(
        proposal=proposal,
        number="125/QĐ-SGDĐT",
        date=datetime.date(2026, 1, 20),
        authority="",
        by=users["office"],
    )
    assert proposal.status == ProposalStatus.DECIDED
    assert proposal.decision_authority == "Giám đốc Sở Giáo dục và Đào tạo"
    assert [a[0] for a in actions(proposal)] == [
        "create",
        "confirm",
        "check",
        "vote",
        "approve",
        "decision",
    ]


def test_reject(award, users):
    proposal = voted(award, users, yes=5)
    proposal = services.proposal_reject(
        proposal=proposal, by=users["office"], note="Không đủ phiếu"
    )
    assert proposal.status == ProposalStatus.REJECTED
    assert actions(proposal)[-1] == ("reject", "checked", "rejected")


# --- Quotas ---------------------------------------------------------------------------------


def test_approving_past_the_maximum_is_refused(award, users, org):
    quota = award["form"].quotas.get(applies_to=AwardQuota.AppliesTo.INDIVIDUAL)
    quota.maximum = 1
    quota.minimum = None
    quota.save()
    first = checked(award, users)
    second = checked(award, users, person=award["branch_teacher"], proposing_unit=org["school_a"])
    collective = checked(award, users, unit=org["school_a"])
    council_meeting = meeting(award, users)
    for proposal in (first, second, collective):
        vote(users, proposal, council_meeting)
    services.proposal_approve(proposal=first, by=users["office"])

    with pytest.raises(ValidationError) as error:
        services.proposal_approve(proposal=second, by=users["office"])

    assert error.value.messages == [
        "The quota is full: Giấy khen của Giám đốc Sở (individuals) allows at most 1 and "
        "1 are already approved in this round."
    ]
    second.refresh_from_db()
    assert second.status == ProposalStatus.CHECKED
    # A collective counts against its own quota.
    assert services.proposal_approve(proposal=collective, by=users["office"]).status == "approved"


def test_combined_quota_counts_collectives_and_individuals(award, users, org):
    award["form"].quotas.all().delete()
    award["form"].quotas.create(applies_to=AwardQuota.AppliesTo.COMBINED, maximum=1)
    person = checked(award, users)
    collective = checked(award, users, unit=org["school_a"])
    council_meeting = meeting(award, users)
    vote(users, person, council_meeting)
    vote(users, collective, council_meeting)
    services.proposal_approve(proposal=person, by=users["office"])

    with pytest.raises(ValidationError):
        services.proposal_approve(proposal=collective, by=users["office"])


def test_vietnamese_quota_message(award, users, settings):
    from django.utils import translation

    quota = award["form"].quotas.get(applies_to=AwardQuota.AppliesTo.INDIVIDUAL)
    quota.maximum = 0
    quota.minimum = None
    quota.save()
    proposal = voted(award, users)
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        services.proposal_approve(proposal=proposal, by=users["office"])
    assert error.value.messages == [
        "Đã hết chỉ tiêu: Giấy khen của Giám đốc Sở (cá nhân) chỉ được tối đa 0 và "
        "đã có 0 đề nghị được duyệt trong đợt này."
    ]


# --- One achievement backs one award -------------------------------------------------------


def test_a_recognition_used_by_another_live_proposal_is_flagged(award, users, org):
    from awards.selectors import evidence_of, reused_evidence

    recognition = RecognitionFactory(
        initiative=InitiativeFactory(campaign=award["campaign"], unit=org["school_a"]),
        decision_date=datetime.date(2025, 6, 1),
    )
    first = propose(award, users, recognitions=[recognition])
    second = propose(award, users, unit=org["school_a"], recognitions=[recognition])

    evidence = evidence_of(second)
    flags = reused_evidence(evidence)
    assert flags == {evidence[0].pk: [first]}

    first.status = ProposalStatus.REJECTED
    first.save()
    assert reused_evidence(evidence_of(second)) == {}


def test_evidence_outside_the_unit_or_period_is_refused(award, users, org):
    other_units = RecognitionFactory(
        initiative=InitiativeFactory(campaign=award["campaign"], unit=org["school_b"])
    )
    too_old = RecognitionFactory(
        initiative=InitiativeFactory(campaign=award["campaign"], unit=org["school_a"]),
        decision_date=datetime.date(2023, 5, 1),
    )
    for recognition in (other_units, too_old):
        with pytest.raises(ValidationError):
            propose(award, users, recognitions=[recognition])


# --- Finalising ---------------------------------------------------------------------------


def test_finalise_waits_for_pending_proposals_and_warns_of_shortfalls(award, users):
    proposal = voted(award, users)
    with pytest.raises(ValidationError) as error:
        services.round_finalise(award_round=award["round"], by=users["office"])
    assert "1 proposal(s) still wait" in error.value.messages[0]

    services.proposal_approve(proposal=proposal, by=users["office"])
    warnings = services.round_finalise(award_round=award["round"], by=users["office"])

    award["round"].refresh_from_db()
    assert award["round"].status == RoundStatus.FINALISED
    assert warnings == [
        "Giấy khen của Giám đốc Sở (Individuals): 1 approved, the plan asks for at least 2."
    ]
    assert actions(award["round"])[-1] == ("finalise", "voting", "finalised")


def test_only_the_office_finalises(award, users):
    for name in ("staff_a", "leader", "outsider", "council"):
        with pytest.raises(ValidationError):
            services.round_finalise(award_round=award["round"], by=users[name])


def test_a_round_decision_decides_every_approved_proposal(award, users, org):
    approved = checked(award, users)
    rejected = checked(award, users, unit=org["school_a"])
    council_meeting = meeting(award, users)
    vote(users, approved, council_meeting)
    vote(users, rejected, council_meeting, yes=1)
    services.proposal_approve(proposal=approved, by=users["office"])
    services.proposal_reject(proposal=rejected, by=users["office"])
    services.round_finalise(award_round=award["round"], by=users["office"])

    count = services.round_decision_record(
        award_round=award["round"],
        number="12/QĐ-SGDĐT",
        date=datetime.date(2026, 2, 1),
        authority="Giám đốc Sở",
        by=users["office"],
    )

    assert count == 1
    approved.refresh_from_db()
    rejected.refresh_from_db()
    assert (approved.status, approved.decision_number) == ("decided", "12/QĐ-SGDĐT")
    assert rejected.status == "rejected"


def test_a_collective_nominee_must_be_in_the_subtree(award, users, org):
    with pytest.raises(ValidationError):
        propose(award, users, unit=org["school_b"], proposing_unit=org["school_a"])
    proposal = propose(award, users, unit=org["school_a_branch"], proposing_unit=org["school_a"])
    assert proposal.nominee_kind == NomineeKind.COLLECTIVE


def test_criteria_of_the_other_kind_do_not_apply(award, users):
    criterion = CriterionFactory(campaign=award["campaign"], applies_to="collective")
    proposal = checked(award, users)
    with pytest.raises(ValidationError):
        services.criterion_confirm(
            proposal=proposal, criterion=criterion, confirmed=True, note="x", by=users["office"]
        )
    assert Criterion.objects.count() == 1
