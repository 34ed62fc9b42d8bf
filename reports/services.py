"""State changes of reporting cycles and yearly reports: one function per transition."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Campaign
from portal import uploads, workflow
from portal.phrases import NOT_ALLOWED
from portal.services import history_record, notify_users
from portal.uploads import signatures_of
from portal.workflow import Move, Transitions, WorkflowError
from units import access
from units.models import Role, RoleAssignment, Unit

from .figures import figures_stored
from .models import (
    EDITABLE_STATUSES,
    AttachmentKind,
    FigureKey,
    ReportAttachment,
    ReportFigure,
    ReportingCycle,
    ReportNarrative,
    ReportStatus,
    YearlyReport,
)
from .selectors import report_filers

REASON_NEEDED = gettext_lazy("Explain why you changed the figure computed by the portal.")
FIGURE_MISSING = gettext_lazy("This figure is required before the report can be submitted.")
NOT_A_PDF = gettext_lazy("The signed scan must be a PDF file.")


class ReportError(WorkflowError):
    """A change the rules do not allow; the message is shown to the user."""


class ReportIncomplete(ReportError):
    """`problems` maps "figure:<key>", "reason:<key>", "scan" or "__all__" to a message."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__(_("The report is not complete: correct the fields marked below."))


def is_filer(user, report) -> bool:
    """The unit's staff and head fill in, start and submit their unit's report."""
    return access.has_role(user, *access.UNIT_ROLES, unit=report.unit)


def manages_cycle(user, cycle) -> bool:
    """The office (or administrator) of the body that issued the campaign."""
    return access.has_role(user, *access.MANAGING_ROLES, unit=cycle.campaign.issuing_unit)


def is_reviewer(user, report) -> bool:
    return manages_cycle(user, report.cycle)


TRANSITIONS = Transitions(
    YearlyReport,
    [
        Move(
            "started",
            [ReportStatus.NOT_STARTED],
            ReportStatus.DRAFT,
            is_filer,
            gettext_lazy("started the report"),
        ),
        Move(
            "edited",
            EDITABLE_STATUSES,
            None,
            is_filer,
            gettext_lazy("edited the report"),
        ),
        Move(
            "submitted",
            [ReportStatus.DRAFT, ReportStatus.RETURNED],
            ReportStatus.SUBMITTED,
            is_filer,
            gettext_lazy("submitted the report"),
        ),
        Move(
            "returned",
            [ReportStatus.SUBMITTED],
            ReportStatus.RETURNED,
            is_reviewer,
            gettext_lazy("returned the report"),
        ),
        Move(
            "accepted",
            [ReportStatus.SUBMITTED],
            ReportStatus.ACCEPTED,
            is_reviewer,
            gettext_lazy("accepted the report"),
        ),
    ],
    error=ReportError,
)
workflow.actions(YearlyReport, {"reminded": gettext_lazy("reminded the unit")})
workflow.actions(
    ReportingCycle,
    {
        "opened": gettext_lazy("opened the cycle"),
        "closed": gettext_lazy("closed the cycle"),
        "closed_automatically": gettext_lazy("closed the cycle automatically"),
        "reopened": gettext_lazy("reopened the cycle"),
        "reminders_cancelled": gettext_lazy("cancelled the reminders not yet sent"),
        "auto_close_set": gettext_lazy("changed the automatic closing"),
    },
)
CYCLE_STATES = {"open": gettext_lazy("open"), "closed": gettext_lazy("closed")}

_RELATED = ("cycle", "cycle__campaign", "unit")


def _locked(report) -> YearlyReport:
    return workflow.lock(report, *_RELATED)


def _check(move: str, *, by, report) -> None:
    workflow.check(TRANSITIONS, TRANSITIONS[move], by=by, record=report)


# Cycles ------------------------------------------------------------------------------


def participating_units(campaign):
    """Every active unit in the subtree of a participant of the campaign."""
    paths = list(campaign.participants.values_list("path", flat=True))
    if not paths:
        return Unit.objects.none()
    q = Q()
    for path in paths:
        q |= Q(path__startswith=path)
    return Unit.objects.filter(q, active=True)


