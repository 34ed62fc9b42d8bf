"""The API: every endpoint starts from the same selector as the pages, so whatever lies
outside the caller's scope is not found (404)."""

import datetime

from django.db.models import BooleanField, Case, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Query, Router, Status
from ninja.errors import AuthenticationError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from awards.models import AwardProposal
from awards.selectors import proposal_list_queryset, proposals_visible_to
from campaigns.selectors import campaigns_visible_to
from initiatives.selectors import identities_hidden_q, initiatives_visible_to
from portal.workflow import WorkflowError
from reports.forms import ReportForm
from reports.models import IN_STATUSES, FigureKey
from reports.rules import can_edit_report
from reports.selectors import reports_visible_to
from reports.services import ReportIncomplete, report_figures_preview, report_save
from units import access

from . import schemas
from .auth import BearerToken, TokenRateThrottle
from .decisions import decided_visible_to, decisions_export, decisions_of

PAGE_SIZE = 100
PAGE_MAX = 500
NOT_EDITABLE = gettext_lazy("The report has been submitted; it can no longer be edited.")

api = NinjaAPI(
    title="Cổng thi đua API",
    version="1",
    description=(
        "Đọc phong trào, đơn vị, sáng kiến, đề nghị khen thưởng và quyết định khen thưởng "
        "trong phạm vi của tài khoản; cập nhật số liệu báo cáo năm. Xác thực: "
        "`Authorization: Bearer <token>`."
    ),
    auth=BearerToken(),
    throttle=[TokenRateThrottle()],
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)

ERRORS = {401: schemas.Problem, 404: schemas.Problem, 422: schemas.Invalid, 429: schemas.Problem}


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    response = api.create_response(
        request,
        {"detail": _("Give a valid API token: Authorization: Bearer <token>.")},
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(Throttled)
def _throttled(request, exc):
    return api.create_response(
        request, {"detail": _("Too many requests: wait a moment, then try again.")}, status=429
    )


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    problems = [
        {"loc": [str(part) for part in error.get("loc", ())], "msg": _("This value is not valid.")}
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": problems}, status=422)


@api.exception_handler(WorkflowError)
def _refused(request, exc):
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=409)


def _page(queryset, after: int, limit: int):
    """Keyset pagination on the id: rows after `after`, at most `limit`, and the next key."""
    rows = list(queryset.filter(pk__gt=after).order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].pk if more else None)


def _unit_ref(unit) -> dict:
    return {"id": unit.pk, "code": unit.code, "name": unit.name}


# --- Campaigns -----------------------------------------------------------------------------

campaigns = Router(tags=["campaigns"])


def _campaign(campaign) -> dict:
    return {
        "id": campaign.pk,
        "title": campaign.title,
        "document_number": campaign.document_number,
        "document_date": campaign.document_date,
        "issuing_unit": _unit_ref(campaign.issuing_unit),
        "kind": campaign.kind,
        "start_year": campaign.start_year,
        "end_year": campaign.end_year,
    }


@campaigns.get("", response={200: list[schemas.CampaignOut], **ERRORS})
def campaign_list(request):
    """Campaigns the caller sees, newest first."""
    queryset = campaigns_visible_to(request.user).select_related("issuing_unit")
    return [_campaign(c) for c in queryset.order_by("-start_year", "id")]


@campaigns.get("/{int:campaign_id}", response={200: schemas.CampaignDetail, **ERRORS})
def campaign_detail(request, campaign_id: int):
    campaign = get_object_or_404(
        campaigns_visible_to(request.user).select_related("issuing_unit"), pk=campaign_id
    )
    phases = [
        {"kind": p.kind, "title": p.title, "start_date": p.start_date, "end_date": p.end_date}
        for p in campaign.phases.order_by("start_date", "id")
    ]
    return {**_campaign(campaign), "summary": campaign.summary, "phases": phases}


# --- Units ---------------------------------------------------------------------------------

units = Router(tags=["units"])


def _unit(unit) -> dict:
    return {
        **_unit_ref(unit),
        "kind": unit.kind,
        "parent_id": unit.parent_id,
        "headcount": unit.headcount,
        "active": unit.active,
    }


