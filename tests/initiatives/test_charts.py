"""The office's home page draws its initiatives by field, level and year, from counts kept
apart from the home panels for a few minutes (`initiatives/charts.py`)."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from initiatives import charts
from initiatives.charts import by_field, by_level, by_year, charts_counts_kept, counts_of
from initiatives.models import Field, Initiative, Status
from initiatives.selectors import initiatives_visible_to
from portal import home_cache
from tests.initiatives.factories import InitiativeFactory, RecognitionFactory
from tests.portal.test_charts import bars_of, svg_of


def make(campaign, unit, **kwargs):
    return InitiativeFactory(campaign=campaign, unit=unit, **kwargs)


def grouped(captured) -> list[str]:
    """The counting queries (the charts' GROUP BYs) among those captured."""
    return [
        q["sql"]
        for q in captured
        if q["sql"].startswith('SELECT "initiatives_') and "GROUP BY" in q["sql"]
    ]


@pytest.fixture
def some(campaign, org):
    a = make(campaign, org["school_a"], field=Field.TECHNICAL, year=2024, status=Status.RECOGNISED)
    make(campaign, org["school_a"], field=Field.TECHNICAL, year=2025, status=Status.SUBMITTED)
    make(campaign, org["school_b"], field=Field.MANAGEMENT, year=2025, status=Status.SUBMITTED)
    make(campaign, org["school_b"], field=Field.MANAGEMENT, year=2025, status=Status.DRAFT)
    RecognitionFactory(initiative=a, level="base")
    RecognitionFactory(initiative=a, level="province")


def test_counts_by_field_year_and_level(some, users):
    counts = counts_of(initiatives_visible_to(users["office"]))

    fields = {bar.label: bar.value for bar in by_field(counts)}
    assert fields[str(Field.TECHNICAL.label)] == 2
    assert fields[str(Field.MANAGEMENT.label)] == 1  # the draft is the unit's own
    assert fields[str(Field.OPERATIONAL.label)] == 0
    assert [(bar.label, bar.value) for bar in by_year(counts)] == [("2024", 1), ("2025", 2)]
    assert [bar.value for bar in by_level(counts)] == [1, 1, 0]


@pytest.mark.parametrize("username", ["office", "admin", "outsider", "staff_a", "council"])
def test_kept_counts_equal_a_direct_count(some, org, users, username):
    user = users[username]
    charts_counts_kept(user=user)  # counted and kept
    with CaptureQueriesContext(connection) as captured:
        kept = charts_counts_kept(user=user)
    assert grouped(captured) == []
    direct = initiatives_visible_to(user).exclude(status=Status.DRAFT)
    for value, _label in Field.choices:
        assert kept["field"].get(value, 0) == direct.filter(field=value).count()
    years = sorted(set(direct.values_list("year", flat=True)))
    assert kept["year"] == [(year, direct.filter(year=year).count()) for year in years]
    for level in ("base", "province"):
        assert kept["level"].get(level, 0) == direct.filter(recognitions__level=level).count()


def test_users_with_one_scope_share_the_counts(some, users):
    assert charts.scope_key(users["office"]) == charts.scope_key(users["admin"])
    assert charts.scope_key(users["office"]) != charts.scope_key(users["outsider"])
    assert charts.scope_key(users["office"]) != charts.scope_key(users["staff_a"])
    charts_counts_kept(user=users["office"])
    with CaptureQueriesContext(connection) as captured:
        charts_counts_kept(user=users["admin"])
    assert grouped(captured) == []


def test_missing_counts_are_counted_in_the_request_and_kept(some, users, monkeypatch):
    started = []
    monkeypatch.setattr("portal.jobs.job_start", lambda task, *args: started.append(args))
    key = charts.scope_key(users["office"])
    assert cache.get(key) is None
    with CaptureQueriesContext(connection) as captured:
        counts = charts_counts_kept(user=users["office"])
    assert len(grouped(captured)) == 3
    assert counts["field"][Field.TECHNICAL] == 2
    assert cache.get(key)["field"] == counts["field"]
    assert started == []


def test_stale_counts_are_served_and_a_refresh_is_enqueued_once(
    some, campaign, org, users, settings, monkeypatch
):
    started = []
    monkeypatch.setattr("portal.jobs.job_start", lambda task, *args: started.append((task, args)))
    charts_counts_kept(user=users["office"])
    make(campaign, org["school_a"], field=Field.TECHNICAL, year=2025, status=Status.SUBMITTED)
    assert started == []  # fresh: used as it is
    settings.CHARTS_FRESH = 0  # every kept count is stale now
    with CaptureQueriesContext(connection) as captured:
        served = charts_counts_kept(user=users["office"])
    assert grouped(captured) == []  # not counted in the request
    assert served["field"][Field.TECHNICAL] == 2  # the stale counts
    charts_counts_kept(user=users["admin"])  # the same scope: already being refreshed
    assert [(task.name, args) for task, args in started] == [
        ("initiatives.tasks.refresh_initiative_charts", (users["office"].pk,))
    ]


def test_the_refresh_runs_and_updates_the_counts(some, campaign, org, users, settings, eager_tasks):
    charts_counts_kept(user=users["office"])
    make(campaign, org["school_a"], field=Field.TECHNICAL, year=2025, status=Status.SUBMITTED)
    settings.CHARTS_FRESH = 0
    served = charts_counts_kept(user=users["office"])  # the refresh runs (eagerly) meanwhile
    assert served["field"][Field.TECHNICAL] == 2
    kept = cache.get(charts.scope_key(users["office"]))
    assert kept["field"][Field.TECHNICAL] == 3
    assert kept["at"] > served["at"]
    # The refresh let go of its scope: the next stale page enqueues again.
    assert cache.get(charts._lock_key(charts.scope_key(users["office"]))) is None


def test_a_refresh_for_a_user_gone_does_nothing(users):
    from initiatives.tasks import refresh_initiative_charts

    refresh_initiative_charts(users["office"].pk + 1000)
    assert cache.get(charts.scope_key(users["office"])) is None


def test_office_home_shows_the_charts(campaign, org, users, login):
    make(campaign, org["school_a"], field=Field.TECHNICAL, year=2025, status=Status.SUBMITTED)
    html = login(users["office"]).get("/").content.decode()
    bars = bars_of(svg_of(html))
    assert ("Giải pháp kỹ thuật", "1") in [(bar["label"], bar["value"]) for bar in bars]
    # Unit staff have their own panels, not the office's charts.
    assert 'class="chart-svg"' not in login(users["staff_a"]).get("/").content.decode()


def test_office_home_shows_when_the_counts_were_made(some, users, login):
    # Kept counts made at 10:05 Vietnam time today (03:05 UTC).
    at = timezone.localtime().replace(hour=10, minute=5, second=0, microsecond=0)
    assert at.astimezone(datetime.UTC).strftime("%H:%M") == "03:05"
    counts = {**counts_of(Initiative.objects.none()), "at": at}
    cache.set(charts.scope_key(users["office"]), counts)
    html = login(users["office"]).get("/").content.decode()
    assert "Số liệu lúc 10:05" in html

    cache.set(charts.scope_key(users["office"]), {**counts, "at": at - datetime.timedelta(days=1)})
    home_cache.changed_everywhere()  # the panels drawn again, from the counts of yesterday
    yesterday = (at - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    html = login(users["office"]).get("/").content.decode()
    assert f"Số liệu lúc 10:05 {yesterday}" in html


class DownCache:
    """A cache server that does not answer."""

    def __getattr__(self, name):
        def refuse(*args, **kwargs):
            raise ConnectionError("cache server down")

        return refuse


def test_office_home_counts_in_the_request_while_the_cache_server_is_down(
    some, users, login, monkeypatch
):
    monkeypatch.setattr("portal.home_cache.cache", DownCache())
    monkeypatch.setattr(charts, "cache", DownCache())
    response = login(users["office"]).get("/")
    assert response.status_code == 200
    bars = bars_of(svg_of(response.content.decode()))
    assert ("Giải pháp kỹ thuật", "2") in [(bar["label"], bar["value"]) for bar in bars]


def test_under_make_run_a_pool_thread_counts_again(
    settings, transactional_db, campaign, org, users
):
    from portal import jobs

    settings.JOB_RUNNER = "threads"  # `make run`: no broker, jobs in the web process
    charts_counts_kept(user=users["office"])
    make(campaign, org["school_a"], field=Field.TECHNICAL, year=2025, status=Status.SUBMITTED)
    settings.CHARTS_FRESH = 0
    served = charts_counts_kept(user=users["office"])
    jobs.threads_wait()
    assert served["field"].get(Field.TECHNICAL, 0) == 0
    assert cache.get(charts.scope_key(users["office"]))["field"][Field.TECHNICAL] == 1
