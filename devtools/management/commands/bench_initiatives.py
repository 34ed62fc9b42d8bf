"""Server time of the office's initiative list at scale, next to its SQL run bare.

Run `manage.py seed_scale` first. Each scenario requests the list page (`initiatives:list`)
through the test client, logged in as the scale organisation's office reviewer, `--runs`
times after a warm-up; then replays the SQL that one request ran (captured with
CaptureQueriesContext) straight on a database cursor, as many times. The gap between the
two is Python: middleware, the view, the filter form, the template.

    manage.py bench_initiatives --runs 20
    manage.py bench_initiatives --runs 5 --explain    # EXPLAIN ANALYZE of each slowest query
"""

import contextlib
import math
import re
import statistics
import sys
import time
import types
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.http import HttpResponse
from django.template.base import Template
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    _TestState,
    override_settings,
    setup_test_environment,
)
from django.urls import NoReverseMatch, clear_url_caches, path, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from campaigns.models import Campaign
from initiatives import selectors
from initiatives.models import Initiative, Status
from units.models import User

OFFICE_USERNAME = "scale-office"
DECLARE = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR (WITH HOLD )?FOR ')
EXPLAIN = re.compile(r"^EXPLAIN (\([^)]*\) )?")
SKIPPED_SQL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK", "BEGIN", "COMMIT")


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@contextlib.contextmanager
def uninstrumented():
    """Templates rendered as in production: the test environment wraps every template
    render to record its context (what the first, captured request needs), which costs
    more than the rendering itself."""
    original = getattr(_TestState, "saved_data", None)
    original = getattr(original, "template_render", None)
    instrumented = Template._render
    if original is not None:
        Template._render = original
    try:
        yield
    finally:
        Template._render = instrumented


