"""Files rendered by a job: requested once per data version, polled, served only in scope."""

import pytest

from portal import files
from portal.models import GeneratedFile


@pytest.fixture
def eager(settings):
    from config import celery_app

    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def unit_summary_kind(eager):
    from units import access

    files.register(
        "test_unit_summary",
        can_view=lambda user, unit: access.units_visible_to(user).filter(pk=unit.pk).exists(),
        render=lambda generated, progress: (
            f"{generated.subject.code}.txt",
            f"{generated.subject.name}: {generated.subject.headcount}".encode(),
        ),
        fingerprint=lambda unit: [unit.name, unit.headcount],
    )


def test_file_is_rendered_once_per_data_version(
    unit_summary_kind, org, users, django_capture_on_commit_callbacks
):
    unit = org["school_a"]
    with django_capture_on_commit_callbacks(execute=True):
        first = files.generated_file_request(subject=unit, kind="test_unit_summary", by=None)
    first.refresh_from_db()
    assert (first.status, first.version, first.progress) == ("done", 1, 100)
    assert first.file.read().decode() == "Trường THPT An Lão: 90"

    with django_capture_on_commit_callbacks(execute=True):
        again = files.generated_file_request(subject=unit, kind="test_unit_summary", by=None)
    assert again.pk == first.pk

    unit.headcount = 91
    unit.save()
    with django_capture_on_commit_callbacks(execute=True):
        changed = files.generated_file_request(subject=unit, kind="test_unit_summary", by=None)
    changed.refresh_from_db()
    assert changed.version == 2
    assert changed.file.read().decode() == "Trường THPT An Lão: 91"
    assert GeneratedFile.objects.count() == 2


def test_file_is_served_only_to_users_who_may_see_it(
    unit_summary_kind, org, users, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        generated = files.generated_file_request(
            subject=org["school_a"], kind="test_unit_summary", by=None
        )
    client.force_login(users["staff_a"])
    response = client.get(f"/files/{generated.pk}/?download=1")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == "Trường THPT An Lão: 90"
    assert "THA.txt" in response["Content-Disposition"]

    for outsider in ("staff_b", "outsider"):
        client.force_login(users[outsider])
        assert client.get(f"/files/{generated.pk}/").status_code == 404
        assert client.get(f"/files/{generated.pk}/?download=1").status_code == 404


def test_pending_file_status_polls(unit_summary_kind, org, users, client):
    from django.contrib.contenttypes.models import ContentType

    pending = GeneratedFile.objects.create(
        kind="test_unit_summary",
        content_type=ContentType.objects.get_for_model(org["school_a"]),
        object_id=org["school_a"].pk,
        progress=40,
    )
    client.force_login(users["office"])
    page = client.get(f"/files/{pending.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "Đang chờ 40%" in page
