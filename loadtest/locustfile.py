"""Deadline day: unit staff filing their yearly reports (`make load`, `manage.py load_test`).

Each simulated user signs in once, as an account of its own (`scale-load-0001`..., made by
`manage.py seed_load`), then goes round: the home page, the form of the first report its
home page lists as due, saving the draft (a POST with the form's CSRF token), the
initiative list, and the bare view `/ok/` measured under the same load. Every fourth round
it submits the report with a signed scan (a small PDF), so the next round works on the next
report due. A user thinks LOAD_WAIT seconds (min,max; 1,3 when unset; `manage.py load_test`
and `make load` pass 10,30) between pages.

A step that does not do what it should (no report saved, not submitted, an error page)
counts as a failure, not only a status code other than 200.

Settings from the environment: LOAD_PASSWORD, LOAD_USER_PREFIX (scale-load-),
LOAD_ACCOUNTS (how many accounts exist; users beyond wrap around), LOAD_WAIT,
LOAD_SUBMIT_EVERY (rounds between submissions, 4), and
LOAD_USERS with LOAD_MEASURE: every user waits, once signed in, until the LOAD_USERS-th
has signed in; the statistics restart then, each user starts its rounds after a random
part of the think time (so they do not all ask for the home page at once), and the run
ends LOAD_MEASURE seconds later.
"""

import itertools
import json
import os
import random
import re
import sys
import time

import gevent
import gevent.event
from locust import HttpUser, SequentialTaskSet, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "matkhau-Demo-2025")
USER_PREFIX = os.environ.get("LOAD_USER_PREFIX", "scale-load-")
ACCOUNTS = int(os.environ.get("LOAD_ACCOUNTS", "1000"))
WAIT = [float(s) for s in os.environ.get("LOAD_WAIT", "1,3").split(",")]
SUBMIT_EVERY = int(os.environ.get("LOAD_SUBMIT_EVERY", "4"))

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REPORT_LINK = re.compile(r'href="/reports/(\d+)/"')
FIGURE = re.compile(r'<input[^>]*name="(figure_\w+)"[^>]*>')
VALUE = re.compile(r'value="(\d*)"')
ERROR_BOX = 'class="errors"'
# A minimal PDF: what the signed scan's check reads is the content, not the name.
SCAN = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# The measured window (LOAD_MEASURE seconds, when set) starts once every user has signed
# in: signing in hashes a password on purpose slowly and is not what deadline day is about.
USERS = int(os.environ.get("LOAD_USERS", "0"))
MEASURE = float(os.environ.get("LOAD_MEASURE", "0"))

_numbers = itertools.count(1)
_signed_in = itertools.count(1)
_started = time.monotonic()
# Set once every user has signed in: the rounds start then. Signing in costs the server
# about a second of CPU each, so 200 of them keep both cores busy for a minute or more;
# rounds started meanwhile queue behind them, and would be counted in the window when they
# end after it has started.
_all_signed_in = gevent.event.Event()


def signed_in(environment):
    """Count one user in; after the last, restart the statistics and time the window."""
    if next(_signed_in) != USERS or not MEASURE:
        return
    environment.stats.reset_all()
    _all_signed_in.set()
    print(f"signed in: {USERS} users after {time.monotonic() - _started:.0f} s", file=sys.stderr)
    gevent.spawn_later(MEASURE, finish, environment)


def finish(environment):
    """Write the window's figures (LOAD_RESULTS, JSON), then stop: requests cut short by
    stopping are not part of the window."""
    stats = environment.stats
    rows = []
    for entry in [*stats.entries.values(), stats.total]:
        rows.append(
            {
                "name": entry.name,
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "rps": entry.num_requests / MEASURE,
                "p50": entry.get_response_time_percentile(0.5) if entry.num_requests else 0,
                "p95": entry.get_response_time_percentile(0.95) if entry.num_requests else 0,
            }
        )
    errors = [
        {"name": e.name, "error": str(e.error), "occurrences": e.occurrences}
        for e in stats.errors.values()
    ]
    with open(os.environ["LOAD_RESULTS"], "w") as handle:
        json.dump({"steps": rows, "errors": errors}, handle)
    environment.runner.quit()


