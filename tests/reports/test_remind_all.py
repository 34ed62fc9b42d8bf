"""The office reminds every unit that has not handed in, in one action."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from reports import reminders
from reports.models import PENDING_STATUSES, ReminderLog, YearlyReport
from reports.services import ReportError, report_submit
from tests.reports.test_views import ready_report

TODAY = datetime.date(2026, 12, 9)


def pending_units(cycle):
    return set(
        YearlyReport.objects.filter(cycle=cycle, status__in=PENDING_STATUSES).values_list(
            "unit_id", flat=True
        )
    )


def test_reminds_every_pending_unit_once_a_day(
    cycle, org, users, eager, django_capture_on_commit_callbacks
):
    report = ready_report(cycle, org["school_a"], users["staff_a"])
    report_submit(report=report, by=users["staff_a"])
    pending = pending_units(cycle)
    assert org["school_a"].pk not in pending and pending

    with django_capture_on_commit_callbacks(execute=True):
        result = reminders.reminder_send_all(cycle=cycle, by=users["office"], today=TODAY)
    assert result == {"reminded": len(pending), "skipped": 0}
    logs = ReminderLog.objects.filter(cycle=cycle, manual=True, due_on=TODAY)
    assert set(logs.values_list("unit_id", flat=True)) == pending
    assert set(logs.values_list("requested_by", flat=True)) == {users["office"].pk}
    assert not logs.filter(unit=org["school_a"]).exists()  # handed in: not reminded
    recipients = [m.to for m in mail.outbox]
    assert recipients.count(["staff_b@example.vn"]) == 1
    sent = len(mail.outbox)

    # The same day again: nobody is reminded twice.
    with django_capture_on_commit_callbacks(execute=True):
        again = reminders.reminder_send_all(cycle=cycle, by=users["office"], today=TODAY)
    assert again == {"reminded": 0, "skipped": len(pending)}
    assert len(mail.outbox) == sent
    # The next day every pending unit may be reminded again.
    with django_capture_on_commit_callbacks(execute=True):
        later = reminders.reminder_send_all(
            cycle=cycle, by=users["office"], today=TODAY + datetime.timedelta(days=1)
        )
    assert later["reminded"] == len(pending)


def test_a_unit_reminded_by_hand_today_is_skipped(cycle, org, users, eager):
    reminders.reminder_send_now(cycle=cycle, unit=org["school_b"], by=users["office"], today=TODAY)
    result = reminders.reminder_send_all(cycle=cycle, by=users["office"], today=TODAY)
    assert result["skipped"] == 1
    assert ReminderLog.objects.filter(unit=org["school_b"], due_on=TODAY).count() == 1


def test_history_records_who_reminded(cycle, org, users):
    reminders.reminder_send_all(cycle=cycle, by=users["office"], today=TODAY)
    report = YearlyReport.objects.get(cycle=cycle, unit=org["school_b"])
    from portal.services import history_for

    rows = [row for row in history_for(report) if row.action == "reminded"]
    assert [row.actor_id for row in rows] == [users["office"].pk]


@pytest.mark.parametrize("role", ["staff_a", "council", "outsider", "head_a"])
def test_only_the_cycles_office_may_remind_all(cycle, users, role):
    with pytest.raises(ReportError):
        reminders.reminder_send_all(cycle=cycle, by=users[role], today=TODAY)
    assert not ReminderLog.objects.exists()


def test_closed_cycle_is_refused(cycle, users):
    cycle.is_open = False
    cycle.save(update_fields=["is_open"])
    with pytest.raises(ReportError):
        reminders.reminder_send_all(cycle=cycle, by=users["office"], today=TODAY)
    assert not ReminderLog.objects.exists()


def test_dashboard_has_one_button_and_one_post_reminds_all(cycle, users, login):
    client = login(users["office"])
    page = client.get(reverse("reports:cycle", args=[cycle.pk]))
    url = reverse("reports:remind_all", args=[cycle.pk])
    assert page.content.decode().count(f'action="{url}"') == 1
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert set(
        ReminderLog.objects.filter(cycle=cycle, manual=True).values_list("unit_id", flat=True)
    ) == pending_units(cycle)
    assert "đơn vị" in " ".join(str(m) for m in response.context["messages"])


def test_others_get_404_and_nothing_is_sent(cycle, users, login):
    url = reverse("reports:remind_all", args=[cycle.pk])
    for role in ("staff_a", "outsider"):
        assert login(users[role]).post(url).status_code == 404
    assert not ReminderLog.objects.exists()
    assert login(users["office"]).get(url).status_code == 405
