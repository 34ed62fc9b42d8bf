"""Measure the reminder job on a cycle of many units (default 3,000).

Everything happens in one transaction that is rolled back at the end: the database is left
as it was. Phases timed separately:
  decide  - the decision: one ReminderLog row per due unit, written in bulk;
  enqueue - publishing one send task per row to the configured broker (Redis when
            REDIS_URL is set, else Celery's in-memory transport), on a throwaway queue;
  send    - the send task's body for every row (lock, render, notify, send) through the
            locmem mail backend.
"""

import datetime
import time

from django.core import mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from campaigns.models import Campaign
from config.celery import app
from reports import reminders
from reports.models import ReminderLog
from reports.services import cycle_open
from units.models import Person, Role, RoleAssignment, Unit, UnitKind, User


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time deciding, enqueuing and sending the reminders of a cycle of many units."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=3000)

    def handle(self, *args, units, **options):
        figures = {}
        try:
            with transaction.atomic():
                figures = self._run(units)
                raise Rollback
        except Rollback:
            pass
        for line in figures.pop("lines"):
            self.stdout.write(line)

    def _run(self, count):
        started = time.perf_counter()
        root = Unit.objects.create(
            code="BENCH-ROOT", name="Sở thử tải", kind=UnitKind.DEPARTMENT, headcount=10
        )
        Unit.objects.bulk_create(
            [
                Unit(
                    code=f"BENCH-{n:05d}",
                    name=f"Trường thử tải số {n}",
                    parent=root,
                    kind=UnitKind.PRIMARY_SCHOOL,
                    headcount=40,
                    name_sort=f"{n:05d}",
                )
                for n in range(count)
            ],
            batch_size=1000,
        )
        segment = root.path
        units = list(Unit.objects.filter(code__startswith="BENCH-").exclude(pk=root.pk))
        from units.models import path_segment

        for unit in units:
            unit.path, unit.depth = segment + path_segment(unit.pk), 1
        Unit.objects.bulk_update(units, ["path", "depth"], batch_size=1000)
        people = Person.objects.bulk_create(
            [Person(full_name=f"Cán bộ {u.code}", unit=u) for u in units], batch_size=1000
        )
        users = User.objects.bulk_create(
            [
                User(username=f"bench-{p.pk}", email=f"bench-{p.pk}@example.vn", person=p)
                for p in people
            ],
            batch_size=1000,
        )
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(user=user, role=Role.UNIT_STAFF, unit=person.unit)
                for user, person in zip(users, people, strict=True)
            ],
            batch_size=1000,
        )
        campaign = Campaign.objects.create(
            title="Phong trào thử tải",
            issuing_unit=root,
            document_number="1/KH-BENCH",
            start_year=2026,
            end_year=2026,
        )
        campaign.participants.add(root)
        cycle, opened = cycle_open(campaign=campaign, year=2026)
        setup = time.perf_counter() - started
        today = cycle.deadline - datetime.timedelta(days=7)

        # Only this cycle is decided: the others stay as they are.
        from reports.models import ReportingCycle

        others = list(
            ReportingCycle.objects.filter(is_open=True)
            .exclude(pk=cycle.pk)
            .values_list("pk", flat=True)
        )
        ReportingCycle.objects.filter(pk__in=others).update(is_open=False)

        t0 = time.perf_counter()
        ids = reminders._decide_cycle(cycle.pk, today)
        decide = time.perf_counter() - t0

        queue = "bench-reminders"
        from reports.tasks import send_reminder

        eager, app.conf.task_always_eager = app.conf.task_always_eager, False
        try:
            t0 = time.perf_counter()
            with app.producer_or_acquire() as producer:
                for log_id in ids:
                    send_reminder.apply_async((log_id,), queue=queue, producer=producer)
            enqueue = time.perf_counter() - t0
            with app.connection_for_write() as conn:
                broker = conn.as_uri()
                purged = conn.default_channel.queue_purge(queue)
        finally:
            app.conf.task_always_eager = eager

        t0 = time.perf_counter()
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            mail.outbox = []
            sent = sum(1 for log_id in ids if reminders.reminder_send(log_id=log_id))
            messages = len(mail.outbox)
        send = time.perf_counter() - t0
        assert ReminderLog.objects.filter(cycle=cycle, sent_at__isnull=True).count() == 0

        t0 = time.perf_counter()
        again = reminders._decide_cycle(cycle.pk, today)
        second = time.perf_counter() - t0
        lines = [
            f"units in the cycle: {opened} (set-up {setup:.1f} s)",
            f"decide: {len(ids)} reminder rows in {decide:.2f} s",
            f"enqueue: {len(ids)} tasks to {broker} in {enqueue:.2f} s"
            f" ({len(ids) / enqueue:.0f}/s; {purged or 0} purged after)",
            f"send (locmem): {messages} messages, {sent} rows sent in {send:.2f} s"
            f" ({messages / send:.0f}/s, {1000 * send / max(messages, 1):.1f} ms each)",
            f"second decision the same day: {len(again)} rows in {second:.2f} s",
            "database rolled back: nothing kept",
        ]
        return {"lines": lines}
