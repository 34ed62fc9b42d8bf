"""Research task pages: the list, a task with its members and history, recording and editing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from portal import phrases
from portal.lists import ListSpec, list_response
from portal.services import history_for

from . import services as research
from .forms import MemberFormSet, ResearchTaskFilter, ResearchTaskForm
from .models import ResearchTaskMember

PAGE_SIZE = 30


LIST = ListSpec(
    sorts={
        "new": ("-id",),
        "old": ("id",),
        "title": ("title", "id"),
        "-title": ("-title", "-id"),
    },
    default="new",
    per_page=PAGE_SIZE,
    target="research-rows",
)


@login_required
@require_GET
def research_list(request):
    members = ResearchTaskMember.objects.select_related("person").order_by(
        "-is_lead", "person__name_sort"
    )
    queryset = (
        research.research_tasks_visible_to(request.user)
        .select_related("unit")
        .prefetch_related(Prefetch("members", queryset=members))
    )
    filterset = ResearchTaskFilter(request.GET or None, queryset=queryset, user=request.user)
    return list_response(
        request,
        LIST,
        rows=filterset.qs,
        filterset=filterset,
        template="research/list.html",
        partial="research/_rows.html",
        extra={"can_create": research.can_record_research_tasks(request.user)},
    )


@login_required
@require_GET
def research_detail(request, pk):
    task = get_object_or_404(
        research.research_tasks_visible_to(request.user).select_related("unit"), pk=pk
    )
    members = task.members.select_related("person", "person__unit").order_by(
        "-is_lead", "person__name_sort"
    )
    return render(
        request,
        "research/detail.html",
        {
            "task": task,
            "members": members,
            "history": history_for(task),
            "can_edit": research.can_edit_research_task(request.user, task),
        },
    )


def _edit(request, task=None):
    form = ResearchTaskForm(request.POST or None, instance=task, user=request.user)
    formset = MemberFormSet(
        request.POST or None, instance=task, user=request.user, prefix="members"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        saved = research.research_task_save(form=form, formset=formset, by=request.user)
        messages.success(request, phrases.SAVED)
        return redirect("research:detail", pk=saved.pk)
    return render(
        request,
        "research/form.html",
        {"form": form, "formset": formset, "task": task},
    )


@login_required
def research_create(request):
    if not research.can_record_research_tasks(request.user):
        raise Http404
    return _edit(request)


@login_required
def research_edit(request, pk):
    task = get_object_or_404(research.research_tasks_visible_to(request.user), pk=pk)
    if not research.can_edit_research_task(request.user, task):
        raise Http404
    return _edit(request, task)
