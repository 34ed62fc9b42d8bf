"""A real Celery worker against real Redis sends the reminders of a cycle; it is killed
(SIGKILL, the whole process group) in the middle of the batch and started again. The
broker keeps the production visibility timeout (an hour): the delivery outbox's sweep
takes back what the dead worker held. Afterwards every due unit has exactly one reminder
row and its message; the only messages sent twice are those the server accepted after the
dead worker's last group of "sent" marks (at most `MARK_EVERY`).

The worker shares the test database: on PostgreSQL it connects to the test database by
name; on SQLite the in-memory test database is copied to a file for the worker and copied
back afterwards. Mail goes to a real SMTP server run by the test, which stops answering
after a number of messages so that the kill lands while workers are mid-send.
"""

import contextlib
import datetime
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from portal.deliveries import MARK_EVERY
from portal.models import Delivery, Notification
from reports.models import ReminderLog
from reports.services import cycle_open
from tests.factories import CampaignFactory, RoleAssignmentFactory, UnitFactory, UserFactory
from tests.reports.smtp import SmtpSink
from units.models import Role, UnitKind

ROOT = Path(settings.BASE_DIR)
UNITS = 30
# The kill lands after one group of marks has been committed and within the next.
GATE_AFTER = MARK_EVERY + 5
TODAY = "2026-12-08"  # 7 days before 15/12/2026


def redis_url() -> str:
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/4"


def worker_database_url(tmp_path) -> str:
    data = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = quote(data["USER"] or "", safe="")
        if data["PASSWORD"]:
            auth += ":" + quote(data["PASSWORD"], safe="")
        host = data["HOST"] or "127.0.0.1"
        port = data["PORT"] or 5432
        return f"postgres://{auth}@{host}:{port}/{data['NAME']}"
    path = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    # IMMEDIATE: a transaction takes the write lock when it begins, so two worker
    # processes never deadlock upgrading a read lock.
    return f"sqlite:///{path}?transaction_mode=IMMEDIATE"


def copy_back(tmp_path) -> None:
    if connection.vendor != "sqlite":
        return
    source = sqlite3.connect(tmp_path / "worker.sqlite3")
    source.backup(connection.connection)
    source.close()


def count(tmp_path, sql: str) -> int:
    """A count read where the worker writes (the file copy on SQLite)."""
    if connection.vendor == "sqlite":
        with sqlite3.connect(tmp_path / "worker.sqlite3", timeout=20) as db:
            return db.execute(sql).fetchone()[0]
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def unsent(tmp_path) -> int:
    """Delivery rows not sent yet."""
    return count(tmp_path, "select count(*) from portal_delivery where status <> 'sent'")


def sweep_later(producer, queue, seconds=31):
    """The beat's sweep, run as if `seconds` had passed (claims of dead workers are stale)."""
    now = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=seconds)
    producer.send_task(
        "portal.tasks.sweep_deliveries", kwargs={"now": now.isoformat()}, queue=queue
    )


def start_worker(env, log_path, concurrency):
    log = open(log_path, "ab")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "tests.reports.worker_app",
            "worker",
            "-l",
            "info",
            "-P",
            "prefork",
            "-c",
            str(concurrency),
            "-Q",
            env["REPORTS_TEST_QUEUE"],
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    process.log = log
    return process


def kill(process) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=20)
    process.log.close()


def stop(process) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        kill(process)
        return
    process.log.close()


