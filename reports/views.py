from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from campaigns.selectors import campaigns_visible_to
from portal import audit, files, uploads, workflow
from portal.http import safe_next
from portal.lists import ListSpec, is_partial, list_context, render_list
from portal.models import DownloadRecord
from portal.phrases import SAVED, SAVED_NOT_SENT
from portal.services import history_for
from portal.text import number
from units import access
from units.models import Unit

from . import rules
from .charts import cycle_charts
from .filters import CycleReportFilter
from .forms import CycleAutoCloseForm, CycleStateForm, OpenCycleForm, ReportForm, ReturnForm
from .models import (
    IN_STATUSES,
    PENDING_STATUSES,
    ReminderLog,
    ReportAttachment,
    ReportStatus,
)
from .reminders import reminder_send_all, reminder_send_now
from .selectors import (
    can_view_statistics,
    cycle_counts,
    cycles_visible_to,
    reports_visible_to,
    statistics_organisations_of,
    statistics_units_visible_to,
)
from .services import (
    CYCLE_STATES,
    ReportError,
    ReportIncomplete,
    cycle_close,
    cycle_open,
    cycle_reopen,
    cycle_set_auto_close,
    report_accept,
    report_figures_preview,
    report_return,
    report_save,
    report_submit,
)

PAGE_SIZE = 50


def _history(report) -> list[dict]:
    return [
        {
            "entry": entry,
            "action": workflow.entry_label(entry),
            "state": ReportStatus(entry.to_state).label
            if entry.to_state in ReportStatus.values
            else "",
        }
        for entry in history_for(report)
    ]


@login_required
def report_list(request):
    """The user's units' reports, and for the office the cycles with their counts."""
    own = (
        reports_visible_to(request.user)
        .filter(access.scope_q(request.user, "unit__path", access.UNIT_ROLES))
        .select_related("cycle__campaign", "unit")
        .order_by("-cycle__year", "cycle__deadline", "unit__path")
    )
    page = Paginator(own, PAGE_SIZE).get_page(request.GET.get("page"))
    pending = Q(reports__status__in=(ReportStatus.NOT_STARTED, ReportStatus.DRAFT))
    cycles = (
        cycles_visible_to(request.user)
        .select_related("campaign")
        .annotate(
            total=Count("reports"),
            handed_in=Count("reports", filter=Q(reports__status__in=IN_STATUSES)),
            missing=Count("reports", filter=pending),
        )
        .order_by("-year", "deadline", "campaign__title")
    )
    open_form = None
    if rules.can_open_cycles(request.user):
        open_form = OpenCycleForm(
            campaigns=campaigns_visible_to(request.user).filter(
                access.scope_q(request.user, "issuing_unit__path", access.MANAGING_ROLES)
            ),
            initial={"year": timezone.localdate().year},
        )
    return render(
        request,
        "reports/list.html",
        {"page": page, "cycles": cycles, "open_form": open_form, "today": timezone.localdate()},
    )


@login_required
@require_POST
def cycle_open_view(request):
    if not rules.can_open_cycles(request.user):
        raise Http404
    campaigns = campaigns_visible_to(request.user).filter(
        access.scope_q(request.user, "issuing_unit__path", access.MANAGING_ROLES)
    )
    form = OpenCycleForm(request.POST, campaigns=campaigns)
    if not form.is_valid():
        messages.error(request, _("Choose a campaign and a year."))
        return redirect("reports:list")
    cycle, created = cycle_open(
        campaign=form.cleaned_data["campaign"], year=form.cleaned_data["year"], by=request.user
    )
    messages.success(
        request,
        _("The %(year)s reporting cycle is open: %(n)s new reports.")
        % {"year": cycle.year, "n": created},
    )
    return redirect("reports:cycle", pk=cycle.pk)


def _report_or_404(request, pk):
    return get_object_or_404(
        reports_visible_to(request.user).select_related(
            "cycle__campaign__issuing_unit", "unit", "submitted_by__person"
        ),
        pk=pk,
    )


