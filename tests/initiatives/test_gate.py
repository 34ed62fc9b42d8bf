"""Recognition follows the council: every assigned member scored (or excused with a reason)
and the mean at or above the campaign's threshold; otherwise only a written override."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from initiatives import services
from initiatives.models import CouncilAssignment, Initiative, Recognition, Status
from portal.services import history_for

DECISION = {
    "decision_number": "125/QĐ-SGDĐT",
    "decision_date": datetime.date(2025, 6, 10),
    "issuer": "Sở Giáo dục và Đào tạo Hải Phòng",
}


@pytest.fixture
def in_council(initiative, users):
    services.initiative_submit(initiative=initiative, by=users["staff_a"])
    services.initiative_send_to_council(initiative=initiative, by=users["office"])
    initiative.refresh_from_db()
    return initiative


def score(initiative, member, points):
    rubric = list(initiative.campaign.rubric.all())
    return services.initiative_score(
        initiative=initiative,
        by=member,
        scores={c.pk: (p, "") for c, p in zip(rubric, points, strict=True)},
    )


def refused(initiative, by, **extra):
    with pytest.raises(services.InitiativeError) as error:
        services.initiative_recognise(initiative=initiative, by=by, **DECISION, **extra)
    initiative.refresh_from_db()
    assert initiative.status == Status.IN_COUNCIL
    assert Recognition.objects.filter(initiative=initiative).count() == 0
    return error.value.message


def test_no_member_assigned_is_refused(in_council, users):
    message = refused(in_council, users["office"])
    assert message == (
        "Kết quả của hội đồng chưa đủ để công nhận: Chưa phân công thành viên hội đồng nào. "
        "Nếu vẫn quyết định công nhận, hãy nêu lý do quyết định khác với kết quả của hội đồng."
    )


def test_one_member_unscored_is_refused(in_council, users, council_members):
    services.council_assign(initiative=in_council, members=council_members, by=users["office"])
    score(in_council, council_members[0], [35, 25, 25])
    message = refused(in_council, users["office"])
    assert f"Chưa chấm điểm: {council_members[1].display_name}." in message


def test_mean_below_threshold_is_refused(in_council, users, council_members):
    services.council_assign(initiative=in_council, members=council_members, by=users["office"])
    score(in_council, council_members[0], [30, 20, 10])
    score(in_council, council_members[1], [20, 10, 5])
    message = refused(in_council, users["office"], override_reason="   ")
    assert "Điểm tổng trung bình 47,5 thấp hơn ngưỡng công nhận 60 của phong trào." in message


def test_override_with_reason_is_recorded_and_shown(login, in_council, users, council_members):
    services.council_assign(initiative=in_council, members=council_members, by=users["office"])
    score(in_council, council_members[0], [30, 20, 10])
    score(in_council, council_members[1], [20, 10, 5])
    reason = "Giám đốc Sở quyết định theo biên bản họp ngày 05/06/2025."
    recognition = services.initiative_recognise(
        initiative=in_council, by=users["office"], override_reason=reason, **DECISION
    )
    assert recognition.override_reason == reason
    entry = list(history_for(in_council))[-1]
    assert (entry.action, entry.to_state) == ("recognised", "recognised")
    assert entry.note == (
        "Quyết định số 125/QĐ-SGDĐT ngày 10/06/2025 (Sở Giáo dục và Đào tạo Hải Phòng). "
        "Khác với kết quả của hội đồng (Điểm tổng trung bình 47,5 thấp hơn ngưỡng công nhận "
        f"60 của phong trào.) vì: {reason}"
    )
    page = login(users["staff_a"]).get(reverse("initiatives:detail", args=[in_council.pk]))
    assert "Quyết định khác với kết quả của hội đồng. Lý do:" in page.content.decode()
    assert reason in page.content.decode()


def test_all_scored_and_mean_reached_recognises_without_override(
    in_council, users, council_members
):
    services.council_assign(initiative=in_council, members=council_members, by=users["office"])
    score(in_council, council_members[0], [35, 25, 20])
    score(in_council, council_members[1], [30, 20, 20])
    recognition = services.initiative_recognise(
        initiative=in_council, by=users["office"], **DECISION
    )
    assert recognition.override_reason == ""
    in_council.refresh_from_db()
    assert in_council.status == Status.RECOGNISED


def test_excused_member_with_reason_counts_and_leaves_the_mean(in_council, users, council_members):
    services.council_assign(initiative=in_council, members=council_members, by=users["office"])
    score(in_council, council_members[0], [35, 25, 20])
    with pytest.raises(services.InitiativeError) as error:
        services.council_excuse(
            initiative=in_council, member=council_members[1], by=users["office"], reason=" "
        )
    assert error.value.message == "Hãy nêu lý do thành viên không chấm."
    refused(in_council, users["office"])
    services.council_excuse(
        initiative=in_council,
        member=council_members[1],
        by=users["office"],
        reason="Đi công tác nước ngoài suốt đợt chấm.",
    )
    assert services.council_summary(in_council)["mean"] == Decimal("80.00")
    services.initiative_recognise(initiative=in_council, by=users["office"], **DECISION)
    in_council.refresh_from_db()
    assert in_council.status == Status.RECOGNISED


def test_member_recuses_scores_leave_the_mean_and_office_is_told(
    login, in_council, users, council_members, django_capture_on_commit_callbacks
):
    from django.core import mail

    services.council_assign(initiative=in_council, members=council_members, by=users["office"])
    score(in_council, council_members[0], [35, 25, 20])
    score(in_council, council_members[1], [5, 5, 5])
    client = login(council_members[1])
    url = reverse("initiatives:action", args=[in_council.pk, "recuse"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Người hướng dẫn của tác giả."}, follow=True)
    assert "Bạn không còn chấm sáng kiến này; Văn phòng đã được thông báo." in (
        response.content.decode()
    )
    assignment = CouncilAssignment.objects.get(initiative=in_council, member=council_members[1])
    assert assignment.excused_reason == "Người hướng dẫn của tác giả."
    assert assignment.excused_by == council_members[1]
    assert services.council_summary(in_council)["mean"] == Decimal("80.00")
    assert [m.to[0] for m in mail.outbox] == ["office@example.vn"]
    office_page = login(users["office"]).get(reverse("initiatives:detail", args=[in_council.pk]))
    assert "Người hướng dẫn của tác giả." in office_page.content.decode()
    with pytest.raises(services.InitiativeError):
        score(in_council, council_members[1], [40, 30, 30])


def test_member_cannot_excuse_another_member(in_council, users, council_members):
    services.council_assign(initiative=in_council, members=council_members, by=users["office"])
    with pytest.raises(services.InitiativeError):
        services.council_excuse(
            initiative=in_council,
            member=council_members[1],
            by=council_members[0],
            reason="Không khách quan.",
        )
    assert not CouncilAssignment.objects.filter(excused_at__isnull=False).exists()


def test_recognise_view_refuses_then_accepts_override(login, in_council, users):
    client = login(users["office"])
    url = reverse("initiatives:action", args=[in_council.pk, "recognise"])
    data = {"decision_number": "12/QĐ-SGDĐT", "decision_date": "2025-06-01", "issuer": "Sở"}
    page = client.post(url, data, follow=True).content.decode()
    assert "Chưa phân công thành viên hội đồng nào." in page
    in_council.refresh_from_db()
    assert in_council.status == Status.IN_COUNCIL
    client.post(url, {**data, "override_reason": "Hội đồng họp trực tiếp, biên bản số 3."})
    in_council.refresh_from_db()
    assert in_council.status == Status.RECOGNISED


# Near copies -----------------------------------------------------------------------------


@pytest.fixture
def near_copy(make_initiative, users):
    """An earlier initiative and a submitted application that copies it."""
    earlier = make_initiative(
        title="Ứng dụng bảng tính tự động tổng hợp điểm học kỳ cho giáo viên chủ nhiệm",
        essence="Dùng công thức bảng tính để tổng hợp điểm và xếp loại học sinh.",
    )
    services.initiative_submit(initiative=earlier, by=users["staff_a"])
    copy = make_initiative(
        title="Ứng dụng bảng tính tự động tổng hợp điểm học kỳ cho giáo viên chủ nhiệm lớp",
        essence="Dùng công thức bảng tính để tổng hợp điểm và xếp loại học sinh.",
    )
    services.initiative_submit(initiative=copy, by=users["staff_a"])
    copy.refresh_from_db()
    assert [m["id"] for m in copy.similar_matches] == [earlier.pk]
    return earlier, copy


def test_flagged_near_copy_cannot_go_to_council_without_a_note(near_copy, users):
    _earlier, copy = near_copy
    with pytest.raises(services.InitiativeError) as error:
        services.initiative_send_to_council(initiative=copy, by=users["office"])
    assert error.value.message.startswith("Đã phát hiện sáng kiến tương tự")
    copy.refresh_from_db()
    assert copy.status == Status.SUBMITTED
    services.initiative_send_to_council(
        initiative=copy, by=users["office"], similarity_note="Đã đối chiếu: khác phạm vi áp dụng."
    )
    copy.refresh_from_db()
    assert copy.status == Status.IN_COUNCIL
    assert copy.similarity_note == "Đã đối chiếu: khác phạm vi áp dụng."
    assert copy.similarity_noted_by == users["office"]
    actions = [h.action for h in history_for(copy)]
    assert actions[-2:] == ["similarity_noted", "sent_to_council"]


def test_send_view_without_note_is_refused(login, near_copy, users):
    _earlier, copy = near_copy
    client = login(users["office"])
    url = reverse("initiatives:action", args=[copy.pk, "send"])
    page = client.post(url, {"similarity_note": ""}, follow=True).content.decode()
    assert "Đã phát hiện sáng kiến tương tự" in page
    assert Initiative.objects.get(pk=copy.pk).status == Status.SUBMITTED


def test_unacknowledged_near_copy_in_council_cannot_be_recognised(near_copy, users):
    _earlier, copy = near_copy
    Initiative.objects.filter(pk=copy.pk).update(status=Status.IN_COUNCIL)
    message = refused(copy, users["office"], override_reason="Lý do bất kỳ.")
    assert message.startswith("Đã phát hiện sáng kiến tương tự")


def test_office_notes_near_copy_already_in_council_then_recognises(login, near_copy, users):
    _earlier, copy = near_copy
    Initiative.objects.filter(pk=copy.pk).update(status=Status.IN_COUNCIL)
    client = login(users["office"])
    url = reverse("initiatives:action", args=[copy.pk, "similarity"])
    page = client.post(url, {"similarity_note": " "}, follow=True).content.decode()
    assert "Đã phát hiện sáng kiến tương tự" in page
    client.post(url, {"similarity_note": "Đối chiếu xong: cùng tác giả, bản mở rộng."})
    copy.refresh_from_db()
    assert copy.similarity_note == "Đối chiếu xong: cùng tác giả, bản mở rộng."
    services.initiative_recognise(
        initiative=copy, by=users["office"], override_reason="Hội đồng họp trực tiếp.", **DECISION
    )
    copy.refresh_from_db()
    assert copy.status == Status.RECOGNISED


def test_office_excuses_a_member_through_the_page(login, in_council, users, council_members):
    services.council_assign(initiative=in_council, members=council_members, by=users["office"])
    assignment = CouncilAssignment.objects.get(initiative=in_council, member=council_members[1])
    url = reverse("initiatives:action", args=[in_council.pk, "excuse"])
    assert (
        login(council_members[0])
        .post(url, {"assignment": assignment.pk, "reason": "x"})
        .status_code
        == 404
    )
    assert login(users["office"]).post(url, {"assignment": "abc", "reason": "x"}).status_code == 404
    login(users["office"]).post(url, {"assignment": assignment.pk, "reason": "Nghỉ ốm dài ngày."})
    assignment.refresh_from_db()
    assert (assignment.excused_reason, assignment.excused_by) == (
        "Nghỉ ốm dài ngày.",
        users["office"],
    )


def test_recused_initiative_leaves_the_members_to_score_panel(
    login, in_council, users, council_members
):
    services.council_assign(initiative=in_council, members=council_members, by=users["office"])
    client = login(council_members[0])
    assert in_council.title in client.get(reverse("home")).content.decode()
    services.council_excuse(
        initiative=in_council, member=council_members[0], by=council_members[0], reason="Bận."
    )
    assert in_council.title not in client.get(reverse("home")).content.decode()
