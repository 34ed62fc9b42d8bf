"""Reminders to units that have not handed in their yearly report.

The daily job decides, per open cycle, which units are due a reminder today and writes one
ReminderLog row per (cycle, unit, offset) in the same transaction as the decision, before
anything is sent. After commit, one task per row sends that unit's email: it locks the row,
returns if `sent_at` is set, sends, and sets `sent_at` in the same transaction. So:

- a job that runs twice, or is retried after a crash, finds the rows and adds none;
- a send task that dies before the mail server accepted the message leaves the row unsent,
  and the broker redelivers the task (acks late, reject on worker lost): it is not lost;
- a send task that is delivered twice finds `sent_at` set the second time: not repeated.

The one window left is between the mail server's acceptance and the commit of `sent_at`
(a few milliseconds): a crash exactly there repeats that one email.
"""

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portal.models import Notification
from portal.services import absolute_url

from .models import PENDING_STATUSES, ReminderLog, ReportingCycle, YearlyReport
from .selectors import report_filers
from .services import ReportError, cycles_open_for_year, manages_cycle

logger = logging.getLogger(__name__)

# Unsent rows this many days old are still sent when the job runs (a failed send retried).
RESEND_WITHIN_DAYS = 2


def reminder_offset(
    *, deadline: datetime.date, today: datetime.date, offsets=None, overdue_every=None
) -> int | None:
    """Days before the deadline if a reminder is due `today`, else None.

    Offsets come from settings.REPORT_REMINDER_OFFSETS (days before; 0 = on the day);
    after the deadline a reminder is due every REPORT_REMINDER_OVERDUE_EVERY days
    (offsets -3, -6, ...).
    """
    offsets = settings.REPORT_REMINDER_OFFSETS if offsets is None else offsets
    every = settings.REPORT_REMINDER_OVERDUE_EVERY if overdue_every is None else overdue_every
    days_before = (deadline - today).days
    if days_before >= 0:
        return days_before if days_before in offsets else None
    if every and (-days_before) % every == 0:
        return days_before
    return None


def reminders_decide(*, today: datetime.date) -> list[int]:
    """Write today's reminder rows for every open cycle; return the new rows' ids.

    Each cycle is decided in its own transaction under a lock on the cycle row, so two
    runs at once cannot both decide; sending is enqueued on commit.
    """
    created: list[int] = []
    for cycle_id in ReportingCycle.objects.filter(is_open=True).values_list("pk", flat=True):
        created.extend(_decide_cycle(cycle_id, today))
    return created


@transaction.atomic
def _decide_cycle(cycle_id: int, today: datetime.date) -> list[int]:
    cycle = ReportingCycle.objects.select_for_update().get(pk=cycle_id)
    offset = reminder_offset(deadline=cycle.deadline, today=today)
    if offset is None or not cycle.is_open:
        return []
    already = ReminderLog.objects.filter(cycle=cycle, offset=offset, manual=False).values("unit")
    units = (
        YearlyReport.objects.filter(cycle=cycle, status__in=PENDING_STATUSES)
        .exclude(unit__in=already)
        .values_list("unit_id", flat=True)
    )
    rows = [
        ReminderLog(cycle=cycle, unit_id=unit_id, offset=offset, due_on=today) for unit_id in units
    ]
    rows = ReminderLog.objects.bulk_create(rows, batch_size=1000)
    ids = [row.pk for row in rows]
    if ids:
        transaction.on_commit(lambda: reminders_enqueue(ids))
    return ids


def reminders_enqueue(ids: Iterable[int]) -> None:
    from .tasks import send_reminder

    for log_id in ids:
        send_reminder.delay(log_id)


def reminders_resume(*, today: datetime.date) -> list[int]:
    """Enqueue again the rows of the last days that are still unsent (a send that failed).
    A row already sent is skipped by the send task, so enqueuing twice is harmless."""
    ids = list(
        ReminderLog.objects.filter(
            sent_at__isnull=True,
            due_on__gte=today - datetime.timedelta(days=RESEND_WITHIN_DAYS),
            due_on__lte=today,
            cycle__is_open=True,
        ).values_list("pk", flat=True)
    )
    if ids:
        transaction.on_commit(lambda: reminders_enqueue(ids))
    return ids


