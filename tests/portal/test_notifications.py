from django.core import mail

from portal.models import Delivery, Notification
from portal.services import history_for, history_record, notify_users


def test_notify_users_writes_rows_with_the_change_and_emails_after_commit(
    users, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://congthidua.example.vn"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_users(
            users=[users["staff_a"], users["head_a"]],
            template="portal/email/file_ready",
            context={"filename": "ho-so.pdf", "version": 2},
            url="/files/1/",
        )
        # Written in the caller's transaction, sent only once it commits.
        assert mail.outbox == []
        assert Notification.objects.count() == 2
        assert Delivery.objects.filter(status=Delivery.Status.PENDING).count() == 2
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [users["staff_a"].email, users["head_a"].email]
    )
    notification = Notification.objects.get(recipient=users["staff_a"])
    assert notification.subject == "Tệp ho-so.pdf đã sẵn sàng"
    assert notification.url == "/files/1/"
    assert "https://congthidua.example.vn/files/1/" in mail.outbox[0].body
    assert mail.outbox[0].subject == "Tệp ho-so.pdf đã sẵn sàng"


def test_inactive_users_are_not_notified(users, django_capture_on_commit_callbacks):
    users["staff_a"].is_active = False
    users["staff_a"].save()
    with django_capture_on_commit_callbacks(execute=True):
        notify_users(
            users=[users["staff_a"]],
            template="portal/email/file_ready",
            context={"filename": "ho-so.pdf", "version": 1},
        )
    assert mail.outbox == []


def test_notifications_page_shows_only_own_and_marks_them_read_on_request(client, users):
    mine = Notification.objects.create(recipient=users["staff_a"], subject="Sáng kiến bị trả lại")
    theirs = Notification.objects.create(recipient=users["staff_b"], subject="Việc của đơn vị khác")
    client.force_login(users["staff_a"])
    assert 'class="badge">1<' in client.get("/").content.decode()
    page = client.get("/notifications/").content.decode()
    assert "Sáng kiến bị trả lại" in page
    assert "Việc của đơn vị khác" not in page
    mine.refresh_from_db()
    assert mine.read_at is None  # opening the page writes nothing
    assert "Đánh dấu tất cả là đã đọc" in page
    response = client.post("/notifications/")
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None
    assert 'class="badge"' not in client.get("/").content.decode()


def test_history_keeps_who_when_from_to_why(users, org):
    unit = org["school_a"]
    history_record(
        subject=unit, by=users["office"], action="edit", from_state="a", to_state="b", note="Lý do"
    )
    history_record(subject=org["school_b"], by=users["office"], action="edit")
    entries = list(history_for(unit))
    assert [(e.actor, e.action, e.from_state, e.to_state, e.note) for e in entries] == [
        (users["office"], "edit", "a", "b", "Lý do")
    ]
    assert entries[0].at is not None