@transaction.atomic
def cycle_open(*, campaign: Campaign, year: int, by=None) -> tuple[ReportingCycle, int]:
    """Open the reporting cycle of a campaign for a year and a report for every
    participating unit. Idempotent: running it again only adds units that joined since.
    Returns the cycle and how many reports were created. `by` None: the daily job."""
    if by is not None and not access.has_role(
        by, *access.MANAGING_ROLES, unit=campaign.issuing_unit
    ):
        raise ReportError(NOT_ALLOWED)
    cycle, created = ReportingCycle.objects.get_or_create(
        campaign=campaign, year=year, defaults={"deadline": campaign.report_deadline(year)}
    )
    if created:
        history_record(subject=cycle, by=by, action="opened", to_state="open")
    existing = set(YearlyReport.objects.filter(cycle=cycle).values_list("unit_id", flat=True))
    missing = [
        YearlyReport(cycle=cycle, unit_id=unit_id)
        for unit_id in participating_units(campaign).values_list("pk", flat=True)
        if unit_id not in existing
    ]
    YearlyReport.objects.bulk_create(missing, ignore_conflicts=True, batch_size=1000)
    return cycle, len(missing)


def cycles_open_for_year(*, year: int) -> list[ReportingCycle]:
    """Open this year's cycle of every campaign running this year (the daily job)."""
    campaigns = Campaign.objects.filter(start_year__lte=year, end_year__gte=year)
    return [cycle_open(campaign=c, year=year)[0] for c in campaigns]


def _check_manager(cycle, by) -> None:
    if by is None or not manages_cycle(by, cycle):
        raise ReportError(NOT_ALLOWED)


def _locked_cycle(cycle) -> ReportingCycle:
    return ReportingCycle.objects.select_for_update().select_related("campaign").get(pk=cycle.pk)


@transaction.atomic
def cycle_close(*, cycle: ReportingCycle, by, reason: str, automatic: bool = False) -> bool:
    """Close a reporting cycle with a reason: no reminder is decided for it any more and
    its emails not yet sent are cancelled. `by` is the office (None only when the daily
    job closes it `automatic`ally). Returns False when it was already closed."""
    from portal.deliveries import deliveries_cancel

    from .reminders import cycle_group

    reason = (reason or "").strip()
    if not automatic:
        _check_manager(cycle, by)
        if not reason:
            raise ReportError(_("Give the reason for closing the cycle."))
    locked = _locked_cycle(cycle)
    if not locked.is_open:
        return False
    locked.is_open, locked.closed_at = False, timezone.now()
    locked.save(update_fields=["is_open", "closed_at"])
    cycle.is_open, cycle.closed_at = locked.is_open, locked.closed_at
    history_record(
        subject=locked,
        by=by,
        action="closed_automatically" if automatic else "closed",
        from_state="open",
        to_state="closed",
        note=reason,
    )
    cancelled = deliveries_cancel(
        group=cycle_group(locked.pk), note="cancelled: the reporting cycle was closed"
    )
    if cancelled:
        history_record(
            subject=locked,
            by=by,
            action="reminders_cancelled",
            note=_("%(n)s reminder emails not yet sent were cancelled.") % {"n": cancelled},
        )
    return True


@transaction.atomic
def cycle_reopen(*, cycle: ReportingCycle, by, reason: str) -> bool:
    """Open a closed cycle again (the office, with a reason): reminders resume from the
    next daily run. Returns False when it was open already."""
    _check_manager(cycle, by)
    reason = (reason or "").strip()
    if not reason:
        raise ReportError(_("Give the reason for reopening the cycle."))
    locked = _locked_cycle(cycle)
    if locked.is_open:
        return False
    locked.is_open, locked.closed_at = True, None
    locked.save(update_fields=["is_open", "closed_at"])
    cycle.is_open, cycle.closed_at = True, None
    history_record(
        subject=locked, by=by, action="reopened", from_state="closed", to_state="open", note=reason
    )
    return True


@transaction.atomic
def cycle_set_auto_close(*, cycle: ReportingCycle, by, days: int | None) -> None:
    """Set how many days after the deadline the daily job closes the cycle (None: never)."""
    _check_manager(cycle, by)
    if days is not None and not 0 <= days <= 366:
        raise ReportError(_("Give a number of days between 0 and 366."))
    locked = _locked_cycle(cycle)
    if locked.close_after_days == days:
        return
    history_record(
        subject=locked,
        by=by,
        action="auto_close_set",
        changes={"close_after_days": [locked.close_after_days, days]},
    )
    locked.close_after_days = days
    locked.save(update_fields=["close_after_days"])
    cycle.close_after_days = days


