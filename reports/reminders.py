"""Reminders to units that have not handed in their yearly report.

The daily job decides, per open cycle, which units are due a reminder today and writes one
ReminderLog row per (cycle, unit, offset), and through the delivery outbox
(`portal.deliveries`) a portal notification and an email row for each account that files
the unit's report, all in the same transaction as the decision. The outbox sends them; so:

- a job that runs twice, or is retried after a crash, finds the rows and adds none;
- a send that dies is taken back by the outbox sweep within a minute; only the emails the
  server accepted after the dead worker's last group of marks go again (at most 20);
- the email's text (days left, "hôm nay là hạn cuối", days overdue) is written when it is
  sent, from that day's date: a reminder that leaves a day late says what is true that day,
  and one whose unit was reminded again since is dropped (the reason is kept on the row);
- a closed cycle is decided nothing, and its pending emails are cancelled when it closes.
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.deliveries import DeliveryDropped, renderer_register
from portal.models import Delivery, NotificationKind
from portal.services import absolute_url, history_record, notifications_write

from .models import PENDING_STATUSES, ReminderLog, ReportingCycle, YearlyReport
from .selectors import report_filers_many
from .services import ReportError, cycles_close_due, cycles_open_for_year, manages_cycle

logger = logging.getLogger(__name__)

RENDERER = "reports.reminder"


def cycle_group(cycle_id: int) -> str:
    """The outbox group of a cycle's reminders (cancelled together when it closes)."""
    return f"reports.cycle:{cycle_id}"


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
    runs at once cannot both decide; the emails are enqueued on commit.
    """
    created: list[int] = []
    for cycle_id in ReportingCycle.objects.filter(is_open=True).values_list("pk", flat=True):
        created.extend(_decide_cycle(cycle_id, today))
    return created


@transaction.atomic
def _decide_cycle(cycle_id: int, today: datetime.date) -> list[int]:
    cycle = ReportingCycle.objects.select_for_update().select_related("campaign").get(pk=cycle_id)
    offset = reminder_offset(deadline=cycle.deadline, today=today)
    if offset is None or not cycle.is_open:
        return []
    already = ReminderLog.objects.filter(cycle=cycle, offset=offset, manual=False).values("unit")
    reports = list(
        YearlyReport.objects.filter(cycle=cycle, status__in=PENDING_STATUSES)
        .exclude(unit__in=already)
        .select_related("unit")
    )
    rows = ReminderLog.objects.bulk_create(
        [ReminderLog(cycle=cycle, unit=r.unit, offset=offset, due_on=today) for r in reports],
        batch_size=1000,
    )
    reminders_notify(cycle=cycle, logs=rows, reports=reports, today=today)
    return [row.pk for row in rows]


def reminders_notify(*, cycle, logs: list[ReminderLog], reports: list[YearlyReport], today):
    """The notifications and email rows of new reminder rows (same transaction)."""
    filers = report_filers_many([report.unit for report in reports])
    empty, messages = [], []
    for log, report in zip(logs, reports, strict=True):
        users = filers.get(report.unit_id, [])
        if not users:
            empty.append(log.pk)
            continue
        text = reminder_message(log, report, today)
        messages += [(user, text["subject"], text["body"], text["path"], log.pk) for user in users]
        log.recipient_count = len(users)
    deliveries = notifications_write(
        messages=messages,
        kind=NotificationKind.REMINDER,
        group=cycle_group(cycle.pk),
        renderer=RENDERER,
    )
    ReminderLog.objects.bulk_update(
        [log for log in logs if log.recipient_count], ["recipient_count"], batch_size=1000
    )
    # Nobody files this unit's report: nothing to send, said so on the row.
    ReminderLog.objects.filter(pk__in=empty).update(skipped=True)
    return deliveries


def send_due_reminders(*, today: datetime.date | None = None) -> dict:
    """The daily job: close the cycles due to close, open this year's cycles, decide
    today's reminders (the outbox sends them)."""
    today = today or timezone.localdate()
    closed = cycles_close_due(today=today)
    cycles_open_for_year(year=today.year)
    created = reminders_decide(today=today)
    logger.info("reminders for %s: %d new, %d cycles closed", today, len(created), len(closed))
    return {"created": len(created), "closed": len(closed)}


