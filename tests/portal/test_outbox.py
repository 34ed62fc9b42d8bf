"""The delivery outbox: rows written with the change, sent once by a worker, in batches over
one SMTP connection, retried when the mail server is down, each user's choice respected."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from portal.deliveries import deliver, deliveries_sweep, digests_send
from portal.models import (
    Delivery,
    DeliveryMode,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from portal.services import notify_users
from tests.reports.smtp import SmtpSink, free_port


@pytest.fixture
def eager():
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def smtp_to(settings, port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10


def file_ready(users, **kwargs):
    notify_users(
        users=users,
        template="portal/email/file_ready",
        context={"filename": "ho-so.pdf", "version": 1},
        url="/files/1/",
        **kwargs,
    )


def test_a_rolled_back_change_leaves_no_notification_and_sends_nothing(
    users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                file_ready([users["staff_a"]])
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
    assert Notification.objects.count() == 0
    assert Delivery.objects.count() == 0
    assert mail.outbox == []


def test_mail_server_down_loses_nothing_and_the_row_waits_with_backoff(
    users, settings, eager, django_capture_on_commit_callbacks
):
    port = free_port()
    smtp_to(settings, port)  # nothing listens there yet
    with django_capture_on_commit_callbacks(execute=True):
        file_ready([users["staff_a"]])  # no exception reaches the caller
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.attempts == 1
    assert "ConnectionRefused" in delivery.note
    assert delivery.not_before > timezone.now()
    # Before its backoff is over the sweep leaves it alone.
    assert deliveries_sweep()["enqueued"] == 0

    with SmtpSink(port=port) as sink:
        # The backoff is over.
        Delivery.objects.filter(pk=delivery.pk).update(
            not_before=timezone.now() - datetime.timedelta(seconds=1)
        )
        assert deliveries_sweep()["enqueued"] == 1
        assert deliveries_sweep()["enqueued"] == 0
        assert deliver(ids=[delivery.pk]) == 0  # already sent: not again
        received = sink.wait_for(1)
    assert [m["To"] for m in received] == ["staff_a@example.vn"]
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 2


def test_gives_up_after_the_last_attempt(users, settings, django_capture_on_commit_callbacks):
    smtp_to(settings, free_port())
    with django_capture_on_commit_callbacks(execute=False):
        file_ready([users["staff_a"]])
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(attempts=9)
    assert deliver(ids=[delivery.pk]) == 0
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 10


def test_one_smtp_connection_carries_a_whole_batch(
    org, settings, eager, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    people = [UserFactory(username=f"nguoi{n}", email=f"nguoi{n}@example.vn") for n in range(25)]
    with SmtpSink() as sink:
        smtp_to(settings, sink.port)
        with django_capture_on_commit_callbacks(execute=True):
            file_ready(people)
        received = sink.wait_for(25)
        assert len(sink.connections) == 1
    assert sorted(m["To"] for m in received) == sorted(u.email for u in people)
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 25


def test_a_claim_of_a_dead_worker_is_taken_back_by_the_sweep(
    users, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        file_ready([users["staff_a"]])
    delivery = Delivery.objects.get()
    claimed = timezone.now()
    # A worker claimed the row and died before sending it.
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENDING, claim="dead", claimed_at=claimed
    )
    # A live claim is left alone: no one else sends it while its worker may be sending.
    assert deliveries_sweep(now=claimed + datetime.timedelta(seconds=5))["released"] == 0
    assert deliver(ids=[delivery.pk]) == 0
    assert mail.outbox == []
    swept = deliveries_sweep(now=claimed + datetime.timedelta(seconds=31))
    assert swept == {"released": 1, "enqueued": 1}
    assert [m.to for m in mail.outbox] == [["staff_a@example.vn"]]
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT


def test_each_user_chooses_email_digest_or_portal_per_kind(
    users, settings, eager, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(
        user=users["head_a"], kind=NotificationKind.FILE, mode=DeliveryMode.DIGEST
    )
    NotificationPreference.objects.create(
        user=users["staff_b"], kind=NotificationKind.FILE, mode=DeliveryMode.PORTAL
    )
    # A choice for another kind does not apply to files.
    NotificationPreference.objects.create(
        user=users["staff_a"], kind=NotificationKind.AWARD, mode=DeliveryMode.PORTAL
    )
    with django_capture_on_commit_callbacks(execute=True):
        file_ready([users["staff_a"], users["head_a"], users["staff_b"]])
        file_ready([users["head_a"]])
    # Everybody sees the notifications in the portal.
    assert Notification.objects.filter(recipient=users["staff_b"]).count() == 1
    assert Notification.objects.filter(recipient=users["head_a"]).count() == 2
    # Email at once only for staff_a; staff_b has no email row at all.
    assert [m.to for m in mail.outbox] == [["staff_a@example.vn"]]
    assert not Delivery.objects.filter(recipient=users["staff_b"]).exists()
    # The sweep does not send digest rows one by one.
    deliveries_sweep(now=timezone.now() + datetime.timedelta(hours=2))
    assert len(mail.outbox) == 1

    assert digests_send() == 1
    digest = mail.outbox[1]
    assert digest.to == ["head_a@example.vn"]
    assert "2 thông báo" in digest.subject
    assert digest.body.count("Tệp ho-so.pdf đã sẵn sàng") == 2
    assert "http://127.0.0.1:8000/files/1/" in digest.body
    assert digests_send() == 0  # sent once
    assert len(mail.outbox) == 2


def test_the_settings_page_saves_each_choice_in_vietnamese(client, users):
    client.force_login(users["staff_a"])
    page = client.get("/notifications/settings/").content.decode()
    assert "Cách nhận thông báo" in page
    assert "Nhắc hạn nộp báo cáo năm" in page
    data = {f"kind_{kind}": DeliveryMode.EMAIL for kind in NotificationKind.values}
    data["kind_reminder"] = DeliveryMode.DIGEST
    data["kind_award"] = DeliveryMode.PORTAL
    response = client.post("/notifications/settings/", data)
    assert response.status_code == 302
    assert dict(
        NotificationPreference.objects.filter(user=users["staff_a"]).values_list("kind", "mode")
    ) == {"reminder": "digest", "award": "portal"}
    # Bad input: a clear message, nothing changed.
    response = client.post("/notifications/settings/", {**data, "kind_file": "fax"})
    assert response.status_code == 200
    assert NotificationPreference.objects.filter(user=users["staff_a"]).count() == 2
    # Only one's own choices.
    assert not NotificationPreference.objects.filter(user=users["staff_b"]).exists()


def test_a_row_whose_every_attempt_was_interrupted_stops_failed(
    users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        file_ready([users["staff_a"]])
    claimed = timezone.now()
    Delivery.objects.update(
        status=Delivery.Status.SENDING, claim="dead", claimed_at=claimed, attempts=10
    )
    assert deliveries_sweep(now=claimed + datetime.timedelta(minutes=1))["released"] == 0
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert mail.outbox == []


def test_sent_emails_read_as_the_notifications_vietnamese_text(
    org, settings, eager, django_capture_on_commit_callbacks
):
    from email import policy
    from email.parser import BytesParser
    from email.utils import parsedate_to_datetime

    from tests.factories import UserFactory

    people = [UserFactory(username=f"nguoi{n}", email=f"nguoi{n}@example.vn") for n in range(2)]
    with SmtpSink() as sink:
        smtp_to(settings, sink.port)
        with django_capture_on_commit_callbacks(execute=True):
            file_ready(people)
        received = sink.wait_for(2)
    assert all(m.as_bytes().split(b"\n\n")[0].isascii() for m in received)  # RFC 2047
    parsed = [BytesParser(policy=policy.default).parsebytes(m.as_bytes()) for m in received]
    for message in parsed:
        notification = Notification.objects.get(recipient__email=message["To"])
        assert not notification.subject.isascii()  # Vietnamese, encoded by RFC 2047
        assert message["Subject"] == " ".join(notification.subject.split())
        assert message.get_content_type() == "text/plain"
        assert message.get_content_charset() == "utf-8"
        assert message.get_content() == notification.body
        assert message["From"].addresses[0].display_name == "Cổng thi đua"
        assert message["From"].addresses[0].addr_spec == "no-reply@congthidua.local"
        assert parsedate_to_datetime(message["Date"])  # a date that parses (RFC 5322)
    assert sorted(m["To"] for m in parsed) == ["nguoi0@example.vn", "nguoi1@example.vn"]
    assert len({m["Message-ID"] for m in parsed}) == 2


@pytest.mark.parametrize(
    "body, encoding",
    [
        ("Kính gửi thầy cô,\n.Dòng bắt đầu bằng dấu chấm\n", "8bit"),
        ("Plain ASCII text\n", "7bit"),
        ("Dòng rất dài " * 100 + "\n", "quoted-printable"),
    ],
)
def test_the_bytes_of_a_message_decode_to_its_text(settings, body, encoding):
    from email import policy
    from email.parser import BytesParser

    from portal.deliveries import Email, Mime

    settings.DEFAULT_FROM_EMAIL = "Cổng thi đua <no-reply@congthidua.local>"
    subject = "Nhắc nộp báo cáo năm 2026: còn 1 ngày nữa đến hạn (hạn 15/12/2026)"
    data = Mime().message(Email(to="a@example.vn", subject=subject, body=body))
    assert all(len(line) <= 998 for line in data.split(b"\r\n"))
    assert data.split(b"\r\n\r\n")[0].isascii()  # headers: RFC 2047 words
    message = BytesParser(policy=policy.default).parsebytes(data)
    # Django's own message (the long-line case) folds the subject right after "Subject:".
    assert message["Subject"].lstrip() == subject
    assert message["To"] == "a@example.vn"
    assert message["Content-Transfer-Encoding"] == encoding
    # Lines end in CRLF on the wire.
    assert message.get_content().replace("\r\n", "\n") == body


@pytest.mark.parametrize("within, groups", [(3600, [10, 10, 5]), (0, [1] * 25)])
def test_accepted_rows_are_marked_sent_in_groups(
    org, settings, eager, monkeypatch, django_capture_on_commit_callbacks, within, groups
):
    """The rows of accepted messages are committed `sent` every MARK_EVERY messages, or
    each one as soon as MARK_WITHIN has passed: a worker killed mid-batch can repeat no
    more than one group."""
    from portal import deliveries
    from tests.factories import UserFactory

    monkeypatch.setattr(deliveries, "MARK_EVERY", 10)
    monkeypatch.setattr(deliveries, "MARK_WITHIN", within)
    marked = []
    mark_sent = deliveries._mark_sent

    def recording(rows, token):
        # When a group is marked, the server has accepted every message in it.
        assert len(sink.messages) >= sum(marked) + len(rows)
        marked.append(len(rows))
        mark_sent(rows, token)

    monkeypatch.setattr(deliveries, "_mark_sent", recording)
    people = [UserFactory(username=f"nguoi{n}", email=f"nguoi{n}@example.vn") for n in range(25)]
    with SmtpSink() as sink:
        smtp_to(settings, sink.port)
        with django_capture_on_commit_callbacks(execute=True):
            file_ready(people)
        sink.wait_for(25)
    assert marked == groups
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 25
