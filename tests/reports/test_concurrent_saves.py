"""Two units save their reports of the same cycle at the same moment (deadline day).

Saving locks the report's own row only: the cycle, the campaign and the unit it reads with
the report are shared by every report of the cycle, and a lock on them would make each
save wait until the one before it has committed its whole request.
"""

import threading

import pytest
from django.db import DatabaseError, connection, connections, transaction

from reports.models import ReportingCycle, YearlyReport
from reports.services import report_save
from units.models import Unit

from .test_views import report_of


def _in_other_connection(work) -> str:
    """Run `work()` in a thread of its own (its own connection, its own transaction with
    a short lock timeout) and say how it ended."""
    outcome = []

    def run():
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '2s'")
                work()
            outcome.append("done")
        except DatabaseError as error:
            outcome.append(f"blocked: {error}")
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    return outcome[0] if outcome else "no answer"


@pytest.mark.django_db(transaction=True)
def test_a_save_in_progress_does_not_hold_up_another_units_save(cycle, org, users):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers as a whole; row locks are PostgreSQL's")
    report_a = report_of(cycle, org["school_a"])
    report_b = report_of(cycle, org["school_b"])
    with transaction.atomic():
        # Unit A's save, its transaction still open (as in a request not yet answered).
        report_save(
            report=report_a, by=users["staff_a"], figures={}, narratives={None: "Đơn vị A."}
        )

        def save_b():
            report_save(
                report=report_b, by=users["staff_b"], figures={}, narratives={None: "Đơn vị B."}
            )

        assert _in_other_connection(save_b) == "done"
        # The rows A's save read with its report are free for others to lock...
        for model, pk in (
            (ReportingCycle, cycle.pk),
            (type(cycle.campaign), cycle.campaign_id),
            (Unit, org["school_a"].pk),
        ):
            locked = _in_other_connection(
                lambda m=model, k=pk: m.objects.select_for_update(nowait=True).get(pk=k)
            )
            assert locked == "done", model.__name__
        # ...while the report itself stays locked until A's save commits.
        outcome = _in_other_connection(
            lambda: YearlyReport.objects.select_for_update(nowait=True).get(pk=report_a.pk)
        )
        assert outcome.startswith("blocked")
    assert YearlyReport.objects.get(pk=report_b.pk).narratives.get().text == "Đơn vị B."
    assert YearlyReport.objects.get(pk=report_a.pk).narratives.get().text == "Đơn vị A."