def cycles_close_due(*, today: datetime.date) -> list[ReportingCycle]:
    """The daily job: close each open cycle whose automatic closing day has come."""
    closed = []
    for cycle in ReportingCycle.objects.filter(is_open=True, close_after_days__isnull=False):
        closing_day = cycle.deadline + datetime.timedelta(days=cycle.close_after_days)
        if today < closing_day:
            continue
        reason = _("Closed automatically %(days)s days after the deadline %(deadline)s.") % {
            "days": cycle.close_after_days,
            "deadline": cycle.deadline.strftime("%d/%m/%Y"),
        }
        if cycle_close(cycle=cycle, by=None, reason=reason, automatic=True):
            closed.append(cycle)
    return closed


# Reports -----------------------------------------------------------------------------


def report_figures_refresh(*, report: YearlyReport) -> dict[str, ReportFigure]:
    """Bring the computed figures up to date; a figure the unit did not change follows.
    Returns the report's figures by key."""
    computed = figures_stored(unit=report.unit, year=report.cycle.year)
    current = {f.key: f for f in report.figures.all()}
    for key in FigureKey.values:
        figure = current.get(key)
        value = computed[key]
        if figure is None:
            current[key] = ReportFigure.objects.create(
                report=report, key=key, computed=value, value=value
            )
        elif figure.computed != value:
            if not figure.reason and figure.value == figure.computed:
                figure.value = value
            figure.computed = value
            figure.save(update_fields=["computed", "value"])
    return current


@transaction.atomic
def report_start(*, report: YearlyReport, by) -> YearlyReport:
    """Open the report for editing: not started → draft, figures filled from data (a report
    already started only has its computed figures brought up to date)."""
    return _report_start(_locked(report), by=by)[0]


def _report_start(report: YearlyReport, *, by) -> tuple[YearlyReport, dict[str, ReportFigure]]:
    """`report_start` on a report already locked; with its figures by key."""
    if report.status != ReportStatus.NOT_STARTED:
        _check("edited", by=by, report=report)
        return report, report_figures_refresh(report=report)
    figures = {}
    report = workflow.transition(
        report,
        TRANSITIONS,
        "started",
        by=by,
        locked=True,
        prepare=lambda locked: figures.update(report_figures_refresh(report=locked)),
    )
    return report, figures


def report_figures_preview(report: YearlyReport) -> list[ReportFigure]:
    """The figures the edit page shows, computed afresh but not saved (a GET writes
    nothing): what `report_figures_refresh` would store."""
    computed = figures_stored(unit=report.unit, year=report.cycle.year)
    current = {f.key: f for f in report.figures.all()}
    figures = []
    for key in FigureKey.values:
        figure = current.get(key)
        value = computed[key]
        if figure is None:
            figure = ReportFigure(report=report, key=key, computed=value, value=value)
        elif figure.computed != value:
            if not figure.reason and figure.value == figure.computed:
                figure.value = value
            figure.computed = value
        figures.append(figure)
    return figures


def attachment_check(upload, *, kind: str) -> str:
    """The checked content type of an upload; ReportError when it is too large, not of an
    accepted type (read from the content), or a signed scan that is not a PDF."""
    allowed = (uploads.PDF,) if kind == AttachmentKind.SIGNED_SCAN else tuple(uploads.ALLOWED)
    try:
        return uploads.upload_check(upload, allowed=allowed)
    except ValidationError as error:
        if error.code == "type" and kind == AttachmentKind.SIGNED_SCAN:
            raise ReportError(str(NOT_A_PDF)) from error
        raise ReportError(" ".join(error.messages)) from error


