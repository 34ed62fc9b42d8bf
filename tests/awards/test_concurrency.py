"""Two office reviewers approve the last slot of a quota at the same moment."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import translation

from awards import services
from awards.models import AwardProposal, ProposalStatus
from campaigns.models import AwardQuota

from .helpers import checked, meeting, vote


def _last_slot(award, users, org):
    quota = award["form"].quotas.get(applies_to=AwardQuota.AppliesTo.INDIVIDUAL)
    quota.minimum = None
    quota.maximum = 1
    quota.save()
    first = checked(award, users)
    second = checked(award, users, person=award["branch_teacher"], proposing_unit=org["school_a"])
    council_meeting = meeting(award, users)
    vote(users, first, council_meeting)
    vote(users, second, council_meeting)
    return first, second


@pytest.mark.django_db(transaction=True)
def test_two_approvals_of_the_last_slot_exactly_one_succeeds(
    award, users, org, english, monkeypatch
):
    first, second = _last_slot(award, users, org)
    office = users["office"]
    # Widen the race: pause after counting the quota, so that without the row lock both
    # approvals would count 0 and both pass.
    counted = services.quota_uses

    def slow_quota_uses(*args, **kwargs):
        uses = counted(*args, **kwargs)
        time.sleep(0.5)
        return uses

    monkeypatch.setattr(services, "quota_uses", slow_quota_uses)

    if connection.vendor != "postgresql":
        # SQLite serialises writers as a whole; the quota check alone refuses the second.
        services.proposal_approve(proposal=first, by=office)
        with pytest.raises(ValidationError):
            services.proposal_approve(proposal=second, by=office)
        assert AwardProposal.objects.filter(status=ProposalStatus.APPROVED).count() == 1
        return

    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def approve(proposal):
        try:
            barrier.wait(timeout=10)
            with translation.override("en"):
                services.proposal_approve(proposal=proposal, by=office)
            outcomes[proposal.pk] = "approved"
        except ValidationError as error:
            outcomes[proposal.pk] = error.messages[0]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(p,)) for p in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == [
        "The quota is full: Giấy khen của Giám đốc Sở (individuals) allows at most 1 and "
        "1 are already approved in this round.",
        "approved",
    ]
    assert AwardProposal.objects.filter(status=ProposalStatus.APPROVED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_approvals_relying_on_one_achievement_exactly_one_succeeds(
    award, users, org, english, monkeypatch
):
    """Two award forms (so the quota lock does not queue them) and one recognition behind
    both proposals: the lock on the achievement's row makes the second see the first."""
    import datetime

    from tests.factories import AwardFormFactory
    from tests.initiatives.factories import InitiativeFactory, RecognitionFactory

    recognition = RecognitionFactory(
        initiative=InitiativeFactory(
            campaign=award["campaign"], unit=org["school_a"], title="Học bạ số"
        ),
        decision_date=datetime.date(2025, 6, 1),
    )
    other_form = AwardFormFactory(campaign=award["campaign"], name="Bằng khen của Giám đốc Sở")
    first = checked(award, users, recognitions=[recognition])
    second = checked(award, users, form=other_form, recognitions=[recognition])
    council_meeting = meeting(award, users)
    vote(users, first, council_meeting)
    vote(users, second, council_meeting)
    office = users["office"]
    # Widen the race: pause after looking for other awards, so that without the row lock
    # both approvals would find none and both pass.
    looked_up = services.achievements_awarded_elsewhere

    def slow_lookup(*args, **kwargs):
        found = looked_up(*args, **kwargs)
        time.sleep(0.5)
        return found

    monkeypatch.setattr(services, "achievements_awarded_elsewhere", slow_lookup)

    if connection.vendor != "postgresql":
        services.proposal_approve(proposal=first, by=office)
        with pytest.raises(ValidationError):
            services.proposal_approve(proposal=second, by=office)
        assert AwardProposal.objects.filter(status=ProposalStatus.APPROVED).count() == 1
        return

    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def approve(proposal):
        try:
            barrier.wait(timeout=10)
            with translation.override("en"):
                services.proposal_approve(proposal=proposal, by=office)
            outcomes[proposal.pk] = "approved"
        except ValidationError as error:
            outcomes[proposal.pk] = error.messages[0][:51]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(p,)) for p in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == [
        "One achievement backs one award (Luật Thi đua, khen",
        "approved",
    ]
    assert AwardProposal.objects.filter(status=ProposalStatus.APPROVED).count() == 1
