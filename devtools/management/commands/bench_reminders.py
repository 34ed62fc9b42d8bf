"""Measure the reminder job on a cycle of many units (default 3,000).

Everything happens in one transaction that is rolled back at the end: the database is left
as it was. Phases timed separately:
  decide  - the decision: one ReminderLog row per due unit, its portal notification and its
            email row in the delivery outbox, written in bulk;
  enqueue - publishing the delivery tasks (one per batch of rows) to the configured broker
            (Redis when REDIS_URL is set, else Celery's in-memory transport), on a throwaway
            queue that is purged afterwards;
  send    - the delivery task's body for every batch (claim, write the text of the day,
            send over one SMTP connection, mark the rows sent in groups) against a local
            SMTP server (aiosmtpd, started by the command), beside two bare loops sending the same
            number of messages to the same server in the same run: Django's
            `get_connection().send_messages()` and smtplib's `sendmail`, one connection each.
"""

import datetime
import logging
import smtplib
import socket
import threading
import time

from aiosmtpd.controller import Controller
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from campaigns.models import Campaign
from config.celery import app
from portal import deliveries
from portal.models import Delivery
from reports import reminders
from reports.models import ReminderLog
from reports.services import cycle_open
from units.models import Person, Role, RoleAssignment, Unit, UnitKind, User


class Rollback(Exception):
    pass


class _Counter:
    """An SMTP server's handler that accepts everything and counts messages and
    connections (client ends that delivered at least one message)."""

    def __init__(self):
        self.messages = 0
        self.peers = set()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages += 1
            self.peers.add(session.peer)
        return "250 Message accepted"

    def reset(self):
        with self.lock:
            self.messages, self.peers = 0, set()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Command(BaseCommand):
    help = "Time deciding, enqueuing and sending the reminders of a cycle of many units."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=3000)

    def handle(self, *args, units, **options):
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        logging.getLogger("portal.deliveries").setLevel(logging.WARNING)
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
        from portal.tasks import deliver

        delivery_ids = list(
            Delivery.objects.filter(ref_id__in=ids, renderer="reports.reminder").values_list(
                "pk", flat=True
            )
        )
        batches = [
            delivery_ids[start : start + deliveries.BATCH_SIZE]
            for start in range(0, len(delivery_ids), deliveries.BATCH_SIZE)
        ]
        eager, app.conf.task_always_eager = app.conf.task_always_eager, False
        try:
            t0 = time.perf_counter()
            with app.producer_or_acquire() as producer:
                for batch in batches:
                    deliver.apply_async((batch,), queue=queue, producer=producer)
            enqueue = time.perf_counter() - t0
            with app.connection_for_write() as conn:
                broker = conn.as_uri()
                purged = conn.default_channel.queue_purge(queue)
        finally:
            app.conf.task_always_eager = eager

        rows = list(
            Delivery.objects.filter(ref_id__in=ids, renderer="reports.reminder")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        counter = _Counter()
        port = _free_port()
        server = Controller(counter, hostname="127.0.0.1", port=port)
        server.start()
        try:
            email = {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": port,
                "EMAIL_USE_TLS": False,
                "EMAIL_USE_SSL": False,
                "EMAIL_HOST_USER": "",
                "EMAIL_HOST_PASSWORD": "",
            }
            with override_settings(**email):
                # The same messages for the bare loops: the text of a reminder as sent.
                sample = Delivery.objects.select_related("notification").get(pk=rows[0])
                subject, body = sample.notification.subject, sample.notification.body
                bare = [
                    EmailMultiAlternatives(subject, body, to=[f"bare-{n}@example.vn"])
                    for n in range(len(rows))
                ]
                t0 = time.perf_counter()
                smtp = get_connection()
                smtp.open()
                smtp.send_messages(bare)
                smtp.close()
                django_loop = time.perf_counter() - t0
                django_loop_messages, counter_peers = counter.messages, len(counter.peers)
                counter.reset()

                raw = [m.message().as_bytes() for m in bare]
                t0 = time.perf_counter()
                with smtplib.SMTP("127.0.0.1", port) as client:
                    for n, data in enumerate(raw):
                        client.sendmail("no-reply@congthidua.local", [f"bare-{n}@example.vn"], data)
                smtplib_loop = time.perf_counter() - t0
                counter.reset()

                today_at = datetime.datetime.combine(
                    today, datetime.time(7), tzinfo=datetime.timezone(datetime.timedelta(hours=7))
                )
                t0 = time.perf_counter()
                sent = 0
                for start in range(0, len(rows), deliveries.BATCH_SIZE):
                    sent += deliveries.deliver(
                        ids=rows[start : start + deliveries.BATCH_SIZE], now=today_at
                    )
                send = time.perf_counter() - t0
                messages, connections = counter.messages, len(counter.peers)
        finally:
            server.stop()
        assert Delivery.objects.filter(pk__in=rows).exclude(status="sent").count() == 0
        assert (
            ReminderLog.objects.filter(cycle=cycle, sent_at__isnull=True, skipped=False).count()
            == 0
        )

        t0 = time.perf_counter()
        again = reminders._decide_cycle(cycle.pk, today)
        second = time.perf_counter() - t0
        lines = [
            f"units in the cycle: {opened} (set-up {setup:.1f} s)",
            f"decide: {len(ids)} reminder rows, {len(rows)} email rows in {decide:.2f} s",
            f"enqueue: {len(batches)} delivery tasks ({len(delivery_ids)} rows) to {broker}"
            f" in {enqueue:.2f} s ({purged or 0} purged after)",
            f"send through the outbox: {messages} messages in {send:.2f} s over"
            f" {connections} SMTP connections ({messages / send:.0f}/s,"
            f" {1000 * send / max(messages, 1):.2f} ms each)",
            f"bare Django loop, one connection: {django_loop_messages} messages in"
            f" {django_loop:.2f} s over {counter_peers} connection",
            f"bare smtplib loop, one connection: {len(raw)} messages in {smtplib_loop:.2f} s",
            f"ratio outbox / bare Django loop: {send / django_loop:.2f}x"
            f" (outbox / bare smtplib: {send / smtplib_loop:.2f}x; goal <= 2x)",
            f"second decision the same day: {len(again)} rows in {second:.2f} s",
            "database rolled back: nothing kept",
        ]
        return {"lines": lines}