def wait_until(predicate, timeout, what, log_path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    log = Path(log_path).read_text(errors="replace")[-4000:]
    raise AssertionError(f"timed out waiting for {what}\n--- worker log ---\n{log}")


@pytest.mark.worker
def test_killed_worker_resumes_without_repeating_or_losing(transactional_db, tmp_path):
    department = UnitFactory(code="SGD", kind=UnitKind.DEPARTMENT, name="Sở Giáo dục")
    campaign = CampaignFactory(issuing_unit=department)
    campaign.participants.add(department)
    units = []
    for n in range(UNITS):
        unit = UnitFactory(code=f"W{n:03d}", name=f"Trường số {n}", parent=department)
        user = UserFactory(username=f"w{n:03d}", email=f"w{n:03d}@example.vn", person__unit=unit)
        RoleAssignmentFactory(user=user, role=Role.UNIT_STAFF, unit=unit)
        units.append(unit)
    cycle, created = cycle_open(campaign=campaign, year=2026)
    assert created == UNITS + 1  # the department itself has no staff: no message

    run = uuid.uuid4().hex[:10]
    queue, prefix = f"reports-test-{run}", f"reports-test-{run}:"
    from tests.reports.worker_app import TRANSPORT_OPTIONS

    options = {**TRANSPORT_OPTIONS, "global_keyprefix": prefix}
    producer = Celery("reports-test-producer", broker=redis_url())
    producer.conf.broker_transport_options = options
    concurrency = 4 if connection.vendor == "postgresql" else 2
    log_path = tmp_path / "worker.log"

    with SmtpSink(gate_after=GATE_AFTER) as sink:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": worker_database_url(tmp_path),
            "REDIS_URL": redis_url(),
            "EMAIL_URL": f"smtp://{sink.host}:{sink.port}",
            "REPORTS_TEST_QUEUE": queue,
            "REPORTS_TEST_PREFIX": prefix,
            "MEDIA_ROOT": str(tmp_path / "media"),
            "PYTHONPATH": str(ROOT),
        }
        worker = start_worker(env, log_path, concurrency)
        try:
            producer.send_task(
                "reports.tasks.send_due_reminders", kwargs={"today": TODAY}, queue=queue
            )
            # The SMTP server accepted GATE_AFTER messages and now holds the next ones: a
            # worker process is in the middle of sending. Kill every worker process.
            wait_until(lambda: sink.held >= 1, 90, "a send in progress", log_path)
        finally:
            kill(worker)
        assert len(sink.messages) == GATE_AFTER
        # Marked sent: the first group at least, never a message the server did not accept.
        marked = UNITS - unsent(tmp_path)
        assert MARK_EVERY <= marked <= GATE_AFTER
        # Still to send: the units not reached and the accepted ones not marked yet, held
        # by the dead worker's claims.
        assert count(tmp_path, "select count(*) from portal_delivery where status = 'sending'")

        sink.open_gate()
        worker = start_worker(env, log_path, concurrency)
        try:
            sweep_later(producer, queue)
            wait_until(lambda: unsent(tmp_path) == 0, 120, "every reminder sent", log_path)
            # Running the job again the same day decides nothing new and sends nothing.
            producer.send_task(
                "reports.tasks.send_due_reminders", kwargs={"today": TODAY}, queue=queue
            )
            time.sleep(4)
        finally:
            stop(worker)
        received = list(sink.messages)
    producer.close()

    copy_back(tmp_path)
    assert ReminderLog.objects.count() == UNITS + 1
    # Sent, but for the department: nobody files its report (skipped, nothing sent).
    assert ReminderLog.objects.filter(sent_at__isnull=True).count() == 1
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == UNITS
    assert set(ReminderLog.objects.values_list("offset", flat=True)) == {7}
    assert (
        ReminderLog.objects.values("unit").distinct().count() == UNITS + 1
    )  # one row per unit and offset
    recipients = [message["To"] for message in received]
    # None lost; repeated: exactly the messages accepted but not marked when it was killed.
    assert set(recipients) == {f"w{n:03d}@example.vn" for n in range(UNITS)}
    assert len(received) == UNITS + (GATE_AFTER - marked)
    repeated = {to for to in recipients if recipients.count(to) > 1}
    assert len(repeated) == GATE_AFTER - marked <= MARK_EVERY
    assert repeated <= set(recipients[:GATE_AFTER])
    assert Notification.objects.count() == UNITS
    assert cycle.reminders.count() == UNITS + 1
    assert datetime.date.fromisoformat(TODAY) == ReminderLog.objects.first().due_on
