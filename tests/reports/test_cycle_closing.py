"""Reporting cycles close (by the office with a reason, or automatically) and reopen; a
closed cycle sends nothing; a reminder never carries a day that has passed."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse

from portal.deliveries import deliver, deliveries_sweep
from portal.models import Delivery
from portal.services import history_for
from reports import reminders
from reports.models import ReminderLog
from reports.services import ReportError, cycle_close, cycles_close_due

DEADLINE = datetime.date(2026, 12, 15)
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: datetime.date, hour=9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=VN)


def decide(day, callbacks_fixture):
    with callbacks_fixture(execute=False):
        return reminders.reminders_decide(today=day)


def test_the_office_closes_a_cycle_with_a_reason_and_nothing_is_sent_after(
    cycle, users, login, eager, django_capture_on_commit_callbacks
):
    decide(datetime.date(2026, 12, 8), django_capture_on_commit_callbacks)
    assert Delivery.objects.filter(status=Delivery.Status.PENDING).count() == 5
    client = login(users["office"])
    url = reverse("reports:cycle_state", args=[cycle.pk])
    assert "Đóng kỳ báo cáo" in client.get(url).content.decode()

    # No reason: refused with a message, the cycle stays open.
    response = client.post(url, {"action": "close", "reason": "  "})
    assert response.status_code == 200
    cycle.refresh_from_db()
    assert cycle.is_open

    response = client.post(url, {"action": "close", "reason": "Đã tổng hợp xong báo cáo năm."})
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert not cycle.is_open
    closed = [e for e in history_for(cycle) if e.action == "closed"]
    assert [(e.actor, e.from_state, e.to_state, e.note) for e in closed] == [
        (users["office"], "open", "closed", "Đã tổng hợp xong báo cáo năm.")
    ]
    # The reminders not yet sent are cancelled, and no sweep or delivery sends them.
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.CANCELLED}
    deliveries_sweep(now=at(datetime.date(2026, 12, 9)))
    assert deliver(ids=list(Delivery.objects.values_list("pk", flat=True))) == 0
    assert mail.outbox == []
    # The daily job decides nothing for it, on any later reminder day.
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_due_reminders(today=datetime.date(2026, 12, 12))
        reminders.send_due_reminders(today=datetime.date(2026, 12, 18))
    assert ReminderLog.objects.filter(due_on__gt=datetime.date(2026, 12, 8)).count() == 0
    assert mail.outbox == []
    # Nor by hand.
    with pytest.raises(ReportError):
        unit = cycle.reports.first().unit
        reminders.reminder_send_now(cycle=cycle, unit=unit, by=users["office"])
    page = client.get(reverse("reports:cycle", args=[cycle.pk])).content.decode()
    assert "Nhắc ngay" not in page


def test_reopening_is_recorded_and_reminders_resume(
    cycle, users, login, eager, django_capture_on_commit_callbacks
):
    cycle_close(cycle=cycle, by=users["office"], reason="Tạm dừng")
    client = login(users["office"])
    url = reverse("reports:cycle_state", args=[cycle.pk])
    response = client.post(url, {"action": "reopen", "reason": "Sở gia hạn nhận báo cáo."})
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.is_open
    reopened = [e for e in history_for(cycle) if e.action == "reopened"]
    assert [(e.actor, e.from_state, e.to_state, e.note) for e in reopened] == [
        (users["office"], "closed", "open", "Sở gia hạn nhận báo cáo.")
    ]
    page = client.get(url).content.decode()
    assert "Sở gia hạn nhận báo cáo." in page and "Tạm dừng" in page
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_due_reminders(today=datetime.date(2026, 12, 12))
    assert len(mail.outbox) == 5


@pytest.mark.parametrize("who", ["staff_a", "head_a", "outsider"])
def test_only_the_office_of_the_issuing_body_closes(cycle, users, login, who):
    client = login(users[who])
    url = reverse("reports:cycle_state", args=[cycle.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "close", "reason": "x"}).status_code == 404
    with pytest.raises(ReportError):
        cycle_close(cycle=cycle, by=users[who], reason="x")
    cycle.refresh_from_db()
    assert cycle.is_open


def test_a_cycle_closes_automatically_the_set_number_of_days_after_the_deadline(
    cycle, users, login, django_capture_on_commit_callbacks
):
    client = login(users["office"])
    url = reverse("reports:cycle_state", args=[cycle.pk])
    assert client.post(url, {"action": "auto_close", "close_after_days": "10"}).status_code == 302
    cycle.refresh_from_db()
    assert cycle.close_after_days == 10
    decide(datetime.date(2026, 12, 24), django_capture_on_commit_callbacks)
    assert cycles_close_due(today=DEADLINE + datetime.timedelta(days=9)) == []
    cycle.refresh_from_db()
    assert cycle.is_open
    assert cycles_close_due(today=DEADLINE + datetime.timedelta(days=10)) == [cycle]
    cycle.refresh_from_db()
    assert not cycle.is_open
    [entry] = [e for e in history_for(cycle) if e.action == "closed_automatically"]
    assert (entry.actor, entry.from_state, entry.to_state) == (None, "open", "closed")
    assert "10 ngày sau hạn 15/12/2026" in entry.note
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.CANCELLED}
    # Overdue reminders stop there.
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_due_reminders(today=datetime.date(2026, 12, 27))
    assert ReminderLog.objects.filter(due_on=datetime.date(2026, 12, 27)).count() == 0
    assert mail.outbox == []


def test_a_deadline_day_reminder_sent_a_day_late_says_what_is_true_that_day(
    cycle, users, eager, django_capture_on_commit_callbacks
):
    ids = decide(DEADLINE, django_capture_on_commit_callbacks)
    log = ReminderLog.objects.get(pk__in=ids, unit__code="THB")
    [row] = Delivery.objects.filter(ref_id=log.pk, renderer=reminders.RENDERER)
    # Sent on the day: "hôm nay là hạn cuối".
    assert deliver(ids=[row.pk], now=at(DEADLINE)) == 1
    assert "hôm nay là hạn cuối" in mail.outbox[0].subject
    Delivery.objects.filter(pk=row.pk).update(status=Delivery.Status.PENDING, claim="")
    # The same row delivered the next day (a lost task): never "today", one day overdue.
    assert deliver(ids=[row.pk], now=at(DEADLINE + datetime.timedelta(days=1))) == 1
    late = mail.outbox[1]
    assert "hạn cuối" not in late.subject and "hạn cuối" not in late.body
    assert late.subject == "Báo cáo năm 2026 đã quá hạn 1 ngày (hạn 15/12/2026)"
    row.refresh_from_db()
    assert "2026-12-16" in row.note


def test_a_reminder_overtaken_by_a_later_one_is_dropped_with_the_reason(
    cycle, users, eager, django_capture_on_commit_callbacks
):
    first = decide(datetime.date(2026, 12, 12), django_capture_on_commit_callbacks)
    decide(datetime.date(2026, 12, 14), django_capture_on_commit_callbacks)
    old = Delivery.objects.filter(ref_id__in=first)
    assert deliver(ids=list(old.values_list("pk", flat=True)), now=at(DEADLINE)) == 0
    assert mail.outbox == []
    assert set(old.values_list("status", flat=True)) == {Delivery.Status.DROPPED}
    assert all("reminded again" in note for note in old.values_list("note", flat=True))


def test_a_reminder_already_claimed_when_the_cycle_closes_is_not_sent(
    cycle, users, eager, django_capture_on_commit_callbacks
):
    """Closing cancels the waiting reminders; one a worker has already taken (so closing
    could not cancel it) is checked again when its text is written, and dropped."""
    decide(datetime.date(2026, 12, 8), django_capture_on_commit_callbacks)
    ids = list(Delivery.objects.values_list("pk", flat=True))
    assert len(ids) == 5
    # The cycle closes between the worker's claim and the sending: no cancellation ran.
    type(cycle).objects.filter(pk=cycle.pk).update(is_open=False)
    assert deliver(ids=ids) == 0
    assert mail.outbox == []
    rows = list(Delivery.objects.values_list("status", "note"))
    assert rows == [(Delivery.Status.DROPPED, "the reporting cycle is closed")] * 5
