"""The reminder job: which days, which units, exactly once, what the message says."""

import datetime
from email.header import decode_header, make_header

import pytest
from django.core import mail
from django.utils import timezone

from portal.deliveries import deliver, deliveries_sweep
from portal.models import Delivery, Notification
from reports import reminders
from reports.models import ReminderLog, ReportStatus, YearlyReport
from reports.reminders import reminder_offset, reminders_decide
from tests.factories import RoleAssignmentFactory, UnitFactory, UserFactory
from units.models import Role

DEADLINE = datetime.date(2026, 12, 15)
EXPECTED_DAYS = [
    datetime.date(2026, 11, 15),  # 30 days before
    datetime.date(2026, 12, 1),  # 14
    datetime.date(2026, 12, 8),  # 7
    datetime.date(2026, 12, 12),  # 3
    datetime.date(2026, 12, 14),  # 1
    datetime.date(2026, 12, 15),  # on the day
    datetime.date(2026, 12, 18),  # then every 3 days overdue
    datetime.date(2026, 12, 21),
    datetime.date(2026, 12, 24),
    datetime.date(2026, 12, 27),
    datetime.date(2026, 12, 30),
]


def days(start, end):
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


def test_offsets_over_a_whole_cycle():
    due = [
        d
        for d in days(datetime.date(2026, 11, 1), datetime.date(2026, 12, 31))
        if reminder_offset(deadline=DEADLINE, today=d) is not None
    ]
    assert due == EXPECTED_DAYS
    assert reminder_offset(deadline=DEADLINE, today=datetime.date(2026, 12, 18)) == -3


def test_offsets_come_from_settings(settings):
    settings.REPORT_REMINDER_OFFSETS = [10, 0]
    settings.REPORT_REMINDER_OVERDUE_EVERY = 5
    due = [
        d
        for d in days(datetime.date(2026, 11, 1), datetime.date(2026, 12, 31))
        if reminder_offset(deadline=DEADLINE, today=d) is not None
    ]
    assert due == [
        datetime.date(2026, 12, 5),
        datetime.date(2026, 12, 15),
        datetime.date(2026, 12, 20),
        datetime.date(2026, 12, 25),
        datetime.date(2026, 12, 30),
    ]


def test_local_day_decides_in_vietnam_time():
    # 17:30 UTC on 14/12 is already 15/12 in Asia/Ho_Chi_Minh: the deadline day.
    instant = datetime.datetime(2026, 12, 14, 17, 30, tzinfo=datetime.UTC)
    local_day = timezone.localdate(instant)
    assert local_day == DEADLINE
    assert reminder_offset(deadline=DEADLINE, today=local_day) == 0


def test_time_travel_rows_fall_on_the_expected_days(cycle, org, django_capture_on_commit_callbacks):
    submitted = YearlyReport.objects.get(cycle=cycle, unit=org["school_b"])
    submitted_later = YearlyReport.objects.get(cycle=cycle, unit=org["office"])
    submitted.status = ReportStatus.SUBMITTED
    submitted.save(update_fields=["status"])
    rows_by_day = {}
    for day in days(datetime.date(2026, 11, 1), datetime.date(2026, 12, 31)):
        if day == datetime.date(2026, 12, 10):
            submitted_later.status = ReportStatus.SUBMITTED
            submitted_later.save(update_fields=["status"])
        with django_capture_on_commit_callbacks(execute=False):
            ids = reminders_decide(today=day)
        if ids:
            rows_by_day[day] = set(
                ReminderLog.objects.filter(pk__in=ids).values_list("unit__code", flat=True)
            )
    assert sorted(rows_by_day) == EXPECTED_DAYS
    everyone = {"SGD", "VP", "THA", "THA2"}
    for day, codes in rows_by_day.items():
        expected = everyone if day < datetime.date(2026, 12, 10) else everyone - {"VP"}
        assert codes == expected, day
    # One row per unit and offset; none for the unit that submitted.
    assert ReminderLog.objects.filter(unit=org["school_b"]).count() == 0
    assert ReminderLog.objects.filter(unit=org["school_a"]).count() == len(EXPECTED_DAYS)
    assert list(
        ReminderLog.objects.filter(unit=org["school_a"])
        .order_by("due_on")
        .values_list("offset", flat=True)
    ) == [30, 14, 7, 3, 1, 0, -3, -6, -9, -12, -15]