def figures_of(form_html: str) -> dict[str, str]:
    """The figure inputs of a report form with the values it shows (the portal's own)."""
    figures = {}
    for match in FIGURE.finditer(form_html):
        value = VALUE.search(match.group(0))
        figures[match.group(1)] = value.group(1) if value else "0"
    return figures


class DeadlineDay(SequentialTaskSet):
    def on_start(self):
        self.round = 0
        self.report = None
        self.form = ""
        if USERS and MEASURE:
            # Nothing of a round while others still sign in; then a random start within
            # the think time, as people do not all open the portal in the same second.
            _all_signed_in.wait()
            gevent.sleep(random.uniform(0, WAIT[1]))

    @task
    def home(self):
        self.round += 1
        with self.client.get("/", name="home", catch_response=True) as response:
            if response.status_code != 200 or "/login/" in response.url:
                response.failure(f"home: {response.status_code} {response.url}")
                self.report = None
                return
            due = REPORT_LINK.findall(response.text)
            self.report = due[0] if due else None
            response.success()

    @task
    def report_form(self):
        if self.report is None:
            return
        url = f"/reports/{self.report}/edit/"
        with self.client.get(url, name="report form", catch_response=True) as response:
            if response.status_code != 200 or "csrfmiddlewaretoken" not in response.text:
                response.failure(f"report form: {response.status_code}")
                self.report = None
                return
            self.form = response.text
            response.success()

    def _post(self, action: str, name: str, files=None):
        token = CSRF.search(self.form)
        data = {
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "action": action,
            "narrative_general": f"Đơn vị báo cáo kết quả năm, lần lưu thứ {self.round}.",
            **figures_of(self.form),
        }
        url = f"/reports/{self.report}/edit/"
        return self.client.post(
            url,
            data=data,
            files=files,
            headers={"Referer": self.user.host + url},
            name=name,
            catch_response=True,
        )

    @task
    def save(self):
        if self.report is None:
            return
        with self._post("save", "save") as response:
            # Saved: back on the form (after the redirect), without the error box.
            if (
                response.status_code != 200
                or not response.url.endswith(f"/reports/{self.report}/edit/")
                or ERROR_BOX in response.text
                or "Đơn vị báo cáo kết quả năm" not in response.text
            ):
                response.failure(f"save: {response.status_code} {response.url}")
            else:
                self.form = response.text
                response.success()

    @task
    def initiative_list(self):
        with self.client.get("/initiatives/", name="initiative list", catch_response=True) as r:
            if r.status_code != 200 or "/login/" in r.url:
                r.failure(f"initiative list: {r.status_code}")
            else:
                r.success()

    @task
    def bare_view(self):
        with self.client.get("/ok/", name="bare view", catch_response=True) as response:
            if response.status_code != 200 or response.text != "ok":
                response.failure(f"bare view: {response.status_code}")
            else:
                response.success()

    @task
    def submit(self):
        if self.report is None or self.round % SUBMIT_EVERY:
            return
        files = {"scan": ("bao-cao-da-ky.pdf", SCAN, "application/pdf")}
        with self._post("submit", "submit", files=files) as response:
            # Submitted: the report's own page, no longer its form.
            if response.status_code != 200 or not response.url.endswith(f"/reports/{self.report}/"):
                response.failure(f"submit: {response.status_code} {response.url}")
            else:
                response.success()
        self.report = None


class UnitStaff(HttpUser):
    """One member of a unit's staff, signed in once for the whole run."""

    wait_time = between(*WAIT)
    tasks = [DeadlineDay]

    def on_start(self):
        number = next(_numbers)
        self.username = f"{USER_PREFIX}{(number - 1) % ACCOUNTS + 1:04d}"
        page = self.client.get("/login/", name="sign-in")
        token = CSRF.search(page.text)
        with self.client.post(
            "/login/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": self.host + "/login/"},
            name="sign-in",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "/login/" in response.url:
                response.failure(f"sign-in of {self.username}: {response.status_code}")
            else:
                response.success()
        signed_in(self.environment)
