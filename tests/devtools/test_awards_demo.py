"""The awards demo: rounds of the Hải Phòng plan, loaded once, skipped when data is missing."""

import io

import pytest

from awards.models import AwardProposal, AwardRound, EmulationRecord, Vote
from devtools.demo import awards as demo
from devtools.demo import campaigns as campaigns_demo
from tests.factories import PersonFactory, UnitFactory
from units.models import UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def hai_phong(db):
    root = UnitFactory(
        code="HP-SGD", name="Sở Giáo dục và Đào tạo Hải Phòng", kind=UnitKind.DEPARTMENT
    )
    UnitFactory(code="HP-VP", name="Văn phòng Sở", kind=UnitKind.DEPARTMENT_OFFICE, parent=root)
    for code, name in (
        ("HP-THPT-TRANPHU", "Trường THPT chuyên Trần Phú"),
        ("HP-THPT-LEQUYDON", "Trường THPT Lê Quý Đôn"),
    ):
        school = UnitFactory(code=code, name=name, kind=UnitKind.UPPER_SECONDARY, parent=root)
        for _ in range(3):
            PersonFactory(unit=school)
    campaigns_demo.seed(io.StringIO())


def test_seed_twice_loads_two_rounds_once(hai_phong):
    out = io.StringIO()
    demo.seed(out)
    demo.seed(out)

    assert "awards: 2 round(s) created, 2 in all, 8 proposals" in out.getvalue()
    assert "awards: 0 round(s) created, 2 in all, 8 proposals" in out.getvalue()
    finalised, current = AwardRound.objects.order_by("year")
    assert (finalised.year, finalised.status, finalised.decision_number) == (
        2024,
        "finalised",
        "45/QĐ-SGDĐT",
    )
    assert sorted(finalised.proposals.values_list("status", flat=True)) == ["decided", "decided"]
    assert sorted(current.proposals.values_list("status", flat=True)) == [
        "checked",
        "checked",
        "checked",
        "draft",
        "returned",
        "submitted",
    ]
    assert AwardProposal.objects.filter(status="checked").exclude(eligibility={}).count() == 3
    # The city emulation fighter's eligibility shows the three years of CSTĐ cơ sở it used.
    city = AwardProposal.objects.get(award_form__name="Chiến sĩ thi đua thành phố")
    assert [y["year"] for y in city.eligibility["title"]["years"]] == [2023, 2024, 2025]
    assert EmulationRecord.objects.count() == 9


def test_seed_without_the_campaign_is_skipped(db):
    out = io.StringIO()
    demo.seed(out)
    assert out.getvalue() == "awards: campaign 1536/KH-SGDĐT missing, skipped"
    assert AwardRound.objects.count() == 0


def test_the_demo_votes_add_up_and_forms_fit_their_rounds(hai_phong):
    """The demo's council met with its quorum and its chair, counted no more ballots than
    members present plus written votes, counted its secret ballots, and proposes each award
    form only at a kind of round the plan gives it at."""
    from awards.services import _ballot_refusal
    from tests.factories import UserFactory
    from units.models import Unit

    office = Unit.objects.get(code="HP-VP")
    for username in ("lanhdao", "hoidong1", "hoidong2", "vanphong"):
        UserFactory(username=username, person__unit=office)
    demo.seed(io.StringIO())

    votes = list(Vote.objects.select_related("meeting__round__campaign", "proposal__award_form"))
    assert len(votes) == 2
    for vote in votes:
        present = set(vote.meeting.members_present.values_list("pk", flat=True))
        counts = {
            name: getattr(vote, name)
            for name in (
                "yes",
                "no",
                "abstain",
                "absent_written",
                "ballots_issued",
                "ballots_received",
                "ballots_valid",
                "ballots_invalid",
            )
        }
        assert _ballot_refusal(vote.meeting, present, vote.proposal.award_form, counts) is None
        assert vote.secret == vote.proposal.award_form.secret_ballot
    for proposal in AwardProposal.objects.select_related("round", "award_form"):
        assert proposal.award_form.given_at(proposal.round.kind), proposal.award_form.name