@transaction.atomic
def report_save(
    *,
    report: YearlyReport,
    by,
    figures: dict[str, tuple[int | None, str]],
    narratives: dict[int | None, str],
    uploads: list[tuple[str, object]] = (),
) -> YearlyReport:
    """Save the unit's figures (value, reason), narratives per theme (None: general) and
    new attachments. A figure that differs from the computed one needs a reason."""
    report = _locked(report)
    _check("edited", by=by, report=report)
    report, current = _report_start(report, by=by)
    problems = {}
    for key, (value, reason) in figures.items():
        figure = current.get(key)
        if figure is None:
            continue
        if value is not None and value != figure.computed and not (reason or "").strip():
            problems[f"reason:{key}"] = str(REASON_NEEDED)
    if problems:
        raise ReportIncomplete(problems)
    checked = [attachment_check(upload, kind=kind) for kind, upload in uploads]

    changes = {}
    for key, (value, reason) in figures.items():
        figure = current.get(key)
        if figure is None:
            continue
        reason = (reason or "").strip() if value != figure.computed else ""
        if figure.value != value or figure.reason != reason:
            changes[key] = [figure.value, value]
            figure.value, figure.reason = value, reason
            figure.save(update_fields=["value", "reason"])
    existing = {n.theme_id: n for n in report.narratives.all()}
    for theme_id, text in narratives.items():
        text = (text or "").strip()
        narrative = existing.get(theme_id)
        if narrative is None:
            if text:
                ReportNarrative.objects.create(report=report, theme_id=theme_id, text=text)
                changes[f"narrative:{theme_id or 'general'}"] = ["", "…"]
        elif narrative.text != text:
            narrative.text = text
            narrative.save(update_fields=["text"])
            changes[f"narrative:{theme_id or 'general'}"] = ["…", "…"]
    for (kind, upload), content_type in zip(uploads, checked, strict=True):
        if kind == AttachmentKind.SIGNED_SCAN:
            report.attachments.filter(kind=AttachmentKind.SIGNED_SCAN).delete()
        ReportAttachment.objects.create(
            report=report,
            kind=kind,
            file=upload,
            name=upload.name[:255],
            content_type=content_type,
            signatures=signatures_of(upload, content_type),
            size=upload.size,
            uploaded_by=by,
        )
        changes[f"attachment:{kind}"] = ["", upload.name]
    if changes:
        workflow.transition(
            report, TRANSITIONS, "edited", by=by, changes=changes, locked=True, touch=True
        )
    return report


def report_problems(report: YearlyReport) -> dict[str, str]:
    """What stops the report from being submitted (field name → message)."""
    problems = {}
    for figure in report.figures.all():
        if figure.value is None:
            problems[f"figure:{figure.key}"] = str(FIGURE_MISSING)
        elif figure.changed and not figure.reason:
            problems[f"reason:{figure.key}"] = str(REASON_NEEDED)
    if not report.figures.exists():
        problems["__all__"] = _("The figures have not been filled in.")
    if not report.attachments.filter(kind=AttachmentKind.SIGNED_SCAN).exists():
        problems["scan"] = _("Attach the signed scan of the report (PDF).")
    return problems


def is_late(submitted_at: datetime.datetime, deadline: datetime.date) -> bool:
    """Late when handed in after the deadline day, in Vietnam time."""
    return timezone.localtime(submitted_at).date() > deadline


def _office_users(cycle):
    campaign = cycle.campaign
    body = campaign.managing_unit or campaign.issuing_unit
    return {
        a.user
        for a in RoleAssignment.objects.filter(
            role=Role.OFFICE, unit__path__in=body.ancestor_paths, user__is_active=True
        ).select_related("user")
    }


def report_submit(*, report: YearlyReport, by, now=None) -> YearlyReport:
    def prepare(locked):
        problems = report_problems(locked)
        if problems:
            raise ReportIncomplete(problems)
        locked.submitted_at = now or timezone.now()
        locked.submitted_by = by
        locked.late = is_late(locked.submitted_at, locked.cycle.deadline)
        locked.returned_reason = ""
        return _("late") if locked.late else ""

    def notify(locked, move):
        notify_users(
            users=_office_users(locked.cycle),
            template="reports/email/submitted",
            context={"report": locked, "unit": locked.unit.name, "cycle": locked.cycle},
            url=reverse("reports:detail", args=[locked.pk]),
        )

    return workflow.transition(
        report,
        TRANSITIONS,
        "submitted",
        by=by,
        prepare=prepare,
        fields=["submitted_at", "submitted_by", "late", "returned_reason"],
        notify=notify,
        related=_RELATED,
    )


def report_return(*, report: YearlyReport, by, reason: str) -> YearlyReport:
    reason = (reason or "").strip()

    def prepare(locked):
        if not reason:
            raise ReportError(_("Give the reason for returning the report."))
        locked.returned_reason = reason

    def notify(locked, move):
        notify_users(
            users=report_filers(locked.unit),
            template="reports/email/returned",
            context={"report": locked, "reason": reason, "cycle": locked.cycle},
            url=reverse("reports:detail", args=[locked.pk]),
        )

    return workflow.transition(
        report,
        TRANSITIONS,
        "returned",
        by=by,
        note=reason,
        prepare=prepare,
        fields=["returned_reason"],
        notify=notify,
        related=_RELATED,
    )


def report_accept(*, report: YearlyReport, by) -> YearlyReport:
    def prepare(locked):
        locked.accepted_at = timezone.now()

    return workflow.transition(
        report,
        TRANSITIONS,
        "accepted",
        by=by,
        prepare=prepare,
        fields=["accepted_at"],
        related=_RELATED,
    )