def send_due_reminders(*, today: datetime.date | None = None) -> dict:
    """The daily job: open this year's cycles, decide today's reminders, resume unsent."""
    today = today or timezone.localdate()
    cycles_open_for_year(year=today.year)
    with transaction.atomic():
        resumed = reminders_resume(today=today)
    created = reminders_decide(today=today)
    resumed = [i for i in resumed if i not in set(created)]
    logger.info("reminders for %s: %d new, %d resumed", today, len(created), len(resumed))
    return {"created": len(created), "resumed": len(resumed)}


def reminder_message(log: ReminderLog, report: YearlyReport, today: datetime.date) -> dict:
    days = (log.cycle.deadline - today).days
    context = {
        "campaign": log.cycle.campaign,
        "cycle": log.cycle,
        "unit": log.unit,
        "deadline": log.cycle.deadline,
        "days_left": max(days, 0),
        "days_overdue": max(-days, 0),
        "status": report.get_status_display(),
        "url": absolute_url(reverse("reports:detail", args=[report.pk])),
        "site_url": settings.SITE_URL,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("reports/email/reminder_subject.txt", context).split())
        body = render_to_string("reports/email/reminder_body.txt", context).strip() + "\n"
    return {"subject": subject, "body": body, "path": reverse("reports:detail", args=[report.pk])}


def reminder_send(*, log_id: int) -> bool:
    """Send one reminder row if it is not sent yet. Returns whether a message went out."""
    with transaction.atomic():
        log = (
            ReminderLog.objects.select_for_update()
            .select_related("cycle__campaign", "unit")
            .filter(pk=log_id)
            .first()
        )
        if log is None or log.sent_at is not None:
            return False
        report = YearlyReport.objects.filter(cycle=log.cycle, unit=log.unit).first()
        now = timezone.now()
        if report is None or (not log.manual and report.status not in PENDING_STATUSES):
            log.sent_at, log.skipped = now, True
            log.save(update_fields=["sent_at", "skipped"])
            return False
        users = report_filers(log.unit)
        message = reminder_message(log, report, log.due_on)
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient=user,
                    subject=message["subject"][:255],
                    body=message["body"],
                    url=message["path"],
                )
                for user in users
            ]
        )
        addresses = sorted({user.email for user in users if user.email})
        if addresses:
            EmailMultiAlternatives(message["subject"], message["body"], to=addresses).send()
        log.sent_at = timezone.now()
        log.recipient_count = len(users)
        log.save(update_fields=["sent_at", "recipient_count"])
        return bool(addresses)


class AlreadyRemindedToday(ReportError):
    pass


def reminder_send_now(*, cycle: ReportingCycle, unit, by, today=None) -> ReminderLog:
    """The office reminds one unit by hand: at most once a day per unit and cycle."""
    from django.utils.translation import gettext as _

    from portal.phrases import NOT_ALLOWED

    if not manages_cycle(by, cycle):
        raise ReportError(NOT_ALLOWED)
    today = today or timezone.localdate()
    if not YearlyReport.objects.filter(
        cycle=cycle, unit=unit, status__in=PENDING_STATUSES
    ).exists():
        raise ReportError(_("This unit has handed in its report: there is nothing to remind."))
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(
                cycle=cycle,
                unit=unit,
                offset=(cycle.deadline - today).days,
                due_on=today,
                manual=True,
                requested_by=by,
            )
    except IntegrityError:
        raise AlreadyRemindedToday(
            _("This unit has already been reminded today. Try again tomorrow.")
        ) from None
    from portal.services import history_record

    report = YearlyReport.objects.get(cycle=cycle, unit=unit)
    history_record(subject=report, by=by, action="reminded", note=str(today))
    transaction.on_commit(lambda: reminders_enqueue([log.pk]))
    return log