@units.get("", response={200: schemas.UnitPage, **ERRORS})
def unit_list(request, after: int = 0, limit: int = Query(PAGE_SIZE, ge=1, le=PAGE_MAX)):
    """Units within the caller's scope, by id; `after` is the last id of the previous page."""
    rows, next_after = _page(access.units_visible_to(request.user), after, limit)
    return {"items": [_unit(u) for u in rows], "next_after": next_after}


@units.get("/{int:unit_id}", response={200: schemas.UnitOut, **ERRORS})
def unit_detail(request, unit_id: int):
    return _unit(get_object_or_404(access.units_visible_to(request.user), pk=unit_id))


# --- Initiatives ---------------------------------------------------------------------------

initiatives = Router(tags=["initiatives"])


def _initiatives(user):
    """The selector of the pages, with whether blind review hides each row's unit."""
    return (
        initiatives_visible_to(user)
        .annotate(
            hidden=Case(
                When(identities_hidden_q(user), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("unit")
        .prefetch_related("recognitions")
    )


def _initiative(initiative) -> dict:
    return {
        "id": initiative.pk,
        "title": initiative.title,
        "campaign_id": initiative.campaign_id,
        "unit": None if initiative.hidden else _unit_ref(initiative.unit),
        "field": initiative.field,
        "year": initiative.year,
        "status": initiative.status,
        "recognitions": [
            {
                "level": r.level,
                "decision_number": r.decision_number,
                "decision_date": r.decision_date,
                "issuer": r.issuer,
            }
            for r in initiative.recognitions.all()
        ],
    }


@initiatives.get("", response={200: schemas.InitiativePage, **ERRORS})
def initiative_list(
    request,
    campaign: int | None = None,
    status: str | None = None,
    after: int = 0,
    limit: int = Query(PAGE_SIZE, ge=1, le=PAGE_MAX),
):
    """Initiatives the caller sees, by id (keyset pagination: `after` is the last id of the
    previous page, `next_after` the key of the next one)."""
    queryset = _initiatives(request.user)
    if campaign is not None:
        queryset = queryset.filter(campaign_id=campaign)
    if status:
        queryset = queryset.filter(status=status)
    rows, next_after = _page(queryset, after, limit)
    return {"items": [_initiative(i) for i in rows], "next_after": next_after}


@initiatives.get("/{int:initiative_id}", response={200: schemas.InitiativeOut, **ERRORS})
def initiative_detail(request, initiative_id: int):
    return _initiative(get_object_or_404(_initiatives(request.user), pk=initiative_id))


# --- Awards --------------------------------------------------------------------------------

awards = Router(tags=["awards"])


def _proposal(proposal: AwardProposal) -> dict:
    award_round = proposal.round
    return {
        "id": proposal.pk,
        "round": {
            "id": award_round.pk,
            "campaign_id": award_round.campaign_id,
            "kind": award_round.kind,
            "year": award_round.year,
        },
        "award_form": proposal.award_form.name,
        "nominee_kind": proposal.nominee_kind,
        "nominee_name": proposal.nominee_name,
        "proposing_unit": _unit_ref(proposal.proposing_unit),
        "status": proposal.status,
        "decision_number": proposal.decision_number,
        "decision_date": proposal.decision_date,
    }


@awards.get("/proposals", response={200: schemas.ProposalPage, **ERRORS})
def proposal_list(
    request,
    round: int | None = None,  # noqa: A002
    status: str | None = None,
    after: int = 0,
    limit: int = Query(PAGE_SIZE, ge=1, le=PAGE_MAX),
):
    """Award proposals the caller sees (`status=decided`: the awards granted)."""
    queryset = proposal_list_queryset(proposals_visible_to(request.user))
    if round is not None:
        queryset = queryset.filter(round_id=round)
    if status:
        queryset = queryset.filter(status=status)
    rows, next_after = _page(queryset, after, limit)
    return {"items": [_proposal(p) for p in rows], "next_after": next_after}


@awards.get("/proposals/{int:proposal_id}", response={200: schemas.ProposalOut, **ERRORS})
def proposal_detail(request, proposal_id: int):
    queryset = proposal_list_queryset(proposals_visible_to(request.user))
    return _proposal(get_object_or_404(queryset, pk=proposal_id))


# --- Decisions -----------------------------------------------------------------------------

decisions = Router(tags=["decisions"])


@decisions.get("", response={200: list[schemas.Decision], **ERRORS})
def decision_list(request, year: int | None = None):
    """Issued award decisions with their recipients, within the caller's scope."""
    return decisions_of(decided_visible_to(request.user, year=year))


@decisions.get("/export", response={200: schemas.DecisionExport, **ERRORS})
def decision_export(request, year: int | None = None, since: datetime.date | None = None):
    """The export for the national commendation database (Cơ sở dữ liệu quốc gia về thi
    đua, khen thưởng): decisions of `year` (by decision date) recorded or changed on or
    after `since`, each with its recipients. Persons carry their name, unit and birth year
    only."""
    return decisions_export(request.user, year=year, since=since)


# --- Yearly reports ------------------------------------------------------------------------

reports = Router(tags=["reports"])


def _report_or_404(user, report_id):
    return get_object_or_404(
        reports_visible_to(user).select_related("cycle", "cycle__campaign", "unit"),
        pk=report_id,
    )


def _report(user, report) -> dict:
    figures = report_figures_preview(report)
    return {
        "id": report.pk,
        "campaign_id": report.cycle.campaign_id,
        "year": report.cycle.year,
        "unit": _unit_ref(report.unit),
        "status": report.status,
        "editable": can_edit_report(user, report),
        "figures": [
            {
                "key": f.key,
                "label": str(FigureKey(f.key).label),
                "computed": f.computed,
                "value": f.value,
                "reason": f.reason,
            }
            for f in figures
        ],
    }


@reports.get("/{int:report_id}", response={200: schemas.ReportOut, **ERRORS})
def report_detail(request, report_id: int):
    """A yearly report with its figures (the computed ones brought up to date, unsaved)."""
    return _report(request.user, _report_or_404(request.user, report_id))


@reports.patch(
    "/{int:report_id}/figures",
    response={200: schemas.ReportOut, 409: schemas.Problem, **ERRORS},
)
def report_figures_update(request, report_id: int, payload: schemas.FiguresIn):
    """Change some figures of a report the caller files, while it is a draft or returned:
    the same checks as the report's page (a value differing from the computed one needs a
    reason), recorded in the report's history. 409 when the report was handed in."""
    report = _report_or_404(request.user, report_id)
    if not can_edit_report(request.user, report):
        if report.status in IN_STATUSES:
            return Status(409, {"detail": str(NOT_EDITABLE)})
        raise Http404
    figures = report_figures_preview(report)
    known = {f.key for f in figures}
    problems = [
        {"loc": ["body", "figures", i, "key"], "msg": _("There is no such figure.")}
        for i, item in enumerate(payload.figures)
        if item.key not in known
    ]
    if problems:
        return Status(422, {"detail": problems})
    given = {item.key: item for item in payload.figures}
    data = {}
    for figure in figures:
        item = given.get(figure.key)
        value = item.value if item else figure.value
        data[f"figure_{figure.key}"] = "" if value is None else str(value)
        data[f"reason_{figure.key}"] = item.reason if item else figure.reason
    form = ReportForm(data, report=report, figures=figures, themes=[], narratives={})
    if not form.is_valid():
        detail = []
        for name, errors in form.errors.items():
            key = name.split("_", 1)[1] if "_" in name else name
            detail += [{"loc": ["body", "figures", key], "msg": str(e)} for e in errors]
        return Status(422, {"detail": detail})
    changed = {k: v for k, v in form.figures_data().items() if k in given}
    try:
        report = report_save(report=report, by=request.user, figures=changed, narratives={})
    except ReportIncomplete as error:
        detail = [
            {"loc": ["body", "figures", key.split(":", 1)[-1]], "msg": message}
            for key, message in error.problems.items()
        ]
        return Status(422, {"detail": detail})
    return _report(request.user, _report_or_404(request.user, report.pk))


api.add_router("/v1/campaigns", campaigns)
api.add_router("/v1/units", units)
api.add_router("/v1/initiatives", initiatives)
api.add_router("/v1/awards", awards)
api.add_router("/v1/decisions", decisions)
api.add_router("/v1/reports", reports)
