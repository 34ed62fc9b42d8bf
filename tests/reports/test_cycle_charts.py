"""The cycle dashboard draws how far the units are, by kind and day by day."""

import datetime

from django.urls import reverse
from django.utils import timezone

from reports.charts import completion_by_kind, handed_in_by_day
from reports.models import YearlyReport
from reports.services import report_submit
from tests.portal.test_charts import bars_of, svg_of
from tests.reports.test_views import ready_report


def test_completion_by_kind_counts_handed_in_over_all(cycle, org, users):
    report = ready_report(cycle, org["school_a"], users["staff_a"])
    report_submit(report=report, by=users["staff_a"])
    kind_a = org["school_a"].get_kind_display()
    same_kind = YearlyReport.objects.filter(cycle=cycle, unit__kind=org["school_a"].kind)
    expected_total = same_kind.count()
    bars = {bar.label: bar for bar in completion_by_kind(cycle)}
    assert bars[kind_a].value == 1
    assert bars[kind_a].total == expected_total
    assert sum(bar.total for bar in bars.values()) == cycle.reports.count()
    assert sum(bar.value for bar in bars.values()) == 1


def test_running_total_by_day_up_to_the_deadline(cycle, org, users):
    report = ready_report(cycle, org["school_a"], users["staff_a"])
    moment = timezone.make_aware(
        datetime.datetime.combine(cycle.deadline - datetime.timedelta(days=2), datetime.time(9))
    )
    report_submit(report=report, by=users["staff_a"], now=moment)
    bars = handed_in_by_day(cycle, today=cycle.deadline + datetime.timedelta(days=5))
    assert len(bars) == 30
    assert bars[-1].label == cycle.deadline.strftime("%d/%m")
    assert [bar.value for bar in bars[-4:]] == [0, 1, 1, 1]
    # While the deadline is ahead the series stops at today.
    assert len(handed_in_by_day(cycle, today=cycle.deadline - datetime.timedelta(days=10))) == 20


def test_dashboard_shows_the_charts(cycle, org, users, login):
    report = ready_report(cycle, org["school_a"], users["staff_a"])
    report_submit(report=report, by=users["staff_a"])
    html = login(users["office"]).get(reverse("reports:cycle", args=[cycle.pk])).content.decode()
    kind_a = org["school_a"].get_kind_display()
    bars = bars_of(svg_of(html))
    assert any(bar["label"] == kind_a and bar["value"] == "1" for bar in bars)
