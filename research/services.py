"""Research tasks (nhiệm vụ KH&CN): who sees them, who records them, and saving with history.

The office of an organisation records the tasks of its units; leaders read them; unit staff
and heads read the tasks led by their unit's subtree.
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import workflow
from portal.phrases import NOT_ALLOWED
from portal.services import history_record
from portal.text import number, shown
from portal.workflow import WorkflowError
from units import access

from .models import ResearchTask

TRACKED_FIELDS = (
    "code",
    "title",
    "level",
    "unit",
    "start_date",
    "end_date",
    "accepted_on",
    "rating",
)


workflow.actions(
    ResearchTask,
    {
        "created": gettext_lazy("recorded the task"),
        "edited": gettext_lazy("edited the task"),
    },
)


def research_tasks_visible_to(user) -> QuerySet[ResearchTask]:
    return ResearchTask.objects.filter(access.scope_q(user, "unit__path"))


def can_record_research_tasks(user) -> bool:
    return access.can_manage_any_unit(user)


def can_edit_research_task(user, task: ResearchTask) -> bool:
    return access.has_role(user, *access.MANAGING_ROLES, unit=task.unit)


def _member_rows(task: ResearchTask) -> list[str]:
    return [
        f"{m.person.full_name}{' *' if m.is_lead else ''}: {number(m.contribution)} %"
        for m in task.members.select_related("person").order_by("-is_lead", "person__name_sort")
    ]


def _display(task: ResearchTask, field: str) -> str:
    value = getattr(task, field)
    if field in ("level", "rating"):
        return getattr(task, f"get_{field}_display")()
    return shown(value)


@transaction.atomic
def research_task_save(*, form, formset, by) -> ResearchTask:
    """Save a task and its members from a valid form and members formset, and record what
    changed in the task's history."""
    creating = form.instance.pk is None
    before = {}
    members_before: list[str] = []
    if form.instance.unit_id is None or not can_edit_research_task(by, form.instance):
        raise WorkflowError(NOT_ALLOWED)
    if not creating:
        previous = ResearchTask.objects.select_related("unit").get(pk=form.instance.pk)
        if not can_edit_research_task(by, previous):
            raise WorkflowError(NOT_ALLOWED)
        before = {f: _display(previous, f) for f in TRACKED_FIELDS}
        members_before = _member_rows(previous)
    task = form.save()
    formset.instance = task
    formset.save()
    after = {f: _display(task, f) for f in TRACKED_FIELDS}
    members_after = _member_rows(task)
    if creating:
        history_record(subject=task, by=by, action="created")
        return task
    changes = {
        str(ResearchTask._meta.get_field(f).verbose_name): [before[f], after[f]]
        for f in TRACKED_FIELDS
        if before[f] != after[f]
    }
    if members_before != members_after:
        changes[str(_("members"))] = ["; ".join(members_before), "; ".join(members_after)]
    if changes:
        history_record(subject=task, by=by, action="edited", changes=changes)
    return task
