import datetime
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection

from initiatives import services
from initiatives.models import CouncilAssignment, Initiative, Recognition, Status
from portal.models import Notification
from portal.services import history_for

DECISION = {
    "decision_number": "125/QĐ-SGDĐT",
    "decision_date": datetime.date(2025, 6, 10),
    "issuer": "Sở Giáo dục và Đào tạo Hải Phòng",
}


# Tests of locking and state, not of the council gate: the decision states its reason.
OVERRIDDEN = {**DECISION, "override_reason": "Hội đồng họp trực tiếp, biên bản số 3."}


def set_status(initiative, status):
    Initiative.objects.filter(pk=initiative.pk).update(status=status)
    initiative.refresh_from_db()
    return initiative


def test_submit_moves_draft_to_submitted_with_history_and_emails(
    initiative, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_submit(initiative=initiative, by=users["staff_a"])
    initiative.refresh_from_db()
    assert initiative.status == Status.SUBMITTED
    assert initiative.submitted_at is not None
    [entry] = history_for(initiative)
    assert (entry.actor, entry.action, entry.from_state, entry.to_state) == (
        users["staff_a"],
        "submitted",
        "draft",
        "submitted",
    )
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["head_a@example.vn", "office@example.vn", "staff_a@example.vn"]
    assert mail.outbox[0].subject == f"Sáng kiến đã được nộp: {initiative.title}"
    assert Notification.objects.filter(recipient=users["staff_a"]).count() == 1


@pytest.mark.parametrize("who", ["staff_b", "office", "council", "outsider", "leader"])
def test_submit_refused_for_other_roles(initiative, users, who):
    with pytest.raises(services.InitiativeError) as error:
        services.initiative_submit(initiative=initiative, by=users[who])
    assert error.value.message == "Bạn không có quyền thực hiện thao tác này."
    initiative.refresh_from_db()
    assert initiative.status == Status.DRAFT


@pytest.mark.parametrize(
    "status", [Status.SUBMITTED, Status.IN_COUNCIL, Status.RECOGNISED, Status.WITHDRAWN]
)
def test_submit_refused_in_other_states(initiative, users, status):
    set_status(initiative, status)
    with pytest.raises(services.InitiativeError) as error:
        services.initiative_submit(initiative=initiative, by=users["staff_a"])
    label = Status(status).label
    assert (
        error.value.message
        == f"Không thể thực hiện thao tác này khi hồ sơ đang ở trạng thái “{label}”."
    )


def test_submit_names_each_missing_part(make_initiative, users):
    initiative = make_initiative(essence="", benefits_appliers="", authors=0)
    with pytest.raises(services.InitiativeError) as error:
        services.initiative_submit(initiative=initiative, by=users["staff_a"])
    assert error.value.message == (
        "Chưa thể nộp hồ sơ. Còn thiếu: bản chất của sáng kiến; "
        "lợi ích theo đánh giá của người áp dụng; ít nhất một tác giả."
    )
    initiative.refresh_from_db()
    assert initiative.status == Status.DRAFT
    assert initiative.essence == ""


def test_submit_refuses_contributions_not_summing_to_100(make_initiative, users):
    initiative = make_initiative(authors=2)
    initiative.authors.filter(full_name="Tác giả 2").update(contribution=Decimal(30))
    with pytest.raises(services.InitiativeError) as error:
        services.initiative_submit(initiative=initiative, by=users["staff_a"])
    assert error.value.message == (
        "Chưa thể nộp hồ sơ. Còn thiếu: tổng tỷ lệ đóng góp của các tác giả bằng 100 % (hiện là 80 %)."  # noqa: E501
    )
    assert initiative.authors.count() == 2


def test_return_then_resubmit_shows_changes(initiative, users, django_capture_on_commit_callbacks):
    services.initiative_submit(initiative=initiative, by=users["staff_a"])
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_return(
            initiative=initiative, by=users["office"], reason="Bổ sung minh chứng hiệu quả."
        )
    initiative.refresh_from_db()
    assert initiative.status == Status.RETURNED
    assert initiative.return_reason == "Bổ sung minh chứng hiệu quả."
    assert sorted(m.to[0] for m in mail.outbox) == ["head_a@example.vn", "staff_a@example.vn"]
    assert "Bổ sung minh chứng hiệu quả." in mail.outbox[0].body
    initiative.benefits_authors = "Tiết kiệm 45 giờ mỗi học kỳ."
    initiative.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_resubmit(initiative=initiative, by=users["staff_a"])
    initiative.refresh_from_db()
    assert initiative.status == Status.SUBMITTED
    changes = services.initiative_changes_since_return(initiative)
    assert [(c["field"], c["before"], c["after"]) for c in changes] == [
        ("benefits_authors", "Tiết kiệm 30 giờ mỗi học kỳ.", "Tiết kiệm 45 giờ mỗi học kỳ.")
    ]
    assert ("delete", "30") in changes[0]["ops"] and ("insert", "45") in changes[0]["ops"]
    actions = [(h.action, h.from_state, h.to_state) for h in history_for(initiative)]
    assert actions == [
        ("submitted", "draft", "submitted"),
        ("returned", "submitted", "returned"),
        ("resubmitted", "returned", "submitted"),
    ]
    assert len(mail.outbox) == 3


def test_return_needs_a_reason(initiative, users):
    set_status(initiative, Status.SUBMITTED)
    with pytest.raises(services.InitiativeError) as error:
        services.initiative_return(initiative=initiative, by=users["office"], reason="  ")
    assert error.value.message == "Hãy nêu lý do trả lại hồ sơ."


@pytest.mark.parametrize("who", ["staff_a", "head_a", "staff_b", "council", "outsider", "leader"])
def test_office_moves_refused_for_other_roles(initiative, users, who):
    set_status(initiative, Status.SUBMITTED)
    for call in (
        lambda: services.initiative_return(initiative=initiative, by=users[who], reason="x"),
        lambda: services.initiative_send_to_council(initiative=initiative, by=users[who]),
    ):
        with pytest.raises(services.InitiativeError):
            call()
    set_status(initiative, Status.IN_COUNCIL)
    for call in (
        lambda: services.initiative_recognise(initiative=initiative, by=users[who], **DECISION),
        lambda: services.initiative_reject(initiative=initiative, by=users[who], reason="x"),
    ):
        with pytest.raises(services.InitiativeError):
            call()
    initiative.refresh_from_db()
    assert initiative.status == Status.IN_COUNCIL


@pytest.mark.parametrize("status", [Status.DRAFT, Status.RETURNED, Status.RECOGNISED])
def test_send_to_council_refused_outside_submitted(initiative, users, status):
    set_status(initiative, status)
    with pytest.raises(services.InitiativeError):
        services.initiative_send_to_council(initiative=initiative, by=users["office"])


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.NOT_RECOGNISED])
def test_recognise_refused_outside_council(initiative, users, status):
    set_status(initiative, status)
    with pytest.raises(services.InitiativeError):
        services.initiative_recognise(initiative=initiative, by=users["office"], **DECISION)
    assert Recognition.objects.count() == 0


