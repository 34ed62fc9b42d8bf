"""The compiled report workbook holds names and narratives as text, never as live formulas."""

from types import SimpleNamespace

from reports.compiled import render_xlsx
from reports.models import YearlyReport
from reports.services import report_save, report_start, report_submit
from tests.reports.test_views import pdf
from tests.xlsx_checks import HOSTILE, assert_no_formula_and_text_kept


def test_compiled_workbook_stores_hostile_text_as_text(cycle, campaign, org, users):
    campaign.title = HOSTILE[0]
    campaign.save()
    first, second = campaign.themes.order_by("order")
    first.title, second.title = HOSTILE[1], HOSTILE[2]
    first.save()
    second.save()
    org["school_a"].name = HOSTILE[3]
    org["school_a"].save()
    report = report_start(
        report=YearlyReport.objects.get(cycle=cycle, unit=org["school_a"]), by=users["staff_a"]
    )
    report = report_save(
        report=report,
        by=users["staff_a"],
        figures={f.key: (f.value, "") for f in report.figures.all()},
        narratives={None: HOSTILE[4], first.pk: HOSTILE[5], second.pk: HOSTILE[6]},
        uploads=[("signed_scan", pdf())],
    )
    report_submit(report=report, by=users["staff_a"])
    cycle.refresh_from_db()
    _name, content = render_xlsx(SimpleNamespace(subject=cycle), lambda percent: None)
    # Narratives are saved without surrounding blanks.
    assert_no_formula_and_text_kept(content, [*HOSTILE[:4], *(t.strip() for t in HOSTILE[4:])])
