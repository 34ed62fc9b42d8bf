"""The demo tells the story of all five plans: each has a reporting cycle and an award round,
some content is public, and the history credits every act to the role that does it."""

import io
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from awards.models import AwardProposal, AwardRound, RoundStatus
from campaigns.models import Campaign
from devtools.demo.units import LOGINS
from portal.models import HistoryEntry
from reports.models import ReportingCycle, YearlyReport
from units.models import Role, RoleAssignment, User

pytestmark = pytest.mark.django_db

# Acts of the office (or the leader who approves), never of unit staff.
OFFICE_ACTIONS = {"check", "return", "approve", "reject", "decision", "finalise"}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return None


def test_every_plan_has_a_reporting_cycle_and_an_award_round(demo):
    campaigns = list(Campaign.objects.exclude(issuing_unit__code="HP-UBND"))
    assert len(campaigns) == 5
    for campaign in campaigns:
        assert ReportingCycle.objects.filter(campaign=campaign).exists(), campaign.number_label
        assert AwardRound.objects.filter(campaign=campaign).exists(), campaign.number_label
    # The Hưng Yên conference plan honours those its final round decided.
    conference = Campaign.objects.get(document_number="29/KH-SKHCN")
    final = AwardRound.objects.get(campaign=conference, kind="final")
    assert final.status == RoundStatus.FINALISED
    assert final.proposals.filter(status="decided").count() >= 5


def test_no_office_act_is_credited_to_unit_staff_and_every_confirmation_names_its_head(demo):
    proposal_type = ContentType.objects.get_for_model(AwardProposal)
    round_type = ContentType.objects.get_for_model(AwardRound)
    entries = HistoryEntry.objects.filter(
        content_type__in=[proposal_type, round_type], action__in=OFFICE_ACTIONS
    ).select_related("actor")
    assert entries.count() > 10
    unit_roles = {Role.UNIT_STAFF, Role.UNIT_HEAD}
    for entry in entries:
        assert entry.actor is not None, entry.action
        roles = set(RoleAssignment.objects.filter(user=entry.actor).values_list("role", flat=True))
        assert not roles & unit_roles, (entry.action, entry.actor.username, roles)
    confirmations = HistoryEntry.objects.filter(content_type=proposal_type, action="confirm")
    assert confirmations.exists()
    for entry in confirmations.select_related("actor"):
        proposal = AwardProposal.objects.get(pk=entry.object_id)
        assert RoleAssignment.objects.filter(
            user=entry.actor, role=Role.UNIT_HEAD, unit=proposal.proposing_unit
        ).exists()
    confirmed = AwardProposal.objects.exclude(confirmed_at=None)
    assert confirmed.exists()
    assert not confirmed.filter(confirmed_by=None).exists()
    # Each submitted report was submitted by someone of its own unit, never by "the system".
    submitted = YearlyReport.objects.filter(status="submitted")
    assert submitted.count() >= 10
    for report in submitted:
        assert RoleAssignment.objects.filter(
            user=report.submitted_by, role__in=unit_roles, unit=report.unit
        ).exists()


def test_the_confirmer_is_named_on_the_proposal_page(demo, client):
    proposal = AwardProposal.objects.filter(
        round__campaign__document_number="1536/KH-SGDĐT", status="decided"
    ).first()
    client.force_login(User.objects.get(username="vanphong"))
    page = client.get(reverse("awards:proposal_detail", args=[proposal.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert proposal.confirmed_by.display_name in text
    assert not re.search(r"<dd>\s*,", text)


def test_no_home_page_shows_a_plan_symbol_without_its_number(demo, client):
    """The Tứ Kỳ and Hưng Yên 2024 plans were issued unnumbered: they show "KH-UBND (không
    ghi số)", never "/KH-UBND" with nothing before the slash."""
    for username, *_rest in LOGINS:
        client.force_login(User.objects.get(username=username))
        page = client.get("/", follow=True)
        assert page.status_code == 200
        text = page.content.decode()
        assert not re.search(r"(^|[^\w])/KH-", text), username
    client.force_login(User.objects.get(username="txvanphong"))
    text = client.get("/", follow=True).content.decode()
    assert "KH-UBND (không ghi số)" in text


def test_the_public_page_lists_recognised_initiatives_to_anyone(demo, client):
    page = client.get(reverse("initiatives:public"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ứng dụng Google Sheets trong quản lý điểm" in text
    assert "1536/KH-SGDĐT" in text


def test_the_hung_yen_conference_lists_its_delegates_and_honourees(demo, client):
    phase = Campaign.objects.get(document_number="29/KH-SKHCN").phases.get(kind="final")
    delegates = list(phase.delegates.all())
    assert len(delegates) >= 10
    assert any(d.confirmed_at for d in delegates) and any(not d.confirmed_at for d in delegates)
    client.force_login(User.objects.get(username="hyvanphong"))
    page = client.get(reverse("campaigns:conference", args=[phase.pk])).content.decode()
    assert delegates[0].full_name in page
    decided = AwardProposal.objects.filter(round__campaign=phase.campaign, status="decided")
    assert decided.count() >= 5
    for proposal in decided:
        assert proposal.nominee_name in page
    assert "52/QĐ-SKHCN" in page


def test_the_public_area_shows_awards_and_a_list_open_for_comments(demo, client):
    from django.test import Client

    campaign = Campaign.objects.get(document_number="1536/KH-SGDĐT")
    anonymous = Client()
    page = anonymous.get(reverse("publication:campaign", args=[campaign.pk])).content.decode()
    assert "45/QĐ-SGDĐT" in page
    assert "Danh sách đề nghị đang lấy ý kiến" in page
    award_round = campaign.award_rounds.get(year=2025)
    listing = anonymous.get(reverse("publication:round", args=[award_round.pk])).content.decode()
    assert award_round.proposals.filter(status="submitted").first().nominee_name in listing
    assert "0904123456" not in listing
    assert award_round.public_comments.count() == 1


def test_the_city_is_the_level_above_and_has_a_package_to_check(demo):
    """UBND thành phố Hải Phòng: its plans are the basis of the Sở's and the commune's, and
    the Sở's proposal above its authority waits in the city's inbox, returned once."""
    from awards.models import ForwardedPackage, PackageStatus

    city = Campaign.objects.filter(issuing_unit__code="HP-UBND")
    assert sorted(c.document_number for c in city) == ["150/KH-UBND", "206/KH-UBND"]
    implementing = Campaign.objects.filter(basis__in=city)
    assert sorted(c.issuing_unit.code for c in implementing) == ["HP-SGD", "TK-UBND"]
    package = ForwardedPackage.objects.get()
    assert (package.lower_organisation.code, package.upper_organisation.code) == (
        "HP-SGD",
        "HP-UBND",
    )
    assert (package.status, package.times_sent) == (PackageStatus.CHECKING, 2)
    assert [p.award_form.name for p in package.proposals.all()] == ["Chiến sĩ thi đua thành phố"]