def test_deciding_twice_the_same_day_adds_nothing(cycle, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = reminders_decide(today=datetime.date(2026, 12, 8))
    assert len(first) == 5
    assert len(callbacks) == 1  # one enqueue for the whole decision
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        second = reminders_decide(today=datetime.date(2026, 12, 8))
    assert second == []
    assert callbacks == []
    assert ReminderLog.objects.count() == 5


def test_a_day_with_nothing_due_does_nothing(cycle, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = reminders.send_due_reminders(today=datetime.date(2026, 12, 9))
    assert result == {"created": 0, "closed": 0}
    assert callbacks == []
    assert ReminderLog.objects.count() == 0
    assert mail.outbox == []


def test_closed_cycle_is_not_reminded(cycle, django_capture_on_commit_callbacks):
    cycle.is_open = False
    cycle.save(update_fields=["is_open"])
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_due_reminders(today=datetime.date(2026, 12, 8))
    assert ReminderLog.objects.count() == 0


def test_job_sends_one_email_per_unit_to_staff_and_head(
    cycle, users, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = reminders.send_due_reminders(today=datetime.date(2026, 12, 8))
    assert result == {"created": 5, "closed": 0}
    # school_a and school_b have unit staff or heads; school_a's branch has none of its own,
    # so school_a's staff and head, whose role covers the branch, are reminded for it. The
    # department and its office have no unit staff: nobody files a report for them here.
    # Each account gets its own email (each chooses how it is reminded).
    assert len(mail.outbox) == 5
    units_by_to = sorted(
        (tuple(m.to), next(u for u in ("Tổ Toán – Tin", "An Lão", "Bạch Đằng") if u in m.body))
        for m in mail.outbox
    )
    assert units_by_to == [
        (("head_a@example.vn",), "An Lão"),
        (("head_a@example.vn",), "Tổ Toán – Tin"),
        (("staff_a@example.vn",), "An Lão"),
        (("staff_a@example.vn",), "Tổ Toán – Tin"),
        (("staff_b@example.vn",), "Bạch Đằng"),
    ]
    message = next(m for m in mail.outbox if m.to == ["staff_b@example.vn"])
    assert message.subject == ("Nhắc nộp báo cáo năm 2026: còn 7 ngày nữa đến hạn (hạn 15/12/2026)")
    assert "Trường THPT Bạch Đằng" in message.body
    assert "trước ngày 15/12/2026" in message.body
    assert "Còn 7 ngày." in message.body
    report = YearlyReport.objects.get(cycle=cycle, unit__code="THB")
    assert f"http://127.0.0.1:8000/reports/{report.pk}/" in message.body
    # Sent, except the two units nobody files for (marked skipped, nothing sent).
    assert ReminderLog.objects.filter(sent_at__isnull=True, skipped=False).count() == 0
    assert Notification.objects.filter(recipient=users["staff_a"]).count() == 2
    assert Notification.objects.filter(recipient=users["head_a"]).count() == 2
    assert Notification.objects.filter(recipient=users["office"]).count() == 0


def test_a_unit_with_its_own_staff_is_not_reminded_through_its_parent(org, users):
    from reports.selectors import report_filers

    branch_staff = UserFactory(username="branch_staff")
    RoleAssignmentFactory(user=branch_staff, role=Role.UNIT_STAFF, unit=org["school_a_branch"])
    assert report_filers(org["school_a_branch"]) == [branch_staff]
    assert report_filers(org["school_a"]) == sorted(
        [users["staff_a"], users["head_a"]], key=lambda u: u.pk
    )
    assert report_filers(org["office"]) == []


def test_a_campaign_title_with_a_slogan_is_quoted_once(
    cycle, users, eager, django_capture_on_commit_callbacks
):
    cycle.campaign.title = "Phong trào thi đua “Dạy tốt, học tốt”"
    cycle.campaign.save(update_fields=["title"])
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_due_reminders(today=datetime.date(2026, 12, 8))
    message = next(m for m in mail.outbox if m.to == ["staff_b@example.vn"])
    assert "phong trào “Phong trào thi đua ‘Dạy tốt, học tốt’” năm 2026" in message.body
    assert "””" not in message.body


def test_overdue_message_counts_days_late(cycle, users, eager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_due_reminders(today=datetime.date(2026, 12, 21))
    message = next(m for m in mail.outbox if m.to == ["staff_b@example.vn"])
    assert message.subject == "Báo cáo năm 2026 đã quá hạn 6 ngày (hạn 15/12/2026)"
    assert "Đã quá hạn 6 ngày" in message.body


def test_send_task_twice_sends_once(cycle, users, eager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        ids = reminders_decide(today=datetime.date(2026, 12, 8))
    log = ReminderLog.objects.get(pk__in=ids, unit__code="THB")
    [delivery] = Delivery.objects.filter(renderer=reminders.RENDERER, ref_id=log.pk)
    from portal.tasks import deliver

    assert deliver.delay([delivery.pk]).get() == 1
    assert deliver.delay([delivery.pk]).get() == 0
    assert len(mail.outbox) == 1
    log.refresh_from_db()
    assert log.sent_at is not None
    assert log.recipient_count == 1


def test_unit_that_submits_before_the_send_is_skipped(
    cycle, users, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        ids = reminders_decide(today=datetime.date(2026, 12, 8))
    log = ReminderLog.objects.get(pk__in=ids, unit__code="THB")
    YearlyReport.objects.filter(cycle=cycle, unit__code="THB").update(status=ReportStatus.SUBMITTED)
    [delivery] = Delivery.objects.filter(ref_id=log.pk, renderer=reminders.RENDERER)
    assert deliver(ids=[delivery.pk]) == 0
    log.refresh_from_db()
    delivery.refresh_from_db()
    assert log.skipped is True
    assert delivery.status == Delivery.Status.DROPPED
    assert "handed in" in delivery.note
    assert mail.outbox == []


def test_rows_never_enqueued_are_sent_by_the_sweep_once(
    cycle, users, eager, django_capture_on_commit_callbacks
):
    # The decision committed, but the process died before its emails were enqueued.
    with django_capture_on_commit_callbacks(execute=False):
        reminders_decide(today=datetime.date(2026, 12, 8))
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        result = reminders.send_due_reminders(today=datetime.date(2026, 12, 8))
    assert result == {"created": 0, "closed": 0}
    assert mail.outbox == []
    assert deliveries_sweep()["enqueued"] == 5
    assert len(mail.outbox) == 5  # school_a and its branch (staff and head each), school_b
    assert deliveries_sweep()["enqueued"] == 0
    assert len(mail.outbox) == 5


def test_new_participating_unit_gets_a_report_and_a_reminder(
    cycle, org, campaign, eager, django_capture_on_commit_callbacks
):
    newcomer = UnitFactory(code="NEW", name="Trường Mầm non Hoa Sen", parent=org["school_b"])
    user = UserFactory(username="staff_new", person__unit=newcomer)
    RoleAssignmentFactory(user=user, role=Role.UNIT_STAFF, unit=newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_due_reminders(today=datetime.date(2026, 12, 14))
    assert YearlyReport.objects.filter(cycle=cycle, unit=newcomer).count() == 1
    assert [m.to for m in mail.outbox if m.to == ["staff_new@example.vn"]] == [
        ["staff_new@example.vn"]
    ]


def test_remind_now_at_most_once_a_day(
    cycle, org, users, eager, django_capture_on_commit_callbacks
):
    today = datetime.date(2026, 12, 9)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.reminder_send_now(
            cycle=cycle, unit=org["school_b"], by=users["office"], today=today
        )
    assert len(mail.outbox) == 1
    with pytest.raises(reminders.AlreadyRemindedToday):
        reminders.reminder_send_now(
            cycle=cycle, unit=org["school_b"], by=users["office"], today=today
        )
    assert ReminderLog.objects.filter(manual=True).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        reminders.reminder_send_now(
            cycle=cycle,
            unit=org["school_b"],
            by=users["office"],
            today=today + datetime.timedelta(days=1),
        )
    assert len(mail.outbox) == 2


def test_vietnamese_subject_through_a_real_smtp_server(
    cycle, users, eager, settings, django_capture_on_commit_callbacks
):
    from tests.reports.smtp import SmtpSink

    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = sink.host, sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        with django_capture_on_commit_callbacks(execute=True):
            reminders.send_due_reminders(today=datetime.date(2026, 12, 14))
        received = sink.wait_for(2)
    message = next(m for m in received if m["To"] == "staff_b@example.vn")
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == "Nhắc nộp báo cáo năm 2026: còn 1 ngày nữa đến hạn (hạn 15/12/2026)"
    body = message.get_payload(decode=True).decode(message.get_content_charset())
    assert "Trường THPT Bạch Đằng" in body
