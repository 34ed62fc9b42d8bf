"""The office's home page draws its initiatives by field, level and year."""

from initiatives.charts import by_field, by_level, by_year
from initiatives.models import Field, Status
from initiatives.selectors import initiatives_visible_to
from tests.initiatives.factories import InitiativeFactory, RecognitionFactory
from tests.portal.test_charts import bars_of, svg_of


def make(campaign, unit, **kwargs):
    return InitiativeFactory(campaign=campaign, unit=unit, **kwargs)


def test_counts_by_field_year_and_level(campaign, org, users):
    a = make(campaign, org["school_a"], field=Field.TECHNICAL, year=2024, status=Status.RECOGNISED)
    make(campaign, org["school_a"], field=Field.TECHNICAL, year=2025, status=Status.SUBMITTED)
    make(campaign, org["school_b"], field=Field.MANAGEMENT, year=2025, status=Status.SUBMITTED)
    make(campaign, org["school_b"], field=Field.MANAGEMENT, year=2025, status=Status.DRAFT)
    RecognitionFactory(initiative=a, level="base")
    RecognitionFactory(initiative=a, level="province")
    visible = initiatives_visible_to(users["office"])

    fields = {bar.label: bar.value for bar in by_field(visible)}
    assert fields[str(Field.TECHNICAL.label)] == 2
    assert fields[str(Field.MANAGEMENT.label)] == 1  # the draft is the unit's own
    assert fields[str(Field.OPERATIONAL.label)] == 0
    assert [(bar.label, bar.value) for bar in by_year(visible)] == [("2024", 1), ("2025", 2)]
    assert [bar.value for bar in by_level(visible)] == [1, 1, 0]


def test_office_home_shows_the_charts(campaign, org, users, login):
    make(campaign, org["school_a"], field=Field.TECHNICAL, year=2025, status=Status.SUBMITTED)
    html = login(users["office"]).get("/").content.decode()
    bars = bars_of(svg_of(html))
    assert ("Giải pháp kỹ thuật", "1") in [(bar["label"], bar["value"]) for bar in bars]
    # Unit staff have their own panels, not the office's charts.
    assert 'class="chart-svg"' not in login(users["staff_a"]).get("/").content.decode()
