"""The initiative list export is made by a job off the request, chunk by chunk."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from initiatives.models import Status
from portal import exports
from portal.models import GeneratedFile
from tests.initiatives.factories import InitiativeFactory
from tests.portal.test_jobs import progress_values

SUBMITTED = Status.SUBMITTED


def test_an_export_is_not_made_in_the_request(
    login, users, org, campaign, eager_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    """Asking for the export answers with its page at once; the rows are written by the job,
    chunk by chunk, with the progress moving, and the file then downloads."""
    monkeypatch.setattr(exports, "CHUNK", 10)
    for n in range(45):
        InitiativeFactory(
            campaign=campaign, unit=org["school_a"], title=f"Sáng kiến {n:02d}", status=SUBMITTED
        )
    progress = progress_values(monkeypatch)
    client = login(users["office"])
    url = reverse("initiatives:export") + "?year=&sort=title"

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url)
    assert response.status_code == 302 and response["Location"] == url
    generated = GeneratedFile.objects.get()
    assert (generated.status, generated.file.name, generated.subject) == (
        "pending",
        "",
        users["office"],
    )
    assert progress == []  # nothing of the export was done in the request
    page = client.get(url).content.decode()
    assert '<progress max="100" value="0">' in page and "Đang chờ 0%" in page

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    generated.refresh_from_db()
    assert (generated.status, generated.progress) == ("done", 100)
    # Written after each chunk of 10 rows: the percentage rises as the rows are written.
    assert progress == sorted(progress) and len(set(progress)) >= 5
    download = client.get(f"/files/{generated.pk}/?download=1")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.values)
    assert len(rows) == 46 and rows[1][1] == "Sáng kiến 00"
    # Another user cannot open it, even knowing its address.
    assert login(users["leader"]).get(f"/files/{generated.pk}/").status_code == 404


def test_an_export_follows_the_list_and_waits_for_its_own_request(login, users, org, campaign):
    """The page shows the latest export of the same filtered list only."""
    client = login(users["office"])
    client.post(reverse("initiatives:export") + "?year=2025")
    assert GeneratedFile.objects.get().params == {"query": "year=2025"}
    assert "<progress" in client.get(reverse("initiatives:export") + "?year=2025").content.decode()
    other = client.get(reverse("initiatives:export") + "?year=2024").content.decode()
    assert "<progress" not in other
