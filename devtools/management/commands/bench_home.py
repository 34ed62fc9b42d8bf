"""Server time of the home page for every role at scale, beside a bare Django view.

Run `manage.py seed_load` first (it runs `seed_scale` when needed). For each role's account
the command requests the home page and the bare view `/ok/` (the whole middleware stack
and an "ok") through the test client, logged in as that account, alternately, `--runs`
times after a warm-up, and prints median and 95th percentile of each with their ratio and
the number of queries the home page ran. Two more columns measure the page built afresh:

- "afresh": as after a change it shows, every panel version moved (`portal.home_cache`),
  so every panel is built again; the office's and the administrator's "Initiatives at a
  glance" counts (`initiatives.charts`) are kept apart and used as they are, unless they
  are older than CHARTS_FRESH (then used as well, and counted again by a job);
- "cold": the same with those chart counts forgotten too, so they are counted in the
  request (the first home page of a scope, or one after the cache lost them).

    manage.py bench_home --runs 50
"""

import contextlib
import math
import os
import statistics
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from initiatives import charts
from portal import home_cache
from units.models import User

from .seed_load import ROLE_ACCOUNTS


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class Command(BaseCommand):
    help = "Median and 95th percentile of each role's home page beside a bare Django view."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=50)

    def handle(self, *args, **options):
        runs = max(1, options["runs"])
        users = {
            u.username: u for u in User.objects.filter(username__in=dict(ROLE_ACCOUNTS).values())
        }
        missing = [name for _, name in ROLE_ACCOUNTS if name not in users]
        if missing:
            raise CommandError(f"No account {', '.join(missing)}: run `manage.py seed_load` first.")
        with contextlib.suppress(RuntimeError):  # already set up under pytest
            setup_test_environment()
        # Plain static storage: the manifest one needs collectstatic and serves the same URLs.
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        self.stdout.write(
            f"Database: {connection.vendor} {connection.settings_dict['NAME']}; "
            f"CONN_MAX_AGE {connection.settings_dict['CONN_MAX_AGE']}; {runs} runs per role.\n"
        )
        header = (
            f"{'role':<15} {'queries':>7} {'home p50':>9} {'home p95':>9} "
            f"{'bare p50':>9} {'bare p95':>9} {'ratio p50':>9} {'afresh p50':>10} {'ratio':>6} "
            f"{'cold p50':>9} {'ratio':>6}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        ratios = []
        with override_settings(STORAGES=storages):
            for label, username in ROLE_ACCOUNTS:
                row = self.measure(users[username], runs)
                ratios.append(row["ratio"])
                self.stdout.write(
                    f"{label:<15} {row['queries']:>7} {row['home50']:>7.1f}ms "
                    f"{row['home95']:>7.1f}ms {row['bare50']:>7.1f}ms {row['bare95']:>7.1f}ms "
                    f"{row['ratio']:>8.1f}× {row['fresh50']:>8.1f}ms {row['fresh_ratio']:>5.1f}× "
                    f"{row['cold50']:>7.1f}ms {row['cold_ratio']:>5.1f}×"
                )
        self.stdout.write(f"\nHighest ratio: {max(ratios):.1f}× (goal: within 3× the bare view).")
        self.stdout.write(
            "Afresh: every panel built again (its versions moved, as after a change it shows);"
            " the chart counts of the office and the administrator kept, unless older than"
            f" CHARTS_FRESH ({settings.CHARTS_FRESH} s).\n"
            "Cold: the same with the chart counts forgotten too, counted in the request."
        )
        self.stdout.write("Load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))

    def client_for(self, user) -> Client:
        client = Client()
        client.force_login(user)
        # Office, leaders and administrators give a code after the password; the session
        # is marked verified with the user's authenticator, as the code page leaves it.
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    def get(self, client: Client, url: str) -> float:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        return elapsed

    def measure(self, user, runs: int) -> dict:
        client = self.client_for(user)
        home, bare = reverse("home"), reverse("ok")
        for _ in range(3):  # warm-up: connection, templates, translations
            self.get(client, home)
            self.get(client, bare)
        with CaptureQueriesContext(connection) as captured:
            self.get(client, home)
        queries = sum(
            1
            for q in captured.captured_queries
            if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        )
        home_times, bare_times, fresh_times, cold_times = [], [], [], []
        charts_key = charts.scope_key(user)
        for _ in range(runs):
            home_times.append(self.get(client, home))
            bare_times.append(self.get(client, bare))
            # The same page with its panels built afresh (as after a change they show); the
            # chart counts kept (made by the cold request before, or the warm-up).
            home_cache.changed_everywhere()
            fresh_times.append(self.get(client, home))
            # Cold: the chart counts forgotten too.
            home_cache.changed_everywhere()
            cache.delete(charts_key)
            cold_times.append(self.get(client, home))
        home50, bare50 = statistics.median(home_times), statistics.median(bare_times)
        return {
            "queries": queries,
            "home50": home50,
            "home95": percentile(home_times, 0.95),
            "bare50": bare50,
            "bare95": percentile(bare_times, 0.95),
            "ratio": home50 / bare50,
            "fresh50": statistics.median(fresh_times),
            "fresh_ratio": statistics.median(fresh_times) / bare50,
            "cold50": statistics.median(cold_times),
            "cold_ratio": statistics.median(cold_times) / bare50,
        }