@login_required
def report_detail(request, pk):
    report = _report_or_404(request, pk)
    figures = list(report.figures.all())
    order = {key: i for i, key in enumerate(f.key for f in figures)}
    narratives = list(report.narratives.select_related("theme").order_by("theme__order", "id"))
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "cycle": report.cycle,
            "figures": sorted(figures, key=lambda f: order[f.key]),
            "narratives": narratives,
            "attachments": report.attachments.all(),
            "history": _history(report),
            "can_edit": rules.can_edit_report(request.user, report),
            "can_review": rules.can_review_report(request.user, report),
            "return_form": ReturnForm(),
            "reminders": report.cycle.reminders.filter(unit=report.unit).order_by("-id")[:10],
        },
    )


def _form_for(report, data=None, files_=None, figures=None):
    figures = list(report.figures.all()) if figures is None else figures
    themes = list(report.cycle.campaign.themes.all())
    narratives = {n.theme_id: n.text for n in report.narratives.all()}
    return ReportForm(
        data, files_, report=report, figures=figures, themes=themes, narratives=narratives
    )


@login_required
def report_edit(request, pk):
    report = _report_or_404(request, pk)
    if not rules.can_edit_report(request.user, report):
        if report.status not in PENDING_STATUSES:
            messages.error(request, _("The report has been submitted; it can no longer be edited."))
            return redirect("reports:detail", pk=report.pk)
        raise Http404
    if request.method == "GET":
        # Reading the page writes nothing: the figures are computed afresh for the form,
        # and the report is started (with its history row) by the first save.
        form = _form_for(report, figures=report_figures_preview(report))
        return render(request, "reports/edit.html", {"report": report, "form": form})

    form = _form_for(report, request.POST, request.FILES, figures=report_figures_preview(report))
    submit = request.POST.get("action") == "submit"
    if form.is_valid():
        try:
            report = report_save(
                report=report,
                by=request.user,
                figures=form.figures_data(),
                narratives=form.narratives_data(),
                uploads=form.uploads(),
            )
        except ReportIncomplete as error:
            form.add_problems(error.problems)
            messages.error(request, str(error))
        except ReportError as error:
            form.add_error("scan" if "PDF" in str(error) else None, str(error))
            messages.error(request, str(error))
        else:
            if not submit:
                messages.success(request, SAVED)
                return redirect("reports:edit", pk=report.pk)
            try:
                report_submit(report=report, by=request.user)
            except ReportIncomplete as error:
                form = _form_for(report, request.POST)
                form.is_valid()
                form.add_problems(error.problems)
                messages.error(request, SAVED_NOT_SENT)
            except ReportError as error:
                messages.error(request, str(error))
                return redirect("reports:detail", pk=report.pk)
            else:
                messages.success(request, _("The report has been submitted."))
                return redirect("reports:detail", pk=report.pk)
    else:
        messages.error(request, _("Correct the fields marked below; nothing has been saved."))
    return render(request, "reports/edit.html", {"report": report, "form": form}, status=200)


@login_required
@require_POST
def report_return_view(request, pk):
    report = _report_or_404(request, pk)
    if not rules.can_manage_cycle(request.user, report.cycle):
        raise Http404
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for returning the report."))
        return redirect("reports:detail", pk=report.pk)
    try:
        report_return(report=report, by=request.user, reason=form.cleaned_data["reason"])
    except ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The report has been returned to the unit."))
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def report_accept_view(request, pk):
    report = _report_or_404(request, pk)
    if not rules.can_manage_cycle(request.user, report.cycle):
        raise Http404
    try:
        report_accept(report=report, by=request.user)
    except ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The report has been accepted."))
    return redirect("reports:detail", pk=report.pk)


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(
        ReportAttachment.objects.filter(report__in=reports_visible_to(request.user)), pk=pk
    )
    audit.download_record(
        request=request,
        kind=DownloadRecord.Kind.ATTACHMENT,
        what=attachment.name,
        subject=attachment,
        unit=attachment.report.unit,
    )
    return uploads.upload_response(
        attachment.file, content_type=attachment.content_type, name=attachment.name
    )


