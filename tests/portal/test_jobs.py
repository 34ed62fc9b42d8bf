"""Long work runs as a job off the request; its page shows a progress bar until it is done.

The test suite runs Celery tasks eagerly (`JOB_RUNNER = "celery"`, no broker); the
in-process runner that `make run` uses (`JOB_RUNNER = "threads"`) is tested here with a job
held at a gate, so the page is seen while the job runs and then polls to done.
"""

import threading

import pytest
from django.db import transaction
from django.urls import reverse

from portal import files, jobs
from portal.models import GeneratedFile

HTMX = {"HX-Request": "true"}


def progress_values(monkeypatch) -> list[int]:
    """Every progress value a job writes, in order (and still written to the row)."""
    seen: list[int] = []
    record = jobs.progress_recorder

    def recorder(model, pk):
        write = record(model, pk)

        def progress(percent):
            seen.append(percent)
            write(percent)

        return progress

    monkeypatch.setattr(jobs, "progress_recorder", recorder)
    return seen


def test_a_job_page_shows_the_bar_while_it_runs(
    org, users, client, eager_tasks, django_capture_on_commit_callbacks
):
    """The status page of a running job shows the bar at the job's own progress."""
    pages = []

    def render(generated, progress):
        progress(40)
        pages.append(client.get(f"/files/{generated.pk}/").content.decode())
        progress(75)
        pages.append(client.get(f"/files/{generated.pk}/", headers=HTMX).content.decode())
        return "tong-hop.txt", b"ok"

    files.register("test_progress", can_view=lambda user, unit: True, render=render)
    client.force_login(users["office"])
    with django_capture_on_commit_callbacks(execute=True):
        generated = files.generated_file_request(
            subject=org["department"], kind="test_progress", by=users["office"]
        )
    full, partial = pages
    assert '<progress max="100" value="40">' in full
    assert "Đang tạo 40%" in full and 'hx-trigger="every 2s"' in full
    assert '<progress max="100" value="75">' in partial and "Đang tạo 75%" in partial
    assert "<html" in full and "<html" not in partial  # the page, then the polled block

    done = client.get(f"/files/{generated.pk}/", headers=HTMX).content.decode()
    assert "<progress" not in done and "hx-trigger" not in done
    assert f"/files/{generated.pk}/?download=1" in done


@pytest.fixture
def gated_kind():
    """A file kind whose job waits at a gate, so a test sees it while it runs."""
    gate, started = threading.Event(), threading.Event()

    def render(generated, progress):
        progress(30)
        started.set()
        assert gate.wait(30), "the test never opened the gate"
        progress(80)
        return "bao-cao.txt", b"made in a thread"

    files.register("test_gated", can_view=lambda user, unit: True, render=render)
    yield gate, started
    gate.set()
    jobs.threads_wait()


def _status(client, generated) -> str:
    return client.get(f"/files/{generated.pk}/", headers=HTMX).content.decode()


def test_the_in_process_runner_runs_a_job_after_commit_and_the_page_polls_to_done(
    settings, transactional_db, org, users, client, gated_kind
):
    settings.JOB_RUNNER = "threads"
    gate, started = gated_kind
    client.force_login(users["office"])
    with transaction.atomic():
        generated = files.generated_file_request(
            subject=org["department"], kind="test_gated", by=users["office"]
        )
        # Nothing starts before the row is committed: a runner would not see it.
        assert not started.wait(0.5)
    assert started.wait(30)  # now a pool thread runs it, while this test goes on

    running = _status(client, generated)
    assert '<progress max="100" value="30">' in running and "Đang tạo 30%" in running
    assert 'hx-trigger="every 2s"' in running  # the block asks again

    gate.set()
    jobs.threads_wait()
    done = _status(client, generated)
    assert "hx-trigger" not in done and "<progress" not in done
    assert f"/files/{generated.pk}/?download=1" in done
    download = client.get(f"/files/{generated.pk}/?download=1")
    assert b"".join(download.streaming_content) == b"made in a thread"


def test_a_job_that_fails_in_a_thread_says_so(settings, transactional_db, org, users, client):
    settings.JOB_RUNNER = "threads"

    def render(generated, progress):
        raise RuntimeError("disk full")

    files.register("test_broken", can_view=lambda user, unit: True, render=render)
    with transaction.atomic():
        generated = files.generated_file_request(
            subject=org["department"], kind="test_broken", by=None
        )
    jobs.threads_wait()
    client.force_login(users["office"])
    page = _status(client, generated)
    assert "Không tạo được tệp" in page and "hx-trigger" not in page
    generated.refresh_from_db()
    assert (generated.status, generated.error) == ("failed", "disk full")


def test_a_file_asked_for_again_unchanged_is_not_said_to_be_in_progress(
    org, users, login, eager_tasks, django_capture_on_commit_callbacks
):
    """The compiled report's page says what is true: made again, or ready as it was."""
    from tests.factories import CampaignFactory
    from tests.reports.factories import ReportingCycleFactory

    cycle = ReportingCycleFactory(campaign=CampaignFactory(issuing_unit=org["department"]))
    client = login(users["office"])
    url = reverse("reports:compiled", args=[cycle.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"kind": "reports_compiled_xlsx"})
    page = client.get(url).content.decode()
    assert "?download=1" in page and "<progress" not in page
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, {"kind": "reports_compiled_xlsx"}, follow=True).content.decode()
    assert "Dữ liệu không đổi từ phiên bản này: tệp đã sẵn sàng bên dưới." in again
    assert GeneratedFile.objects.count() == 1
