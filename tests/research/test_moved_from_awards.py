"""Research tasks recorded while they were part of the awards app keep their rows, members
and history after the move: the tables stay, the content types change app."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from portal.models import HistoryEntry
from portal.services import history_for
from research.models import ResearchTask
from tests.factories import PersonFactory

BEFORE_THE_MOVE = [("awards", "0009_round_signers"), ("research", None)]


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    return executor


@pytest.mark.parametrize("new_type_made_early", [False, True])
@pytest.mark.django_db(transaction=True)
def test_a_task_recorded_in_awards_keeps_its_members_and_history(org, new_type_made_early):
    executor = _migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state(
        [("awards", "0009_round_signers"), ("contenttypes", "0002_remove_content_type_name")]
    ).apps
    old_types = old.get_model("contenttypes", "ContentType").objects
    person = PersonFactory(unit=org["school_a"])
    task = old.get_model("awards", "ResearchTask").objects.create(
        title="Ứng dụng trí tuệ nhân tạo trong dạy học",
        level="province",
        unit_id=org["school_a"].pk,
    )
    old.get_model("awards", "ResearchTaskMember").objects.create(
        task=task, person_id=person.pk, contribution=60, is_lead=True
    )
    old_type, _ = old_types.get_or_create(app_label="awards", model="researchtask")
    if new_type_made_early:
        old_types.get_or_create(app_label="research", model="researchtask")
    HistoryEntry.objects.create(content_type_id=old_type.pk, object_id=task.pk, action="created")

    _migrate()

    moved = ResearchTask.objects.get(pk=task.pk)
    assert moved.title == "Ứng dụng trí tuệ nhân tạo trong dạy học"
    assert [(m.person, m.is_lead) for m in moved.members.all()] == [(person, True)]
    assert [entry.action for entry in history_for(moved)] == ["created"]
    assert not ContentType.objects.filter(app_label="awards", model="researchtask").exists()