def _cycle_or_404(request, pk):
    return get_object_or_404(
        cycles_visible_to(request.user).select_related("campaign__issuing_unit"), pk=pk
    )


# The reports of a cycle, one per unit, in the unit tree's order.
CYCLE_REPORTS = ListSpec(
    sorts={"unit": ("unit__path", "id"), "-unit": ("-unit__path", "-id")},
    default="unit",
    per_page=PAGE_SIZE,
    target="cycle-report-rows",
)


@login_required
def cycle_dashboard(request, pk):
    cycle = _cycle_or_404(request, pk)
    reports = cycle.reports.select_related("unit")
    last_reminder = (
        ReminderLog.objects.filter(cycle=cycle, unit=OuterRef("unit_id"), sent_at__isnull=False)
        .order_by("-sent_at")
        .values("sent_at")[:1]
    )
    reports = reports.annotate(last_reminded=Subquery(last_reminder))
    units = Unit.objects.filter(pk__in=cycle.reports.values("unit_id")).order_by("path")
    filterset = CycleReportFilter(request.GET or None, queryset=reports, units=units)
    context = list_context(request, CYCLE_REPORTS, rows=filterset.qs, filterset=filterset)
    context.update(
        {
            "cycle": cycle,
            "today": timezone.localdate(),
            "can_manage": rules.can_manage_cycle(request.user, cycle),
        }
    )
    if not is_partial(request):
        context["counts"] = cycle_counts(cycle)
        context["charts"] = cycle_charts(cycle, context["today"], context["counts"]["total"])
        context["can_view_statistics"] = can_view_statistics(request.user)
    return render_list(
        request, template="reports/cycle.html", partial="reports/_cycle_rows.html", context=context
    )


@login_required
@require_POST
def cycle_remind(request, pk, unit_pk):
    cycle = _cycle_or_404(request, pk)
    if not rules.can_manage_cycle(request.user, cycle):
        raise Http404
    report = get_object_or_404(cycle.reports.select_related("unit"), unit_id=unit_pk)
    try:
        reminder_send_now(cycle=cycle, unit=report.unit, by=request.user)
    except ReportError as error:
        messages.warning(request, str(error))
    else:
        messages.success(
            request, _("A reminder is on its way to %(unit)s.") % {"unit": report.unit.name}
        )
    return redirect(safe_next(request, cycle_url(cycle)))


@login_required
@require_POST
def cycle_remind_all(request, pk):
    """One POST reminds every unit of the cycle whose report is still pending."""
    cycle = _cycle_or_404(request, pk)
    if not rules.can_manage_cycle(request.user, cycle):
        raise Http404
    try:
        result = reminder_send_all(cycle=cycle, by=request.user)
    except ReportError as error:
        messages.warning(request, str(error))
    else:
        if result["reminded"]:
            messages.success(
                request,
                ngettext(
                    "A reminder is on its way to %(n)s unit.",
                    "A reminder is on its way to %(n)s units.",
                    result["reminded"],
                )
                % {"n": number(result["reminded"])},
            )
        if result["skipped"]:
            messages.info(
                request,
                ngettext(
                    "%(n)s unit was already reminded today and is not reminded again.",
                    "%(n)s units were already reminded today and are not reminded again.",
                    result["skipped"],
                )
                % {"n": number(result["skipped"])},
            )
        if not result["reminded"] and not result["skipped"]:
            messages.info(request, _("Every unit has handed in its report: nobody to remind."))
    return redirect(safe_next(request, cycle_url(cycle)))


CYCLE_ACTIONS = ("close", "reopen", "auto_close")


