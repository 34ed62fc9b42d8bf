"""Decisions the department can defend: what stops an approval, at its boundaries.

The criteria (or a written override), one achievement for one award, award forms given only
at the kinds of round the plan names, and a council vote that adds up: a quorate meeting
chaired by a member present, no more ballots than members present plus written votes, a
secret ballot with its count, thresholds taken of ALL members.
"""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from awards import docx_export, dossier, services
from awards.forms import ProposalForm
from awards.models import CouncilMeeting, ProposalStatus, Vote, VoteResult
from campaigns.models import Criterion, RoundKind
from portal import pdf
from portal.services import history_for
from tests.factories import AwardFormFactory, CriterionFactory
from tests.initiatives.factories import InitiativeFactory, RecognitionFactory

from .factories import AwardProposalFactory, AwardRoundFactory, ProposalEvidenceFactory
from .helpers import checked, council_members, meeting, propose, vote

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def ballots(council_meeting, proposal, users, *, yes, no=0, abstain=0, written=0, **count):
    return services.vote_record(
        meeting=council_meeting,
        proposal=proposal,
        yes=yes,
        no=no,
        abstain=abstain,
        absent_written=written,
        by=users["office"],
        **count,
    )


def refusal(call, **kwargs) -> str:
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    return error.value.messages[0]


def raw_meeting(award, users, *, total, present, chair="leader"):
    """A meeting as it might have been recorded before the rules: nothing checked."""
    council_meeting = CouncilMeeting.objects.create(
        round=award["round"],
        held_on=datetime.date(2026, 1, 10),
        members_total=total,
        chair=users[chair],
    )
    council_meeting.members_present.set(council_members(award, users, present))
    return council_meeting


def raw_vote(council_meeting, proposal, *, yes, no=0, written=0, **extra):
    return Vote.objects.create(
        meeting=council_meeting,
        proposal=proposal,
        yes=yes,
        no=no,
        abstain=0,
        absent_written=written,
        result=VoteResult.PASSED,
        **extra,
    )


# --- Quorum -------------------------------------------------------------------------------


def test_a_meeting_one_short_of_quorum_cannot_vote(award, users):
    """Two thirds of 9 is 6: with 5 present the council does not decide."""
    proposal = checked(award, users)
    short = meeting(award, users, total=9, present=5)

    message = refusal(
        ballots, council_meeting=short, proposal=proposal, users=users, yes=5, written=4
    )

    assert message.startswith(
        "The meeting is not quorate: 5 of 9 members present, at least 6 needed"
    )
    assert not proposal.votes.exists()


def test_a_meeting_at_quorum_votes(award, users):
    proposal = checked(award, users)
    quorate = meeting(award, users, total=9, present=6)

    vote_ = ballots(quorate, proposal, users, yes=8, no=1, written=3)

    assert vote_.result == VoteResult.PASSED


def test_the_quorum_is_campaign_data(award, users):
    """A council whose regulation asks for half of its members: 5 of 10 is enough."""
    campaign = award["campaign"]
    campaign.council_quorum_present, campaign.council_quorum_of = 1, 2
    campaign.save()
    proposal = checked(award, users)

    vote_ = ballots(meeting(award, users, total=10, present=5), proposal, users, yes=5, written=5)

    assert vote_.result == VoteResult.FAILED  # 5 of 10 is below 80 %, but it was recorded


def test_no_approval_from_an_inquorate_meeting(award, users):
    """3 of 9 members present and 9 votes in favour without a written ballot."""
    proposal = checked(award, users)
    raw_vote(raw_meeting(award, users, total=9, present=3), proposal, yes=9)

    message = refusal(services.proposal_approve, proposal=proposal, by=users["office"])

    assert message.startswith("The meeting is not quorate: 3 of 9 members present")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CHECKED


# --- Ballots ------------------------------------------------------------------------------


def test_one_ballot_more_than_members_present_and_written_votes_is_refused(award, users):
    proposal = checked(award, users)
    council_meeting = meeting(award, users, total=9, present=6)

    message = refusal(
        ballots, council_meeting=council_meeting, proposal=proposal, users=users, yes=8, written=1
    )

    assert message == ("8 ballots but only 6 members were present and 1 voted in writing.")
    assert ballots(council_meeting, proposal, users, yes=7, written=1).yes == 7


def test_more_written_votes_than_absent_members_are_refused(award, users):
    proposal = checked(award, users)
    council_meeting = meeting(award, users, total=9, present=6)

    message = refusal(
        ballots, council_meeting=council_meeting, proposal=proposal, users=users, yes=9, written=4
    )

    assert message == "4 written votes but only 3 members were absent."