def test_full_journey_history_and_mail(
    initiative, users, council_members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_submit(initiative=initiative, by=users["staff_a"])
        services.initiative_send_to_council(
            initiative=initiative, by=users["office"], members=council_members
        )
    initiative.refresh_from_db()
    assert initiative.status == Status.IN_COUNCIL
    assert set(CouncilAssignment.objects.values_list("member__username", flat=True)) == {
        "council_1",
        "council_2",
    }
    rubric = list(initiative.campaign.rubric.all())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_score(
            initiative=initiative,
            by=council_members[0],
            scores={rubric[0].pk: (35, "Mới"), rubric[1].pk: (25, ""), rubric[2].pk: (20, "")},
        )
        services.initiative_score(
            initiative=initiative,
            by=council_members[1],
            scores={rubric[0].pk: (30, ""), rubric[1].pk: (20, ""), rubric[2].pk: (20, "")},
        )
    assert [m.to[0] for m in mail.outbox] == ["office@example.vn", "office@example.vn"]
    summary = services.council_summary(initiative)
    assert [r["total"] for r in summary["rows"]] == [Decimal(80), Decimal(70)]
    assert summary["mean"] == Decimal("75.00")
    assert summary["proposed"] is True
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        recognition = services.initiative_recognise(
            initiative=initiative, by=users["office"], **DECISION
        )
    assert recognition.level == "base"
    assert sorted(m.to[0] for m in mail.outbox) == ["head_a@example.vn", "staff_a@example.vn"]
    assert mail.outbox[0].subject == f"Sáng kiến được công nhận: {initiative.title}"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.recognition_add_higher_level(
            initiative=initiative,
            by=users["office"],
            level="province",
            decision_number="88/QĐ-UBND",
            decision_date=datetime.date(2026, 3, 1),
            issuer="UBND thành phố Hải Phòng",
        )
    assert len(mail.outbox) == 2
    with pytest.raises(services.InitiativeError) as error:
        services.recognition_add_higher_level(
            initiative=initiative, by=users["office"], level="base", **DECISION
        )
    assert error.value.message == "Sáng kiến đã được công nhận ở cấp này hoặc cấp cao hơn."
    assert list(initiative.recognitions.values_list("level", flat=True)) == ["base", "province"]
    actions = [h.action for h in history_for(initiative)]
    assert actions == [
        "submitted",
        "sent_to_council",
        "assigned",
        "scored",
        "scored",
        "recognised",
        "recognised_higher",
    ]


def test_reject_records_reason(initiative, users, django_capture_on_commit_callbacks):
    set_status(initiative, Status.IN_COUNCIL)
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_reject(
            initiative=initiative, by=users["office"], reason="Chưa có tính mới."
        )
    initiative.refresh_from_db()
    assert (initiative.status, initiative.decision_note) == (
        Status.NOT_RECOGNISED,
        "Chưa có tính mới.",
    )
    assert len(mail.outbox) == 2
    [entry] = history_for(initiative)
    assert (entry.from_state, entry.to_state, entry.note) == (
        "in_council",
        "not_recognised",
        "Chưa có tính mới.",
    )


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.RETURNED])
def test_withdraw_before_review(initiative, users, status, django_capture_on_commit_callbacks):
    set_status(initiative, status)
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_withdraw(initiative=initiative, by=users["head_a"])
    initiative.refresh_from_db()
    assert initiative.status == Status.WITHDRAWN
    assert [h.to_state for h in history_for(initiative)] == ["withdrawn"]
    assert len(mail.outbox) >= 2


