"""Factories of award rounds, proposals, evidence and council votes."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from awards.models import (
    AwardProposal,
    AwardRound,
    CouncilMeeting,
    NomineeKind,
    ProposalEvidence,
    Vote,
)
from campaigns.models import RoundKind
from tests.factories import AwardFormFactory, CampaignFactory, PersonFactory


class AwardRoundFactory(DjangoModelFactory):
    class Meta:
        model = AwardRound

    campaign = factory.SubFactory(CampaignFactory)
    kind = RoundKind.YEARLY
    year = 2025
    period_start = datetime.date(2025, 1, 1)
    period_end = datetime.date(2025, 12, 31)
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class AwardProposalFactory(DjangoModelFactory):
    """An individual proposal by the nominee's own unit; pass nominee_unit and
    nominee_kind=COLLECTIVE, nominee_person=None for a collective one."""

    class Meta:
        model = AwardProposal

    round = factory.SubFactory(AwardRoundFactory)
    award_form = factory.SubFactory(
        AwardFormFactory, campaign=factory.SelfAttribute("..round.campaign")
    )
    nominee_kind = NomineeKind.INDIVIDUAL
    nominee_person = factory.SubFactory(PersonFactory)
    nominee_unit = None
    proposing_unit = factory.LazyAttribute(
        lambda o: (
            o.nominee_unit if o.nominee_kind == NomineeKind.COLLECTIVE else o.nominee_person.unit
        )
    )
    report_summary = "Giáo viên Toán, tổ trưởng chuyên môn."
    report_achievements = "Có 2 sáng kiến được công nhận cấp cơ sở năm 2025."
    report_measures = "Ứng dụng bảng tính và học liệu số trong dạy học."


class ProposalEvidenceFactory(DjangoModelFactory):
    class Meta:
        model = ProposalEvidence

    proposal = factory.SubFactory(AwardProposalFactory)
    kind = "recognition"


class CouncilMeetingFactory(DjangoModelFactory):
    class Meta:
        model = CouncilMeeting

    round = factory.SubFactory(AwardRoundFactory)
    held_on = datetime.date(2026, 1, 10)
    location = "Phòng họp số 1"
    members_total = 10


class VoteFactory(DjangoModelFactory):
    class Meta:
        model = Vote

    meeting = factory.SubFactory(CouncilMeetingFactory)
    proposal = factory.SubFactory(AwardProposalFactory)
    yes = 9
    no = 1
    abstain = 0
    result = "passed"
