from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import phrases
from portal.lists import ListSpec, list_context, render_list
from units import access
from units.models import Unit

from . import rules
from .filters import SORTS, CampaignFilter
from .forms import SECTIONS, CampaignForm
from .models import AwardForm, Campaign, Criterion, Phase, RecipientKind
from .selectors import (
    campaigns_editable_by,
    campaigns_visible_to,
    issuing_units_for,
    with_current_phase,
)
from .services import CampaignPlan, campaign_create, campaign_update

PAGE_SIZE = 20
LIST = ListSpec(sorts=SORTS, default="new", per_page=PAGE_SIZE, target="campaign-rows")


@login_required
def campaign_list(request):
    visible = campaigns_visible_to(request.user)
    campaigns = with_current_phase(visible.select_related("issuing_unit"))
    issuers = Unit.objects.filter(pk__in=visible.values("issuing_unit"))
    filterset = CampaignFilter(
        request.GET, queryset=campaigns, issuing_units=issuers.order_by("path")
    )
    context = list_context(request, LIST, rows=filterset.qs, filterset=filterset)
    for campaign in context["page"]:
        kind = campaign.current_phase_kind
        campaign.current_phase_label = Phase.Kind(kind).label if kind else ""
    context["can_create"] = rules.can_create_campaign(request.user)
    return render_list(
        request, template="campaigns/list.html", partial="campaigns/_rows.html", context=context
    )


def _detail_queryset(user):
    return (
        campaigns_visible_to(user)
        .select_related("issuing_unit", "managing_unit", "basis", "created_by")
        .prefetch_related(
            "themes",
            "phases",
            "participants",
            "rubric",
            Prefetch("award_forms", queryset=AwardForm.objects.prefetch_related("quotas")),
            Prefetch("criteria", queryset=Criterion.objects.order_by("applies_to", "order", "id")),
        )
    )


def _criteria_groups(criteria) -> list[dict]:
    """Criteria by recipient kind; alternatives (same non-zero group) listed together."""
    out = []
    for applies_to, label in (
        (RecipientKind.COLLECTIVE, _("Collectives")),
        (RecipientKind.INDIVIDUAL, _("Individuals")),
    ):
        rows = [c for c in criteria if c.applies_to == applies_to]
        blocks, seen = [], {}
        for criterion in rows:
            if criterion.group:
                if criterion.group not in seen:
                    seen[criterion.group] = {"alternatives": True, "items": []}
                    blocks.append(seen[criterion.group])
                seen[criterion.group]["items"].append(criterion)
            else:
                blocks.append({"alternatives": False, "items": [criterion]})
        for block in blocks:
            if len(block["items"]) == 1:
                block["alternatives"] = False
        out.append({"label": label, "blocks": blocks, "count": len(rows)})
    return out


@login_required
def campaign_detail(request, pk):
    campaign = get_object_or_404(_detail_queryset(request.user), pk=pk)
    today = timezone.localdate()
    phases = list(campaign.phases.all())
    current = campaign.current_phase(today)
    timeline = []
    for phase in phases:
        if phase == current:
            state = "current"
        elif phase.start_date <= today:
            state = "past"
        else:
            state = "future"
        timeline.append({"phase": phase, "state": state})
    rubric = list(campaign.rubric.all())
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "timeline": timeline,
            "current_phase": current,
            "criteria_groups": _criteria_groups(list(campaign.criteria.all())),
            "rubric": rubric,
            "rubric_total": sum((r.max_points for r in rubric), 0),
            "can_edit": rules.can_edit_campaign(request.user, campaign),
            "basis_visible": campaign.basis_id is not None
            and campaigns_visible_to(request.user).filter(pk=campaign.basis_id).exists(),
            "can_roll_up": _can_roll_up(request.user, campaign),
        },
    )


def _can_roll_up(user, campaign) -> bool:
    """The upper level's office, leaders and administrators see how the organisations below
    implement their campaign (units.access: the level above)."""
    issuer = campaign.issuing_unit
    return (
        issuer.parent_id is None
        and access.has_role(user, *access.ORGANISATION_ROLES, unit=issuer)
        and issuer.lower_organisations.exists()
    )


def _bind(request, campaign: Campaign | None):
    data = request.POST if request.method == "POST" else None
    instance = campaign or Campaign()
    initial = {}
    if campaign is None:
        units = issuing_units_for(request.user).order_by("path")
        root = units.first()
        initial = {"issuing_unit": root, "report_deadline_day": 15, "report_deadline_month": 12}
    main = CampaignForm(data, instance=instance, user=request.user, initial=initial)
    sections = []
    for prefix, heading, formset_class in SECTIONS:
        kwargs = {}
        if prefix == "award_forms":
            kwargs["queryset"] = AwardForm.objects.prefetch_related("quotas")
        formset = formset_class(data, instance=instance, prefix=prefix, **kwargs)
        sections.append({"prefix": prefix, "heading": heading, "formset": formset})
    return main, sections


def _error_summary(main, sections) -> list[str]:
    """Each error named with its section, row and field, for the top of the page."""
    lines = []
    for name, errors in main.errors.items():
        label = main.fields[name].label if name in main.fields else ""
        for error in errors:
            lines.append(f"{label}: {error}" if label else str(error))
    for section in sections:
        formset = section["formset"]
        for error in formset.non_form_errors():
            lines.append(f"{section['heading']}: {error}")
        for index, form in enumerate(formset.forms, start=1):
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                for error in errors:
                    where = _("%(section)s, row %(row)s") % {
                        "section": section["heading"],
                        "row": index,
                    }
                    lines.append(f"{where} — {label}: {error}" if label else f"{where}: {error}")
    return lines


def _campaign_form(request, campaign: Campaign | None):
    main, sections = _bind(request, campaign)
    summary: list[str] = []
    if request.method == "POST":
        main_valid = main.is_valid()
        if main_valid:
            years = (main.cleaned_data.get("start_year"), main.cleaned_data.get("end_year"))
        else:
            years = (None, None)
        formsets = {s["prefix"]: s["formset"] for s in sections}
        formsets["phases"].campaign_years = years
        formsets["rubric"].threshold = (
            main.cleaned_data.get("recognition_threshold") if (main_valid) else None
        )
        results = [fs.is_valid() for fs in formsets.values()]  # validate every one
        formsets_valid = all(results)
        if main_valid and formsets_valid:
            data = dict(main.cleaned_data)
            participants = list(data.pop("participants", []))
            plan = CampaignPlan(
                values=data,
                participants=participants,
                removed={p: fs.removed() for p, fs in formsets.items()},
                **{p: fs.rows() for p, fs in formsets.items()},
            )
            try:
                if campaign is None:
                    saved = campaign_create(plan=plan, by=request.user)
                    messages.success(request, _("The campaign has been created."))
                else:
                    saved = campaign_update(campaign=campaign, plan=plan, by=request.user)
                    messages.success(request, phrases.SAVED)
                return redirect("campaigns:detail", saved.pk)
            except ValidationError as error:
                summary = list(error.messages)
        summary = summary or _error_summary(main, sections)
        messages.error(request, phrases.NOT_SAVED)
    return render(
        request,
        "campaigns/form.html",
        {"form": main, "sections": sections, "campaign": campaign, "error_summary": summary},
    )


@login_required
def campaign_create_view(request):
    if not rules.can_create_campaign(request.user):
        raise Http404
    return _campaign_form(request, None)


@login_required
def campaign_edit(request, pk):
    campaign = get_object_or_404(campaigns_editable_by(request.user), pk=pk)
    return _campaign_form(request, campaign)