def test_no_approval_from_ballots_exceeding_those_present(award, users):
    proposal = checked(award, users)
    raw_vote(raw_meeting(award, users, total=9, present=6), proposal, yes=9)

    message = refusal(services.proposal_approve, proposal=proposal, by=users["office"])

    assert message == "9 ballots but only 6 members were present and 0 voted in writing."


# --- The chair ----------------------------------------------------------------------------


def test_a_meeting_whose_chair_is_absent_is_refused(award, users):
    present = council_members(award, users, 7)

    message = refusal(
        services.meeting_record,
        award_round=award["round"],
        held_on=datetime.date(2026, 1, 10),
        members_total=10,
        members_present=present[1:],
        chair=present[0],
        by=users["office"],
    )

    assert message == "The chair must be among the members present."
    assert not CouncilMeeting.objects.exists()


def test_no_approval_when_the_chair_was_not_present(award, users):
    proposal = checked(award, users)
    council_meeting = raw_meeting(award, users, total=9, present=6, chair="admin")
    raw_vote(council_meeting, proposal, yes=9, written=3)

    message = refusal(services.proposal_approve, proposal=proposal, by=users["office"])

    assert message == "The chair was not among the members present: the meeting cannot decide."


def test_the_meeting_form_needs_the_chair_among_those_present(award, users, login):
    present = council_members(award, users, 7)
    response = login(users["office"]).post(
        reverse("awards:meeting_create", args=[award["round"].pk]),
        {
            "held_on": "10/01/2026",
            "members_total": "10",
            "members_present": [u.pk for u in present[1:]],
            "chair": present[0].pk,
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["chair"] == [
        "Chủ trì cuộc họp phải là một trong các thành viên có mặt."
    ]
    assert not CouncilMeeting.objects.exists()


# --- Secret ballot ------------------------------------------------------------------------


@pytest.fixture
def secret_form(award):
    return AwardFormFactory(
        campaign=award["campaign"],
        name="Chiến sĩ thi đua cơ sở",
        recipients="individual",
        vote_threshold=80,
        secret_ballot=True,
        vote_source="NĐ 98/2023/NĐ-CP, Điều 30",
    )


def test_a_secret_ballot_needs_its_count(award, users, secret_form):
    proposal = checked(award, users, form=secret_form)
    council_meeting = meeting(award, users, total=10, present=7)

    message = refusal(
        ballots, council_meeting=council_meeting, proposal=proposal, users=users, yes=8, written=3
    )

    assert message.startswith("Chiến sĩ thi đua cơ sở is voted by secret ballot: enter the count")


def count(issued, received, valid, invalid) -> dict:
    return {
        "ballots_issued": issued,
        "ballots_received": received,
        "ballots_valid": valid,
        "ballots_invalid": invalid,
    }


@pytest.mark.parametrize(
    ("count", "message"),
    [
        (
            count(10, 10, 9, 0),
            "Valid and invalid ballots (9 + 0) must make up the ballots received (10).",
        ),
        (
            count(9, 10, 10, 0),
            "More ballots received than issued.",
        ),
        (
            count(10, 10, 9, 1),
            "In favour, against and abstaining (10) must make up the valid ballots (9).",
        ),
        (
            count(11, 10, 10, 0),
            "11 ballots issued for 7 members present and 3 written votes.",
        ),
    ],
)
def test_an_inconsistent_count_is_refused(award, users, secret_form, count, message):
    proposal = checked(award, users, form=secret_form)
    council_meeting = meeting(award, users, total=10, present=7)

    assert (
        refusal(
            ballots,
            council_meeting=council_meeting,
            proposal=proposal,
            users=users,
            yes=8,
            no=2,
            written=3,
            **count,
        )
        == message
    )


def test_a_consistent_secret_ballot_is_recorded_as_such(award, users, secret_form):
    proposal = checked(award, users, form=secret_form)
    council_meeting = meeting(award, users, total=10, present=7)

    vote_ = ballots(
        council_meeting,
        proposal,
        users,
        yes=8,
        no=1,
        written=3,
        ballots_issued=10,
        ballots_received=10,
        ballots_valid=9,
        ballots_invalid=1,
    )

    assert (vote_.secret, vote_.ballots_valid, vote_.ballots_invalid, vote_.result) == (
        True,
        9,
        1,
        VoteResult.PASSED,
    )
    assert services.proposal_approve(proposal=proposal, by=users["office"]).status == "approved"


def test_no_approval_of_a_secret_ballot_form_without_the_count(award, users, secret_form):
    """A show of hands recorded before the form became a secret-ballot form."""
    proposal = checked(award, users, form=secret_form)
    council_meeting = raw_meeting(award, users, total=10, present=7)
    raw_vote(council_meeting, proposal, yes=9, no=1, written=3, **count(10, 10, 10, 0))

    message = refusal(services.proposal_approve, proposal=proposal, by=users["office"])

    assert message == (
        "Chiến sĩ thi đua cơ sở is voted by secret ballot: record the secret ballot's count."
    )


# --- Thresholds of ALL members ------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "present", "yes", "result"),
    [(9, 6, 7, VoteResult.FAILED), (10, 7, 8, VoteResult.PASSED), (9, 6, 8, VoteResult.PASSED)],
)
def test_eighty_percent_of_all_members(award, users, total, present, yes, result):
    """7 of 9 is 77.8 %: below 80 %; 8 of 10 is exactly 80 %."""
    proposal = checked(award, users)
    council_meeting = meeting(award, users, total=total, present=present)

    absent = total - present
    vote_ = ballots(council_meeting, proposal, users, yes=yes, no=total - yes, written=absent)

    assert vote_.result == result


def test_approval_compares_the_votes_with_all_members_again(award, users):
    """A vote stored as passed with 7 of 9 in favour does not carry an 80 % form."""
    proposal = checked(award, users)
    raw_vote(raw_meeting(award, users, total=9, present=6), proposal, yes=7, no=2, written=3)

    message = refusal(services.proposal_approve, proposal=proposal, by=users["office"])

    assert message == "The council's vote has not reached 80 % of all members."


# --- Criteria, or a written override ------------------------------------------------------


@pytest.fixture
def judged(award):
    """A qualitative criterion for individuals that a reviewer must confirm."""
    return CriterionFactory(
        campaign=award["campaign"],
        kind=Criterion.Kind.QUALITATIVE,
        applies_to="individual",
        description="Có nhiều thành tích trong tuyên truyền, kết nối",
    )


@pytest.fixture
def by_data(award):
    """Two recognised initiatives, which the teacher does not have."""
    return CriterionFactory(
        campaign=award["campaign"],
        kind=Criterion.Kind.INDIVIDUAL_INITIATIVES,
        applies_to="individual",
        count=2,
        description="Có ít nhất 02 sáng kiến được công nhận",
    )


def test_an_unconfirmed_judgement_stops_the_approval(award, users, judged):
    proposal = checked(award, users)
    vote(users, proposal, meeting(award, users))

    message = refusal(services.proposal_approve, proposal=proposal, by=users["office"])

    assert message == (
        "Not every criterion is met or confirmed: Có nhiều thành tích trong tuyên truyền, kết "
        "nối (awaits a judgement). Approve only with a written reason for the override."
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CHECKED


def test_a_criterion_not_met_stops_the_approval(award, users, by_data):
    proposal = checked(award, users)
    vote(users, proposal, meeting(award, users))

    message = refusal(services.proposal_approve, proposal=proposal, by=users["office"])

    assert "Có ít nhất 02 sáng kiến được công nhận (not met)" in message


def test_a_confirmed_judgement_lets_the_approval_through(award, users, judged):
    proposal = checked(award, users)
    services.criterion_confirm(
        proposal=proposal,
        criterion=judged,
        confirmed=True,
        note="Báo cáo viên cấp Sở năm 2025",
        by=users["office"],
    )
    vote(users, proposal, meeting(award, users))

    proposal = services.proposal_approve(proposal=proposal, by=users["office"])

    assert (proposal.status, proposal.override_reason) == (ProposalStatus.APPROVED, "")


def test_a_blank_reason_is_no_override(award, users, by_data):
    proposal = checked(award, users)
    vote(users, proposal, meeting(award, users))

    with pytest.raises(ValidationError):
        services.proposal_approve(proposal=proposal, by=users["office"], override_reason="   ")


def test_the_vietnamese_refusal(award, users, by_data):
    from django.utils import translation

    proposal = checked(award, users)
    vote(users, proposal, meeting(award, users))

    with translation.override("vi"):
        message = refusal(services.proposal_approve, proposal=proposal, by=users["office"])

    assert message.startswith("Chưa đáp ứng hoặc chưa xác nhận đủ tiêu chuẩn:")


REASON = "Tác giả giải pháp chuyển đổi số được Bộ GDĐT biểu dương năm 2025."


@pytest.fixture
def overridden(award, users, by_data):
    proposal = checked(award, users)
    vote(users, proposal, meeting(award, users))
    return services.proposal_approve(
        proposal=proposal, by=users["leader"], override_reason=f"  {REASON}  "
    )


def test_the_override_is_recorded_in_the_history(overridden, users):
    assert overridden.status == ProposalStatus.APPROVED
    assert overridden.override_reason == REASON
    assert overridden.override_criteria == ["Có ít nhất 02 sáng kiến được công nhận (not met)"]
    entry = history_for(overridden).last()
    assert (entry.action, entry.actor, entry.note, entry.to_state) == (
        "approve_override",
        users["leader"],
        REASON,
        "approved",
    )
    assert entry.changes["override"] == ["Có ít nhất 02 sáng kiến được công nhận (not met)"]


def test_the_override_shows_in_the_proposal_list(overridden, users, login):
    html = login(users["office"]).get(reverse("awards:proposal_list")).content.decode()

    assert REASON in html


def test_the_override_is_printed_in_the_minutes_and_the_list(overridden, award, users):
    services.round_finalise(award_round=award["round"], by=users["office"])
    data = dossier.dossier_data(award["round"])
    (minutes_data,) = data["meetings"]

    minutes = pdf.render_html(
        "awards/documents/minutes.html",
        {**data, "m": minutes_data, "minutes_place_date": ""},
    )
    letter = pdf.render_html(
        "awards/documents/nominee_list.html", dossier.nominee_list_context(data)
    )

    assert "Đề nghị được duyệt khi chưa đáp ứng đủ tiêu chuẩn" in minutes
    assert f"Lý do duyệt: {REASON}" in minutes
    assert f"lý do: {REASON}" in letter
    _name, content = docx_export.dossier_docx(award["round"], 1, docx_export.LIST)
    paragraphs = [p.text for p in Document(io.BytesIO(content)).paragraphs]
    assert paragraphs[-1] == (
        "Ghi chú: Nguyễn Thị Hương được duyệt khi chưa đáp ứng Có ít nhất 02 sáng kiến được "
        f"công nhận (not met); lý do: {REASON}"
    )


def test_the_approve_form_asks_for_the_reason(award, users, by_data, login):
    proposal = checked(award, users)
    vote(users, proposal, meeting(award, users))
    client = login(users["office"])

    client.post(reverse("awards:proposal_approve", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CHECKED

    client.post(reverse("awards:proposal_approve", args=[proposal.pk]), {"override_reason": REASON})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.override_reason) == (ProposalStatus.APPROVED, REASON)


# --- One achievement, one award -----------------------------------------------------------


@pytest.fixture
def recognition(award, org):
    return RecognitionFactory(
        initiative=InitiativeFactory(
            campaign=award["campaign"], unit=org["school_a"], title="Học bạ số"
        ),
        decision_date=datetime.date(2025, 6, 1),
    )


def test_an_achievement_backing_an_approved_award_is_refused(award, users, org, recognition):
    first = checked(award, users, recognitions=[recognition])
    second = checked(award, users, unit=org["school_a"], recognitions=[recognition])
    council_meeting = meeting(award, users)
    vote(users, first, council_meeting)
    vote(users, second, council_meeting)
    services.proposal_approve(proposal=first, by=users["office"])

    message = refusal(services.proposal_approve, proposal=second, by=users["office"])

    assert message.startswith(
        "One achievement backs one award (Luật Thi đua, khen thưởng 2022, Điều 5): “Học bạ số” "
        "already backs Giấy khen của Giám đốc Sở for Nguyễn Thị Hương"
    )
    second.refresh_from_db()
    assert second.status == ProposalStatus.CHECKED


def test_no_override_lets_an_achievement_back_two_awards(award, users, org, recognition):
    first = checked(award, users, recognitions=[recognition])
    second = checked(award, users, unit=org["school_a"], recognitions=[recognition])
    council_meeting = meeting(award, users)
    vote(users, first, council_meeting)
    vote(users, second, council_meeting)
    services.proposal_approve(proposal=first, by=users["office"])

    with pytest.raises(ValidationError):
        services.proposal_approve(
            proposal=second, by=users["office"], override_reason="Thành tích đặc biệt"
        )


def test_a_rejected_proposal_frees_its_achievement(award, users, org, recognition):
    first = checked(award, users, recognitions=[recognition])
    second = checked(award, users, unit=org["school_a"], recognitions=[recognition])
    council_meeting = meeting(award, users)
    vote(users, second, council_meeting)
    services.proposal_reject(proposal=first, by=users["office"], note="Không đủ phiếu")

    assert services.proposal_approve(proposal=second, by=users["office"]).status == "approved"


def test_linking_an_achievement_already_used_is_flagged(award, users, org, recognition, login):
    propose(award, users, recognitions=[recognition])
    client = login(users["staff_a"])

    response = client.post(
        reverse("awards:proposal_create", args=[award["round"].pk]) + f"?unit={org['school_a'].pk}",
        {
            "award_form": award["form"].pk,
            "nominee_kind": "collective",
            "nominee_unit": org["school_a"].pk,
            "recognitions": [recognition.pk],
        },
        follow=True,
    )

    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert warnings == [
        "“Học bạ số” cũng là thành tích của đề nghị Giấy khen của Giám đốc Sở cho Nguyễn Thị "
        "Hương (nháp): một thành tích chỉ được khen thưởng một lần, nên chỉ một trong các đề "
        "nghị được duyệt."
    ]


# --- Award forms by kind of round ---------------------------------------------------------


@pytest.fixture
def city_award(award):
    """KH 1536/KH-SGDĐT mục IV.2: the city's Bằng khen at sơ kết and tổng kết only."""
    return AwardFormFactory(
        campaign=award["campaign"],
        name="Bằng khen của Chủ tịch UBND thành phố",
        at_yearly=False,
        at_interim=True,
        at_final=True,
        rounds_source="KH 1536/KH-SGDĐT, mục IV.2",
    )


def test_an_award_form_is_refused_in_a_yearly_round(award, users, city_award):
    message = refusal(propose, award=award, users=users, form=city_award)

    assert message == (
        "Bằng khen của Chủ tịch UBND thành phố is not given at a yearly round: the plan gives "
        "it at interim review (sơ kết), final review (tổng kết) (KH 1536/KH-SGDĐT, mục IV.2)."
    )


def test_the_award_form_is_proposed_at_the_interim_review(award, users, city_award):
    award["round"] = AwardRoundFactory(campaign=award["campaign"], kind=RoundKind.INTERIM)

    assert propose(award, users, form=city_award).award_form == city_award


def test_the_proposal_form_offers_only_the_round_forms(award, city_award, org):
    form = ProposalForm(award_round=award["round"], proposing_unit=org["school_a"])

    assert list(form.fields["award_form"].queryset) == [award["form"]]


def test_the_edit_of_a_proposal_cannot_switch_to_a_form_of_another_round(award, users, city_award):
    proposal = propose(award, users)

    with pytest.raises(ValidationError):
        services.proposal_update(
            proposal=proposal,
            by=users["staff_a"],
            award_form=city_award,
            nominee_kind="individual",
            nominee_person=award["teacher"],
        )


# --- Conflict of interest on the meeting page ---------------------------------------------


def test_the_meeting_page_hides_the_members_own_unit(award, users, org, login):
    """`council` works at school B: its proposal is not shown to them, school A's is."""
    own = AwardProposalFactory(
        round=award["round"],
        award_form=award["form"],
        nominee_person=award["other_teacher"],
        status=ProposalStatus.CHECKED,
    )
    other = checked(award, users)
    council_meeting = meeting(award, users)
    client = login(users["council"])

    html = client.get(reverse("awards:meeting_detail", args=[council_meeting.pk])).content.decode()

    assert reverse("awards:proposal_detail", args=[other.pk]) in html
    assert reverse("awards:proposal_detail", args=[own.pk]) not in html
    assert "Lê Thu Trang" not in html
    assert client.get(reverse("awards:proposal_detail", args=[own.pk])).status_code == 404


def test_the_evidence_flag_does_not_name_the_members_own_unit(
    award, users, org, recognition, login
):
    """School A's proposal is open to `council`; the same achievement also backs a proposal
    of school B, the member's own unit, which the page must not name."""
    shown = checked(award, users, recognitions=[recognition])
    own = AwardProposalFactory(
        round=award["round"],
        award_form=award["form"],
        nominee_person=award["other_teacher"],
        status=ProposalStatus.CHECKED,
    )
    ProposalEvidenceFactory(proposal=own, kind="recognition", recognition=recognition)

    html = (
        login(users["council"])
        .get(reverse("awards:proposal_detail", args=[shown.pk]))
        .content.decode()
    )

    assert "Lê Thu Trang" not in html
    assert "đề nghị khác" in html
    office_html = (
        login(users["office"])
        .get(reverse("awards:proposal_detail", args=[shown.pk]))
        .content.decode()
    )
    assert "Lê Thu Trang" in office_html
