from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.lists import ListSpec, list_context, render_list
from units import access
from units.models import Unit

from . import rules, views_setup
from .filters import SORTS, CampaignFilter
from .models import AwardForm, Criterion, Phase, RecipientKind
from .selectors import campaigns_editable_by, campaigns_visible_to, with_current_phase

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
    return render(request, "campaigns/detail.html", _detail_context(request, campaign))


def _detail_context(request, campaign) -> dict:
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
    return {
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
    }


def _can_roll_up(user, campaign) -> bool:
    """The upper level's office, leaders and administrators see how the organisations below
    implement their campaign (units.access: the level above)."""
    issuer = campaign.issuing_unit
    return (
        issuer.parent_id is None
        and access.has_role(user, *access.ORGANISATION_ROLES, unit=issuer)
        and issuer.lower_organisations.exists()
    )


@login_required
def campaign_create_view(request):
    """The set-up's first step for a new campaign: saving it creates the campaign."""
    if not rules.can_create_campaign(request.user):
        raise Http404
    return views_setup.setup_step(request, None, "facts")


@login_required
def campaign_edit(request, pk):
    """The set-up's first step (the plan's facts) of a campaign."""
    campaign = get_object_or_404(campaigns_editable_by(request.user), pk=pk)
    return views_setup.setup_step(request, campaign, "facts")


@login_required
def campaign_setup(request, pk, step):
    """A later step of the set-up: phases, award forms and quotas, criteria, rubric."""
    campaign = get_object_or_404(campaigns_editable_by(request.user), pk=pk)
    if step not in views_setup.STEP_KEYS or step == "facts":
        raise Http404
    return views_setup.setup_step(request, campaign, step)


@login_required
def campaign_setup_summary(request, pk):
    """The whole campaign as the set-up left it, each part with a link back to its step."""
    editable = campaigns_editable_by(request.user).values("pk")
    campaign = get_object_or_404(_detail_queryset(request.user).filter(pk__in=editable), pk=pk)
    context = _detail_context(request, campaign)
    context.update(setup=True, steps=views_setup.steps_for(campaign, "summary"))
    return render(request, "campaigns/detail.html", context)
