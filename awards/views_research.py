"""Research tasks pages, and the round dossier downloads (PDF status, .docx)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from portal import audit, phrases
from portal.lists import ListSpec, list_response
from portal.models import DownloadRecord
from portal.services import history_for

from . import dossier, research
from .forms_research import MemberFormSet, ResearchTaskFilter, ResearchTaskForm
from .models import AwardRound, ResearchTaskMember

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
        template="awards/research/list.html",
        partial="awards/research/_rows.html",
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
        "awards/research/detail.html",
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
        return redirect("awards:research_detail", pk=saved.pk)
    return render(
        request,
        "awards/research/form.html",
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


# --- Dossier ------------------------------------------------------------------------------


def _dossier_round(request, pk) -> AwardRound:
    award_round = get_object_or_404(
        AwardRound.objects.select_related("campaign", "campaign__issuing_unit"), pk=pk
    )
    if not dossier.can_view_dossier(request.user, award_round):
        raise Http404
    return award_round


@login_required
def dossier_status(request, pk):
    """The dossier's status block; POST asks for it (a new version if the data changed)."""
    award_round = _dossier_round(request, pk)
    if request.method == "POST":
        generated = dossier.dossier_request(round=award_round, by=request.user)
    else:
        generated = dossier.dossier_latest(round=award_round)
    return render(
        request,
        "awards/documents/dossier_panel.html",
        {"round": award_round, "generated": generated},
    )


@login_required
@require_POST
def dossier_request_view(request, pk):
    award_round = _dossier_round(request, pk)
    dossier.dossier_request(round=award_round, by=request.user)
    return redirect("awards:dossier", pk=award_round.pk)


@login_required
@require_GET
def dossier_docx(request, pk, part):
    award_round = _dossier_round(request, pk)
    from . import docx_export

    builders = {"letter": docx_export.cover_letter_docx, "list": docx_export.nominee_list_docx}
    if part not in builders:
        raise Http404
    filename, content = builders[part](award_round)
    audit.download_record(
        request=request,
        kind=DownloadRecord.Kind.DOSSIER,
        what=filename,
        subject=award_round,
        unit=award_round.campaign.issuing_unit,
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