@pytest.mark.parametrize("status", [Status.IN_COUNCIL, Status.RECOGNISED])
def test_withdraw_refused_after_review_started(initiative, users, status):
    set_status(initiative, status)
    with pytest.raises(services.InitiativeError):
        services.initiative_withdraw(initiative=initiative, by=users["staff_a"])


def test_withdraw_refused_for_other_unit(initiative, users):
    with pytest.raises(services.InitiativeError):
        services.initiative_withdraw(initiative=initiative, by=users["staff_b"])


def test_second_decision_is_refused(initiative, users):
    """Two reviewers deciding one after the other: the second finds it decided."""
    set_status(initiative, Status.IN_COUNCIL)
    stale = Initiative.objects.get(pk=initiative.pk)
    services.initiative_recognise(initiative=initiative, by=users["office"], **OVERRIDDEN)
    with pytest.raises(services.InitiativeError) as error:
        services.initiative_reject(initiative=stale, by=users["admin"], reason="Không đạt")
    assert error.value.message == (
        "Không thể thực hiện thao tác này khi hồ sơ đang ở trạng thái “Được công nhận”."
    )
    assert Initiative.objects.get(pk=initiative.pk).status == Status.RECOGNISED


@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_one_wins(org, users, make_initiative):
    """Two reviewers decide at once. On PostgreSQL two threads race and the row lock
    serialises them: one wins, the other is told the state changed. SQLite has no row
    locks (a second writer fails with "database is locked"), so there the same two
    decisions run one after the other and the second is refused."""
    initiative = set_status(make_initiative(), Status.IN_COUNCIL)
    outcomes = []

    def recognise():
        services.initiative_recognise(initiative=initiative, by=users["office"], **OVERRIDDEN)

    def reject():
        services.initiative_reject(initiative=initiative, by=users["admin"], reason="Không đạt")

    def decide(call, barrier=None):
        from django.db import connection as thread_connection

        try:
            if barrier is not None:
                barrier.wait(timeout=5)
            call()
            outcomes.append("ok")
        except services.InitiativeError as error:
            outcomes.append(error.message)
        finally:
            if barrier is not None:
                thread_connection.close()

    if connection.vendor == "postgresql":
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=decide, args=(c, barrier)) for c in (recognise, reject)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    else:
        decide(recognise)
        decide(reject)
    initiative.refresh_from_db()
    assert outcomes.count("ok") == 1
    assert initiative.status in (Status.RECOGNISED, Status.NOT_RECOGNISED)
    [loser] = [o for o in outcomes if o != "ok"]
    label = Status(initiative.status).label
    assert loser == f"Không thể thực hiện thao tác này khi hồ sơ đang ở trạng thái “{label}”."
    assert Recognition.objects.filter(initiative=initiative).count() == (
        1 if initiative.status == Status.RECOGNISED else 0
    )
    assert len(history_for(initiative)) == 1
