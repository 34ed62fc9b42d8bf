"""Deadline day under load: gunicorn with the production settings, Locust in front of it.

Run `manage.py seed_load` first (`make load` does). The command measures what the password
hasher costs for one sign-in, starts gunicorn on 127.0.0.1 with DEBUG=0 and a throwaway
SECRET_KEY on this database, runs `loadtest/locustfile.py` headless for the ramp-up plus
`--duration` seconds from when the last user has signed in (the statistics restart then), then
prints requests/s, p50 and p95 of each step beside the bare view `/ok/` served by the same
gunicorn in the same run.

    manage.py load_test --users 200 --duration 90 --workers 4 --threads 4
"""

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import check_password, get_hasher
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from devtools.management.commands.seed_scale import PASSWORD
from units.models import User

from .seed_load import LOAD_PREFIX

LOCUSTFILE = Path(settings.BASE_DIR) / "loadtest" / "locustfile.py"
STEPS = ["home", "report form", "save", "initiative list", "submit", "bare view"]


class Command(BaseCommand):
    help = "The deadline-day mix of unit staff against gunicorn with the production settings."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=200, help="concurrent unit staff")
        parser.add_argument("--spawn-rate", type=float, default=10, help="users started per s")
        parser.add_argument("--duration", type=int, default=90, help="measured seconds")
        parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
        parser.add_argument("--threads", type=int, default=4, help="threads per worker")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--wait", default="10,30", help="think time between pages, s: min,max")
        parser.add_argument(
            "--access-log",
            metavar="PATH",
            help="gunicorn's access log, with each request's time in the worker (µs): "
            "set apart from the time Locust sees, it tells work from queueing",
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The load test runs on PostgreSQL: set DATABASE_URL.")
        if shutil.which("locust", path=str(Path(sys.executable).parent)) is None:
            raise CommandError("Locust is not installed (a dev dependency: make setup).")
        accounts = User.objects.filter(username__startswith=LOAD_PREFIX).count()
        if accounts == 0:
            raise CommandError("No load accounts: run `manage.py seed_load` first.")
        self.load_before = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        self.signin_cost()
        workdir = Path(tempfile.mkdtemp(prefix="load-"))
        url = f"http://127.0.0.1:{options['port']}"
        server = self.start_gunicorn(options, workdir)
        try:
            self.wait_until_up(url, server)
            stats = self.run_locust(options, url, workdir, accounts)
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        self.print_table(stats, options, accounts)
        shutil.rmtree(workdir, ignore_errors=True)

    def signin_cost(self):
        """What the password hasher costs for one sign-in, on this machine, now."""
        user = User.objects.filter(username__startswith=LOAD_PREFIX).first()
        hasher = get_hasher()
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            ok = check_password(PASSWORD, user.password)
            runs.append((time.perf_counter() - started) * 1000)
        if not ok:
            raise CommandError(f"{user.username} does not take seed_scale's password.")
        iterations = getattr(hasher, "iterations", None)
        detail = f", {iterations:,} iterations" if iterations else ""
        self.stdout.write(
            f"Sign-in: {hasher.algorithm}{detail}: {min(runs):.0f} ms of CPU per password "
            "check (once per simulated user, before the measured window)."
        )

    def start_gunicorn(self, options, workdir: Path) -> subprocess.Popen:
        env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),  # throwaway: nothing outlives the run
            "ALLOWED_HOSTS": "127.0.0.1",
            "HTTPS": "0",
            "MEDIA_ROOT": str(workdir / "media"),
            "EMAIL_URL": "dummymail://",
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env.pop("DEV_TOOLS", None)  # the production settings: no development tools
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{options['port']}",
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--timeout",
            "120",
            # Longer than a user's think time: the server does not close a connection the
            # client is about to reuse (a race that shows as a failed request).
            "--keep-alive",
            "10",
        ]
        if options["access_log"]:
            command += [
                "--access-logfile",
                str(Path(options["access_log"]).resolve()),
                "--access-logformat",
                '%(t)s "%(r)s" %(s)s %(D)s',
            ]
        self.stdout.write(
            f"gunicorn: {options['workers']} workers × {options['threads']} threads, DEBUG=0, "
            f"CONN_MAX_AGE {connection.settings_dict['CONN_MAX_AGE']}, "
            f"database {connection.settings_dict['NAME']}"
            + (", Redis (tasks queued)" if os.environ.get("REDIS_URL") else ", tasks in-process")
        )
        log = open(workdir / "gunicorn.log", "wb")  # noqa: SIM115 (open while it runs)
        return subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )

    def wait_until_up(self, url: str, server: subprocess.Popen):
        for _ in range(120):
            if server.poll() is not None:
                raise CommandError("gunicorn stopped at start (collectstatic? its log).")
            try:
                with urllib.request.urlopen(url + "/ok/", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise CommandError("gunicorn did not answer within a minute.")

    def run_locust(self, options, url, workdir, accounts) -> dict:
        # The window starts when the last user has signed in (the locustfile restarts the
        # statistics then and stops the run `duration` seconds later); this is a cap only.
        run_time = int(options["users"] / options["spawn_rate"]) + 900 + options["duration"]
        self.stdout.write(
            f"Locust: {options['users']} users started at {options['spawn_rate']:g}/s, each "
            f"signing in once; measured for {options['duration']} s once all have signed in; "
            f"think time {options['wait'].replace(',', '–')} s between pages."
        )
        env = {
            **os.environ,
            "LOAD_ACCOUNTS": str(accounts),
            "LOAD_USER_PREFIX": LOAD_PREFIX,
            "LOAD_PASSWORD": PASSWORD,
            "LOAD_WAIT": options["wait"],
            "LOAD_USERS": str(options["users"]),
            "LOAD_MEASURE": str(options["duration"]),
            "LOAD_RESULTS": str(workdir / "results.json"),
        }
        command = [
            str(Path(sys.executable).parent / "locust"),
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--host",
            url,
            "--users",
            str(options["users"]),
            "--spawn-rate",
            str(options["spawn_rate"]),
            "--run-time",
            f"{run_time}s",
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        completed = subprocess.run(command, env=env, capture_output=True, text=True)
        for line in completed.stderr.splitlines():
            if line.startswith("signed in:"):
                self.stdout.write(line.replace("signed in:", "All signed in:") + ".\n")
        results = workdir / "results.json"
        if not results.exists():
            raise CommandError(f"Locust ended without figures:\n{completed.stderr[-3000:]}")
        figures = json.loads(results.read_text())
        self.failures = figures["errors"]
        return {row["name"]: row for row in figures["steps"]}

    def print_table(self, stats: dict, options, accounts: int):
        bare = stats.get("bare view")
        header = (
            f"{'step':<16} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50':>7} {'p95':>7} "
            f"{'p50 / bare':>10}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for step in [*STEPS, "Aggregated"]:
            row = stats.get(step)
            if row is None:
                continue
            ratio = f"{row['p50'] / bare['p50']:>9.1f}×" if bare and bare["p50"] else ""
            self.stdout.write(
                f"{'all' if step == 'Aggregated' else step:<16} {row['requests']:>8} "
                f"{row['failures']:>6} {row['rps']:>7.1f} {row['p50']:>5.0f}ms "
                f"{row['p95']:>5.0f}ms {ratio:>10}"
            )
        for failure in self.failures[:10]:
            self.stdout.write(
                f"failed: {failure['name']} ×{failure['occurrences']}: {failure['error']}"
            )
        worst = max((stats[s]["p95"] for s in STEPS if s in stats and s != "bare view"), default=0)
        errors = stats.get("Aggregated", {}).get("failures", 0)
        self.stdout.write(
            f"\nWorst p95 of a page: {worst:.0f} ms (goal ≤ 300 ms); errors: {errors} (goal 0); "
            f"{options['users']} users on {accounts} accounts, {os.cpu_count()} CPUs, "
            f"load average before the run {self.load_before}."
        )
