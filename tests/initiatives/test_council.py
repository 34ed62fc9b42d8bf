from decimal import Decimal

import pytest
from django.urls import reverse

from initiatives import services
from initiatives.models import CouncilAssignment, CouncilMember, Initiative, Score, Status
from tests.factories import RoleAssignmentFactory, UserFactory
from tests.initiatives.factories import AuthorFactory
from units.models import Role


@pytest.fixture
def in_council(initiative, users):
    services.initiative_submit(initiative=initiative, by=users["staff_a"])
    services.initiative_send_to_council(initiative=initiative, by=users["office"])
    initiative.refresh_from_db()
    return initiative


def scores_for(initiative, points):
    rubric = list(initiative.campaign.rubric.all())
    return {c.pk: (p, "") for c, p in zip(rubric, points, strict=True)}


def test_member_of_the_same_unit_cannot_be_assigned(in_council, users, org, campaign):
    same_unit = UserFactory(username="council_a", person__unit=org["school_a_branch"])
    RoleAssignmentFactory(user=same_unit, role=Role.COUNCIL, unit=org["department"])
    CouncilMember.objects.create(campaign=campaign, user=same_unit)
    with pytest.raises(services.InitiativeError) as error:
        services.council_assign(initiative=in_council, members=[same_unit], by=users["office"])
    assert error.value.message == (
        f"{same_unit.display_name} không được chấm sáng kiến của đơn vị mình hoặc do mình là tác giả."  # noqa: E501
    )
    assert CouncilAssignment.objects.count() == 0


def test_author_cannot_be_assigned(in_council, users, council_members):
    AuthorFactory(initiative=in_council, person=council_members[0].person, contribution=0)
    with pytest.raises(services.InitiativeError):
        services.council_assign(
            initiative=in_council, members=[council_members[0]], by=users["office"]
        )


def test_member_never_sees_nor_scores_own_unit_even_if_assigned(login, in_council, org, campaign):
    """An assignment made before the member moved into the unit still hides the initiative."""
    member = UserFactory(username="council_moved", person__unit=org["school_b"])
    RoleAssignmentFactory(user=member, role=Role.COUNCIL, unit=org["department"])
    CouncilAssignment.objects.create(initiative=in_council, member=member)
    client = login(member)
    assert client.get(reverse("initiatives:detail", args=[in_council.pk])).status_code == 200
    member.person.unit = org["school_a"]
    member.person.save()
    assert client.get(reverse("initiatives:detail", args=[in_council.pk])).status_code == 404
    with pytest.raises(services.InitiativeError):
        services.initiative_score(
            initiative=in_council, by=member, scores=scores_for(in_council, [1, 1, 1])
        )


def test_not_a_council_member_of_the_campaign(in_council, users):
    with pytest.raises(services.InitiativeError) as error:
        services.council_assign(
            initiative=in_council, members=[users["council"]], by=users["office"]
        )
    assert "không phải thành viên hội đồng của phong trào này" in error.value.message


def test_unassigned_member_cannot_see_or_score(login, in_council, council_members):
    client = login(council_members[0])
    assert client.get(reverse("initiatives:detail", args=[in_council.pk])).status_code == 404
    with pytest.raises(services.InitiativeError):
        services.initiative_score(
            initiative=in_council, by=council_members[0], scores=scores_for(in_council, [1, 1, 1])
        )


def test_points_above_the_maximum_are_refused(in_council, users, council_members):
    services.council_assign(initiative=in_council, members=council_members, by=users["office"])
    with pytest.raises(services.InitiativeError) as error:
        services.initiative_score(
            initiative=in_council,
            by=council_members[0],
            scores=scores_for(in_council, [41, 10, 10]),
        )
    assert error.value.message == "Điểm tiêu chí “Tính mới” phải từ 0 đến 40."
    assert Score.objects.count() == 0


