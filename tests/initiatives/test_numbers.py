"""Numbers on the initiative pages and records read as Vietnamese write them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from initiatives import services
from initiatives.models import Initiative, RubricCriterion
from portal.services import history_for


@pytest.fixture
def in_council(initiative, users, council_members):
    services.initiative_submit(initiative=initiative, by=users["staff_a"])
    services.initiative_send_to_council(initiative=initiative, by=users["office"])
    services.council_assign(initiative=initiative, members=council_members, by=users["office"])
    initiative.refresh_from_db()
    return initiative


def test_score_form_reads_at_most_40_points(login, in_council, council_members):
    # Stored as 40.00: Decimal.normalize() of it is 4E+1.
    assert RubricCriterion.objects.get(name="Tính mới").max_points.normalize() == Decimal("4E+1")
    page = (
        login(council_members[0])
        .get(reverse("initiatives:detail", args=[in_council.pk]))
        .content.decode()
    )
    assert "tối đa 40 điểm" in page
    assert "E+" not in page


def test_history_and_page_show_the_same_comma_number(login, in_council, users, council_members):
    rubric = list(in_council.campaign.rubric.all())
    services.initiative_score(
        initiative=in_council,
        by=council_members[0],
        scores={c.pk: (p, "") for c, p in zip(rubric, ("35.5", "25", "25"), strict=True)},
    )
    entry = list(history_for(in_council))[-1]
    assert entry.note == "Tổng 85,5 điểm"
    page = (
        login(users["office"])
        .get(reverse("initiatives:detail", args=[in_council.pk]))
        .content.decode()
    )
    assert "Điểm tổng trung bình 85,5 từ 1 thành viên; ngưỡng công nhận 60." in page
    assert "85.5" not in page and "85,50" not in page


def test_resubmission_diff_shows_yes_and_no_for_a_checkbox(login, initiative, users):
    services.initiative_submit(initiative=initiative, by=users["staff_a"])
    services.initiative_return(initiative=initiative, by=users["office"], reason="Bổ sung.")
    Initiative.objects.filter(pk=initiative.pk).update(trial_applied=True)
    initiative.refresh_from_db()
    services.initiative_resubmit(initiative=initiative, by=users["staff_a"])
    changes = services.initiative_changes_since_return(initiative)
    assert [(c["field"], c["before"], c["after"]) for c in changes] == [
        ("trial_applied", "Không", "Có")
    ]
    page = (
        login(users["office"])
        .get(reverse("initiatives:detail", args=[initiative.pk]))
        .content.decode()
    )
    assert "<del>Không</del>" in page and "<ins>Có</ins>" in page
    assert "False" not in page and "True" not in page


def test_snapshot_written_before_reads_as_words(initiative, users):
    """A return snapshot stored with "False" and an ISO date is compared as Không and d/m/Y."""
    services.initiative_submit(initiative=initiative, by=users["staff_a"])
    services.initiative_return(initiative=initiative, by=users["office"], reason="Bổ sung.")
    initiative.refresh_from_db()
    legacy = dict(initiative.return_snapshot)
    legacy["trial_applied"] = "False"
    legacy["first_applied_on"] = "2024-09-05"
    Initiative.objects.filter(pk=initiative.pk).update(return_snapshot=legacy)
    initiative.refresh_from_db()
    assert services.initiative_changes_since_return(initiative) == []


def test_campaign_page_shows_rubric_points_plainly(login, campaign, users):
    page = (
        login(users["office"]).get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    )
    assert '<td class="num">40</td>' in page
    assert "40,00" not in page and "E+" not in page
