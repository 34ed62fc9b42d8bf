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
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment
from django.urls import NoReverseMatch, reverse
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


class Command(BaseCommand):
    help = "Median and 95th percentile of the initiative list's server time, and of its bare SQL."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--user", default=OFFICE_USERNAME, help="username to log in as")
        parser.add_argument(
            "--search", default="học bạ số", help="text searched (accents are folded)"
        )
        parser.add_argument(
            "--depth", type=int, default=100_000, help="rows skipped for the deep page"
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
        results = []
        for name, params in scenarios:
            results.append(self.measure(name, params, runs, options["explain"]))
        self.print_table(results)

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
        scenarios += [
            (f"searched: “{options['search']}”", {"q": options["search"]}),
            ("sorted by title", {"sort": "title"}),
            (
                "filtered + searched + sorted",
                {"status": Status.RECOGNISED, "q": "toan", "sort": "title"},
            ),
        ]
        deep = self.deep_page(user, options["depth"])
        if deep is not None:
            scenarios.append(deep)
        return scenarios

    def deep_page(self, user, depth: int):
        """The page that starts `depth` rows in, newest first."""
        response = self.client.get(self.url)
        page = response.context["page"] if response.context else None
        rows = selectors.initiatives_for_list(user)
        if page is not None and hasattr(page, "next_cursor"):
            from initiatives.filters import SORTS
            from initiatives.paging import _encode

            ordering = SORTS["new"]
            columns = [name.lstrip("-") for name in ordering]
            depth = min(depth, rows.count() // 2)
            keys = list(rows.order_by(*ordering).values_list(*columns)[depth : depth + 1])
            if not keys:
                return None
            return (f"deep page (after row {depth:,})", {"after": _encode(list(keys[0]))})
        per_page = getattr(getattr(page, "paginator", None), "per_page", 50)
        depth = min(depth, rows.count() // 2)
        return (f"deep page (row {depth:,})", {"page": depth // per_page + 1})

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
            f"{'scenario':<34} {'rows':>8} {'queries':>7} {'server median':>13} "
            f"{'server p95':>10} {'SQL median':>10} {'SQL p95':>8} {'slowest query':>13}"
        )
        self.stdout.write("\n" + header)
        self.stdout.write("-" * len(header))
        for r in results:
            rows = "" if r["count"] is None else f"{r['count']:,}"
            self.stdout.write(
                f"{r['name']:<34} {rows:>8} {r['queries']:>7} "
                f"{statistics.median(r['server']):>10.1f} ms "
                f"{percentile(r['server'], 0.95):>7.1f} ms "
                f"{statistics.median(r['bare']):>7.1f} ms {percentile(r['bare'], 0.95):>5.1f} ms "
                f"{r['slowest_ms']:>10.1f} ms"
            )
        self.stdout.write(
            "\nrows: the count the page shows (capped/estimated beyond its limit); "
            "SQL: every query of one request replayed on a cursor; slowest query: its median."
        )
