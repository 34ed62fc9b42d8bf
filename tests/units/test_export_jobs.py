"""The unit and people list exports are made by a job off the request, chunk by chunk, for
their requester alone."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portal import exports
from portal.models import GeneratedFile
from tests.factories import PersonFactory, UnitFactory
from tests.portal.test_jobs import progress_values


def _grow_units(org, n) -> list[str]:
    names = [f"Tổ chuyên môn {i:02d}" for i in range(n)]
    for i, name in enumerate(names):
        UnitFactory(parent=org["school_b"], code=f"TO{i:02d}", name=name)
    return names


def _grow_people(org, n) -> list[str]:
    names = [f"Nguyễn Văn {i:02d}" for i in range(n)]
    for name in names:
        PersonFactory(unit=org["school_b"], full_name=name)
    return names


# The list, how to add rows to it, the file kind, the file name and the column of the
# names the rows were given.
KINDS = [
    ("units:export_units", _grow_units, "units_export", "don-vi-", 1),
    ("units:export_people", _grow_people, "people_export", "ca-nhan-", 0),
]


@pytest.mark.parametrize(("url_name", "grow", "kind", "prefix", "column"), KINDS)
def test_an_export_is_not_made_in_the_request(
    login, users, org, url_name, grow, kind, prefix, column, eager_tasks,
    django_capture_on_commit_callbacks, monkeypatch,
):  # fmt: skip
    """Asking for the export answers with its page at once; the rows are written by the job,
    chunk by chunk, with the progress moving, and the file then downloads."""
    monkeypatch.setattr(exports, "CHUNK", 10)
    added = grow(org, 45)
    progress = progress_values(monkeypatch)
    client = login(users["office"])
    url = reverse(url_name)

    before = client.get(url)
    assert "<progress" not in before.content.decode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url)
    assert response.status_code == 302 and response["Location"] == url
    generated = GeneratedFile.objects.get()
    assert (generated.kind, generated.status, generated.file.name, generated.subject) == (
        kind,
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
    assert generated.filename.startswith(prefix) and generated.filename.endswith(".xlsx")
    # Written after each chunk of 10 rows: the percentage rises as the rows are written.
    assert progress == sorted(progress) and len(set(progress)) >= 5
    download = client.get(f"/files/{generated.pk}/?download=1")
    rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.values)
    names = [row[column] for row in rows[1:]]
    # Every row of the list, the 45 added among them; the page counted the same rows.
    assert len(names) == before.context["count"] and len(names) >= 45
    assert set(added) <= set(names)


@pytest.mark.parametrize(("url_name", "grow", "kind", "prefix", "column"), KINDS)
def test_only_the_requester_sees_the_export(
    login, users, org, url_name, grow, kind, prefix, column, job_file
):
    """Another department's office, or a colleague of the same office, cannot open the file
    even knowing its address, nor find it on their own export page."""
    grow(org, 2)
    client = login(users["office"])
    assert job_file(client, reverse(url_name)).status_code == 200
    generated = GeneratedFile.objects.get()
    for other in ("outsider", "leader"):
        client = login(users[other])
        assert client.get(f"/files/{generated.pk}/").status_code == 404
        assert client.get(f"/files/{generated.pk}/?download=1").status_code == 404
        assert f"/files/{generated.pk}/" not in client.get(reverse(url_name)).content.decode()


def test_an_export_follows_the_list_filters(login, users, org, job_file):
    """The workbook holds the filtered rows, and the page shows the export of the same
    filtered list only."""
    _grow_people(org, 3)
    PersonFactory(unit=org["school_a"], full_name="Mạc Thị Thu Hiền")
    client = login(users["office"])
    url = reverse("units:export_people")
    response = job_file(client, url + "?q=mac+thi")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert [r[0] for r in rows[1:]] == ["Mạc Thị Thu Hiền"]
    assert GeneratedFile.objects.get().params == {"query": "q=mac+thi"}
    assert "?download=1" in client.get(url + "?q=mac+thi").content.decode()
    assert "?download=1" not in client.get(url + "?q=nguyen").content.decode()