class Command(BaseCommand):
    help = "Median and 95th percentile of the initiative list's server time, and of its bare SQL."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--user", default=OFFICE_USERNAME, help="username to log in as")
        parser.add_argument(
            "--search",
            nargs="+",
            default=["học bạ số", "nguyễn văn"],
            help="texts searched (accents are folded)",
        )
        parser.add_argument(
            "--depths",
            nargs="+",
            type=int,
            default=[1_000, 10_000, 100_000],
            help="rows skipped for the deep pages (one near the end is always added)",
        )
        parser.add_argument(
            "--explain",
            action="store_true",
            help="PostgreSQL: print EXPLAIN ANALYZE of each scenario's slowest query",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        runs = max(1, options["runs"])
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']}: run `manage.py seed_scale` first.")
        try:
            self.url = reverse("initiatives:list")
        except NoReverseMatch as error:
            raise CommandError("The list page initiatives:list does not exist.") from error
        with contextlib.suppress(RuntimeError):  # already set up under pytest
            setup_test_environment()  # response.context, ALLOWED_HOSTS for the test client
        # Plain static storage: the manifest one needs collectstatic and serves the same URLs.
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with override_settings(STORAGES=storages):
            self.run(user, runs, options)

    def run(self, user, runs, options):
        self.client = Client()
        self.client.force_login(user)
        self.verify_second_factor(user)
        scenarios = self.scenarios(user, options)
        self.stdout.write(
            f"Database: {connection.vendor} {connection.settings_dict['NAME']}; "
            f"initiatives in the table: {self.table_count():,}; "
            f"user {user.username}; {runs} runs per scenario.\n"
        )
        self.bare_view = self.measure_bare_view(runs)
        self.stdout.write(f"bare Django view (same middleware, no query): {self.bare_view:.1f} ms")
        results = []
        for name, params in scenarios:
            results.append(self.measure(name, params, runs, options["explain"]))
        self.print_table(results)

    def measure_bare_view(self, runs: int) -> float:
        """Median time of a view that returns a constant response behind the same middleware
        and login: the floor a page of Django costs before its own work."""
        module = types.ModuleType("bench_bare_urls")
        module.urlpatterns = [path("bench-bare/", lambda request: HttpResponse("ok"))]
        sys.modules[module.__name__] = module
        times = []
        with override_settings(ROOT_URLCONF=module.__name__), uninstrumented():
            clear_url_caches()
            self.client.get("/bench-bare/")
            for _ in range(runs * 3):
                started = time.perf_counter()
                self.client.get("/bench-bare/")
                times.append((time.perf_counter() - started) * 1000)
        clear_url_caches()
        return statistics.median(times)

    def verify_second_factor(self, user):
        """The office gives a code after the password; what is measured is the list, so the
        session is marked verified with the user's authenticator (set up if missing), as
        the code page would leave it."""
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        session = self.client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    # -- scenarios --------------------------------------------------------------------------

    def table_count(self) -> int:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE relname = %s",
                    [Initiative._meta.db_table],
                )
                estimate = cursor.fetchone()[0]
            if estimate > 0:
                return estimate
        return Initiative.objects.count()

    def scenarios(self, user, options) -> list[tuple[str, dict]]:
        """Page 1, filtered, searched; each sort at page 1 and at the depths asked for (a
        keyset cursor taken from the row just before that depth, and near the end)."""
        from initiatives.filters import SORTS

        visible = selectors.initiatives_visible_to(user)
        campaign = (
            Campaign.objects.filter(pk__in=visible.values("campaign_id")[:1000])
            .annotate(n=Count("initiatives"))
            .order_by("-n")
            .first()
        )
        scenarios = [("page 1 (newest first)", {})]
        if campaign is not None:
            scenarios.append(
                (
                    "filtered: campaign + status",
                    {"campaign": campaign.pk, "status": Status.SUBMITTED},
                )
            )
        for term in options["search"]:
            scenarios.append((f"searched: “{term}”", {"q": term}))
        scenarios.append(
            (
                "filtered + searched + by title",
                {"status": Status.RECOGNISED, "q": "toan", "sort": "title"},
            )
        )
        total = visible.count()
        near_end = max(total - 10, 0)  # the last page: its last ten rows
        depths = [(d, f"after {d:,}") for d in sorted(set(options["depths"])) if 0 < d < near_end]
        if near_end:
            depths.append((near_end, "near the end"))
        for sort in SORTS:
            scenarios.append((f"sort {sort}: page 1", {"sort": sort}))
            for depth, where in depths:
                cursor = self.cursor_at(visible, SORTS[sort], depth)
                if cursor:
                    scenarios.append((f"sort {sort}: {where}", {"sort": sort, "after": cursor}))
        return scenarios

    def cursor_at(self, visible, ordering, depth: int) -> str:
        from initiatives.paging import _encode

        columns = [name.lstrip("-") for name in ordering]
        keys = list(visible.order_by(*ordering).values_list(*columns)[depth : depth + 1])
        return _encode(list(keys[0])) if keys else ""

    # -- measuring --------------------------------------------------------------------------

    def request(self, params: dict):
        url = f"{self.url}?{urlencode(params)}" if params else self.url
        response = self.client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        return response

    def measure(self, name: str, params: dict, runs: int, explain: bool) -> dict:
        self.request(params)  # warm-up: caches, connection, template loading
        with CaptureQueriesContext(connection) as captured:
            response = self.request(params)
        context = response.context
        shown = len(context["page"]) if context and "page" in context else None
        count = context.get("count") if context else None
        # Server-side cursors (a form's choices iterate) replay as the plain SELECT.
        sql = [
            DECLARE.sub("", q["sql"])
            for q in captured.captured_queries
            if not q["sql"].lstrip().upper().startswith(SKIPPED_SQL)
        ]

        server = []
        with uninstrumented():
            for _ in range(runs):
                started = time.perf_counter()
                self.request(params)
                server.append((time.perf_counter() - started) * 1000)

        bare, per_query = [], [[] for _ in sql]
        with connection.cursor() as cursor:
            for _ in range(runs):
                total = 0.0
                for index, statement in enumerate(sql):
                    started = time.perf_counter()
                    cursor.execute(statement)
                    if cursor.description:
                        cursor.fetchall()
                    elapsed = (time.perf_counter() - started) * 1000
                    per_query[index].append(elapsed)
                    total += elapsed
                bare.append(total)
        slowest = max(range(len(sql)), key=lambda i: statistics.median(per_query[i]), default=None)
        result = {
            "name": name,
            "params": params,
            "shown": shown,
            "count": count,
            "exact": context.get("count_exact", True) if context else True,
            "queries": len(sql),
            "server": server,
            "bare": bare,
            "slowest_sql": sql[slowest] if slowest is not None else "",
            "slowest_ms": statistics.median(per_query[slowest]) if slowest is not None else 0,
        }
        self.stdout.write(
            f"{name}: server {statistics.median(server):.1f} ms, "
            f"SQL {statistics.median(bare):.1f} ms"
        )
        if self.verbosity >= 2:
            for statement, times in zip(sql, per_query, strict=True):
                self.stdout.write(f"  {statistics.median(times):8.2f} ms  {statement[:300]}")
        if explain and connection.vendor == "postgresql" and result["slowest_sql"]:
            with connection.cursor() as cursor:
                statement = EXPLAIN.sub("", result["slowest_sql"])
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            self.stdout.write(f"  slowest query ({result['slowest_ms']:.1f} ms):\n")
            self.stdout.write("  " + result["slowest_sql"] + "\n")
            self.stdout.write("  " + plan.replace("\n", "\n  ") + "\n")
        return result

    def print_table(self, results: list[dict]):
        header = (
            f"{'scenario':<34} {'rows':>10} {'queries':>7} {'server':>9} {'p95':>9} "
            f"{'bare SQL':>9} {'ratio':>6} {'minus view':>10}"
        )
        self.stdout.write("\n" + header)
        self.stdout.write("-" * len(header))
        for r in results:
            if r["count"] is None:
                rows = ""
            else:
                rows = f"{r['count']:,}" if r["exact"] else f"> {r['count']:,}"
            server = statistics.median(r["server"])
            bare = statistics.median(r["bare"])
            self.stdout.write(
                f"{r['name']:<34} {rows:>10} {r['queries']:>7} "
                f"{server:>6.1f} ms {percentile(r['server'], 0.95):>6.1f} ms "
                f"{bare:>6.1f} ms {server / bare:>5.2f}× "
                f"{(server - self.bare_view) / bare:>9.2f}×"
            )
        self.stdout.write(
            f"\nserver: median time of the page through the whole Django stack; bare SQL: "
            f"every query of one request replayed on a cursor, median; ratio: server / bare "
            f"SQL; minus view: (server - the bare Django view's {self.bare_view:.1f} ms) / bare "
            f'SQL. rows: the count the page shows (exact up to its cap, then "more than").'
        )