def test_score_form_refuses_over_max(login, in_council, users, council_members):
    services.council_assign(initiative=in_council, members=council_members, by=users["office"])
    rubric = list(in_council.campaign.rubric.all())
    client = login(council_members[0])
    data = {f"points_{c.pk}": "35" for c in rubric}
    response = client.post(reverse("initiatives:score", args=[in_council.pk]), data, follow=True)
    assert "Điểm tiêu chí “Khả năng áp dụng” phải từ 0 đến 30." in response.content.decode()
    assert Score.objects.count() == 0
    data = {f"points_{c.pk}": "25" for c in rubric} | {f"comment_{rubric[0].pk}": "Có tính mới"}
    response = client.post(reverse("initiatives:score", args=[in_council.pk]), data, follow=True)
    assert "Điểm của bạn đã được lưu." in response.content.decode()
    assert Score.objects.count() == 3


def test_office_sees_each_members_scores_mean_and_proposal(
    login, in_council, users, council_members
):
    services.council_assign(initiative=in_council, members=council_members, by=users["office"])
    services.initiative_score(
        initiative=in_council, by=council_members[0], scores=scores_for(in_council, [30, 20, 10])
    )
    services.initiative_score(
        initiative=in_council, by=council_members[1], scores=scores_for(in_council, [20, 10, 5])
    )
    summary = services.council_summary(in_council)
    assert summary["mean"] == Decimal("47.50")
    assert summary["threshold"] == Decimal(60)
    assert summary["proposed"] is False
    page = (
        login(users["office"])
        .get(reverse("initiatives:detail", args=[in_council.pk]))
        .content.decode()
    )
    assert "Điểm tổng trung bình 47,5 từ 2 thành viên; ngưỡng công nhận 60." in page
    assert "Dưới ngưỡng công nhận" in page
    assert "Lê Văn Hội" in page and "Phạm Thị Đồng" in page


def test_blind_review_hides_authors_and_unit(login, in_council, users, council_members, campaign):
    campaign.blind_review = True
    campaign.save()
    services.council_assign(initiative=in_council, members=council_members, by=users["office"])
    page = (
        login(council_members[0])
        .get(reverse("initiatives:detail", args=[in_council.pk]))
        .content.decode()
    )
    assert "Chấm kín: tác giả và đơn vị được ẩn với hội đồng." in page
    assert "Trường THPT An Lão" not in page
    assert "Tác giả 1" not in page
    listing = (
        login(council_members[0])
        .get(reverse("initiatives:list") + "?scope=assigned")
        .content.decode()
    )
    assert in_council.title in listing
    assert "Trường THPT An Lão" not in listing
    office_page = (
        login(users["office"])
        .get(reverse("initiatives:detail", args=[in_council.pk]))
        .content.decode()
    )
    assert "Tác giả 1" in office_page


def test_council_membership_page(login, users, campaign, council_members):
    client = login(users["office"])
    url = reverse("initiatives:council", args=[campaign.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"members": [council_members[0].pk]})
    assert response.status_code == 302
    assert list(
        CouncilMember.objects.filter(campaign=campaign).values_list("user__username", flat=True)
    ) == ["council_1"]
    assert login(users["staff_a"]).get(url).status_code == 404


def test_council_role_is_required(users, campaign):
    with pytest.raises(services.InitiativeError) as error:
        services.council_set_members(
            campaign=campaign, users=[users["staff_b"]], by=users["office"]
        )
    assert (
        error.value.message
        == f"{users['staff_b'].display_name} không có vai trò thành viên hội đồng."
    )


def test_scoring_refused_after_decision(in_council, users, council_members):
    services.council_assign(initiative=in_council, members=council_members, by=users["office"])
    Initiative.objects.filter(pk=in_council.pk).update(status=Status.NOT_RECOGNISED)
    with pytest.raises(services.InitiativeError):
        services.initiative_score(
            initiative=in_council, by=council_members[0], scores=scores_for(in_council, [1, 1, 1])
        )