def reminder_message(log: ReminderLog, report: YearlyReport, today: datetime.date) -> dict:
    """The reminder's subject and body as they read on `today`."""
    days = (log.cycle.deadline - today).days
    path = reverse("reports:detail", args=[report.pk])
    context = {
        "campaign": log.cycle.campaign,
        "cycle": log.cycle,
        "unit": log.unit,
        "deadline": log.cycle.deadline,
        "days_left": max(days, 0),
        "days_overdue": max(-days, 0),
        "status": report.get_status_display(),
        "url": absolute_url(path),
        "site_url": settings.SITE_URL,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("reports/email/reminder_subject.txt", context).split())
        body = render_to_string("reports/email/reminder_body.txt", context).strip() + "\n"
    return {"subject": subject, "body": body, "path": path}


def reminders_render(rows: list[Delivery], today: datetime.date) -> dict:
    """The outbox's renderer: each reminder email's text as of the day it is sent.

    Not sent (recorded on the row): the cycle is closed; the report was handed in (for a
    scheduled reminder); the reminder's day has passed and the unit has been reminded
    again since. A reminder whose day has passed with no later one is sent with the
    figures of the day it leaves, and says so in the row's note.
    """
    logs = ReminderLog.objects.select_related("unit").in_bulk({row.ref_id for row in rows})
    # A batch's reminders share a cycle or a few: each is read once, not once per row.
    cycles = ReportingCycle.objects.select_related("campaign").in_bulk(
        {log.cycle_id for log in logs.values()}
    )
    for log in logs.values():
        log.cycle = cycles[log.cycle_id]
    pairs = {(log.cycle_id, log.unit_id) for log in logs.values()}
    reports = {
        (r.cycle_id, r.unit_id): r
        for r in YearlyReport.objects.filter(
            cycle_id__in={c for c, _ in pairs}, unit_id__in={u for _, u in pairs}
        )
    }
    stale = [log for log in logs.values() if log.due_on < today]
    latest: dict[tuple, datetime.date] = defaultdict(lambda: datetime.date.min)
    if stale:
        for cycle_id, unit_id, due_on in ReminderLog.objects.filter(
            cycle_id__in={log.cycle_id for log in stale},
            unit_id__in={log.unit_id for log in stale},
        ).values_list("cycle_id", "unit_id", "due_on"):
            key = (cycle_id, unit_id)
            latest[key] = max(latest[key], due_on)
    texts, messages, late = {}, {}, []
    for row in rows:
        log = logs.get(row.ref_id)
        report = log and reports.get((log.cycle_id, log.unit_id))
        if log is None or report is None:
            texts[row.pk] = DeliveryDropped("the reminder or its report no longer exists")
        elif not log.cycle.is_open:
            texts[row.pk] = DeliveryDropped("the reporting cycle is closed")
        elif not log.manual and report.status not in PENDING_STATUSES:
            texts[row.pk] = DeliveryDropped("the report was handed in before the reminder left")
        elif log.due_on < today and latest[(log.cycle_id, log.unit_id)] > log.due_on:
            texts[row.pk] = DeliveryDropped(
                f"due on {log.due_on.isoformat()}; the unit was reminded again since"
            )
        elif log.due_on >= today and report.updated_at <= row.notification.created_at:
            # Leaving on the day it was decided for, the report unchanged since: the text
            # written then (the notification's) is the text of today.
            texts[row.pk] = (row.notification.subject, row.notification.body)
        else:
            if log.pk not in messages:
                # Never a day before the one it was decided for.
                messages[log.pk] = reminder_message(log, report, max(today, log.due_on))
            texts[row.pk] = (messages[log.pk]["subject"], messages[log.pk]["body"])
            if log.due_on < today:
                late.append(row.pk)
    if late:
        Delivery.objects.filter(pk__in=late).update(
            note=f"due on an earlier day; written with the figures of {today.isoformat()}"
        )
    skipped = [
        log.pk
        for log in logs.values()
        if (r := reports.get((log.cycle_id, log.unit_id)))
        and not log.manual
        and r.status not in PENDING_STATUSES
    ]
    if skipped:
        ReminderLog.objects.filter(pk__in=skipped).update(skipped=True)
    return texts