@login_required
def cycle_state(request, pk):
    """Close a cycle or reopen it (with a reason), and set its automatic closing."""
    cycle = _cycle_or_404(request, pk)
    if not rules.can_manage_cycle(request.user, cycle):
        raise Http404
    state_form = CycleStateForm()
    auto_form = CycleAutoCloseForm(initial={"close_after_days": cycle.close_after_days})
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in CYCLE_ACTIONS:
            raise Http404
        try:
            if action == "auto_close":
                auto_form = CycleAutoCloseForm(request.POST)
                if auto_form.is_valid():
                    days = auto_form.cleaned_data["close_after_days"]
                    cycle_set_auto_close(cycle=cycle, by=request.user, days=days)
                    messages.success(request, str(SAVED))
                    return redirect("reports:cycle_state", pk=cycle.pk)
            else:
                state_form = CycleStateForm(request.POST)
                if state_form.is_valid():
                    service = cycle_close if action == "close" else cycle_reopen
                    service(cycle=cycle, by=request.user, reason=state_form.cleaned_data["reason"])
                    messages.success(
                        request,
                        _("The reporting cycle is closed: no reminder is sent for it.")
                        if action == "close"
                        else _("The reporting cycle is open again."),
                    )
                    return redirect("reports:cycle_state", pk=cycle.pk)
        except ReportError as error:
            messages.error(request, str(error))
    entries = [
        {
            "entry": entry,
            "action": workflow.entry_label(entry),
            "from": CYCLE_STATES.get(entry.from_state, ""),
            "to": CYCLE_STATES.get(entry.to_state, ""),
        }
        for entry in history_for(cycle)
    ]
    return render(
        request,
        "reports/cycle_state.html",
        {"cycle": cycle, "state_form": state_form, "auto_form": auto_form, "history": entries},
    )


def cycle_url(cycle):
    return reverse("reports:cycle", args=[cycle.pk])


@login_required
def cycle_compiled(request, pk):
    from .compiled import COMPILED_KINDS, compiled_data

    cycle = _cycle_or_404(request, pk)
    if request.method == "POST":
        kind = request.POST.get("kind")
        if kind not in COMPILED_KINDS:
            raise Http404
        generated = files.generated_file_request(subject=cycle, kind=kind, by=request.user)
        if generated.status == generated.Status.DONE:
            messages.info(request, _("Nothing changed since this version: it is ready below."))
        else:
            messages.info(request, _("The file has been requested; its progress is shown below."))
        return redirect("reports:compiled", pk=cycle.pk)
    generated = {kind: files.latest_file(subject=cycle, kind=kind) for kind in COMPILED_KINDS}
    return render(
        request,
        "reports/compiled.html",
        {
            "cycle": cycle,
            "data": compiled_data(cycle),
            "generated": generated,
            "can_view_statistics": can_view_statistics(request.user),
        },
    )


STATISTICS_FORMATS = ("pdf", "xlsx")


def _statistics_year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2000), 2100)


@login_required
def statistics_index(request):
    """The statistics forms of the user's organisations for a year."""
    from .statistics import FORMS, REPLACED_BY, reporting_period

    organisations = statistics_organisations_of(request.user)
    if not can_view_statistics(request.user, organisations):
        raise Http404
    year = _statistics_year(request)
    start, end = reporting_period(year)
    return render(
        request,
        "reports/statistics.html",
        {
            "organisations": organisations,
            "forms": FORMS,
            "formats": STATISTICS_FORMATS,
            "year": year,
            "period_start": start,
            "period_end": end,
            "replaced_by": REPLACED_BY,
        },
    )


@login_required
def statistics_download(request, unit_pk, form, year, fmt):
    """One biểu of one organisation and year, as PDF or .xlsx, made by a job: GET shows the
    latest file and its progress, POST asks for a new one; outside one's scope, 404."""
    from . import statistics

    if form not in statistics.FORMS or fmt not in STATISTICS_FORMATS or not 2000 <= year <= 2100:
        raise Http404
    organisation = get_object_or_404(statistics_units_visible_to(request.user), pk=unit_pk)
    params = statistics.statistics_params(form=form, year=year, fmt=fmt)
    if request.method == "POST":
        files.generated_file_request(
            subject=organisation, kind=statistics.KIND, by=request.user, force=True, params=params
        )
        return redirect(request.path)
    generated = files.latest_file(subject=organisation, kind=statistics.KIND, params=params)
    return render(
        request,
        "reports/statistics_file.html",
        {
            "organisation": organisation,
            "form": form,
            "year": year,
            "fmt": fmt,
            "generated": generated,
        },
    )