def reminders_sent(rows: list[Delivery]) -> None:
    """Once a batch is through: its reminder rows are sent."""
    ReminderLog.objects.filter(pk__in={row.ref_id for row in rows}, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )


def reminders_settle() -> None:
    """The sweep's check: reminder rows whose email went out in a batch that did not finish
    (a worker that died) are marked sent too."""
    sent = Delivery.objects.filter(
        renderer=RENDERER, status=Delivery.Status.SENT, ref_id=OuterRef("pk")
    )
    ReminderLog.objects.filter(sent_at__isnull=True, skipped=False).filter(Exists(sent)).update(
        sent_at=Subquery(sent.order_by("sent_at").values("sent_at")[:1])
    )


renderer_register(RENDERER, render=reminders_render, sent=reminders_sent, settle=reminders_settle)


class AlreadyRemindedToday(ReportError):
    pass


def reminder_send_now(*, cycle: ReportingCycle, unit, by, today=None) -> ReminderLog:
    """The office reminds one unit by hand: at most once a day per unit and cycle."""
    from portal.phrases import NOT_ALLOWED

    if not manages_cycle(by, cycle):
        raise ReportError(NOT_ALLOWED)
    today = today or timezone.localdate()
    if not cycle.is_open:
        raise ReportError(_("This reporting cycle is closed: nothing is sent for it."))
    report = YearlyReport.objects.filter(
        cycle=cycle, unit=unit, status__in=PENDING_STATUSES
    ).first()
    if report is None:
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
            report.unit = unit
            reminders_notify(cycle=cycle, logs=[log], reports=[report], today=today)
            history_record(subject=report, by=by, action="reminded", note=str(today))
    except IntegrityError:
        raise AlreadyRemindedToday(
            _("This unit has already been reminded today. Try again tomorrow.")
        ) from None
    return log


def reminder_send_all(*, cycle: ReportingCycle, by, today=None) -> dict:
    """The office reminds, in one action, every unit of an open cycle whose report is still
    pending. The same path as `reminder_send_now`: one manual ReminderLog per unit, its
    notifications and emails through the outbox, a history row on each report. A unit
    reminded today already (by hand or by the daily job) is left out, so no unit hears twice
    in a day. Returns {"reminded": n, "skipped": m}."""
    from portal.phrases import NOT_ALLOWED

    if not manages_cycle(by, cycle):
        raise ReportError(NOT_ALLOWED)
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            cycle = ReportingCycle.objects.select_for_update().get(pk=cycle.pk)
            if not cycle.is_open:
                raise ReportError(_("This reporting cycle is closed: nothing is sent for it."))
            pending = YearlyReport.objects.filter(cycle=cycle, status__in=PENDING_STATUSES)
            reminded_today = ReminderLog.objects.filter(cycle=cycle, due_on=today).values("unit")
            reports = list(
                pending.exclude(unit__in=reminded_today).select_related("unit").order_by("pk")
            )
            skipped = pending.count() - len(reports)
            logs = ReminderLog.objects.bulk_create(
                [
                    ReminderLog(
                        cycle=cycle,
                        unit=report.unit,
                        offset=(cycle.deadline - today).days,
                        due_on=today,
                        manual=True,
                        requested_by=by,
                    )
                    for report in reports
                ],
                batch_size=1000,
            )
            reminders_notify(cycle=cycle, logs=logs, reports=reports, today=today)
            for report in reports:
                history_record(subject=report, by=by, action="reminded", note=str(today))
    except IntegrityError:
        raise AlreadyRemindedToday(
            _("Another reminder was sent at the same moment. Please try again.")
        ) from None
    return {"reminded": len(reports), "skipped": skipped}
