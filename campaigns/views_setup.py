"""The campaign set-up in steps: the plan's facts, phases, award forms and quotas, criteria,
the rubric; each step a page of its own that saves what it holds, then a summary of the
whole campaign with a link back to each step. A new campaign is created by its first step;
editing a campaign goes through the same steps."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from portal import phrases

from .forms import (
    SECTIONS,
    AwardFormFormSet,
    CampaignFactsForm,
    CriterionFormSet,
    PhaseFormSetFactory,
    RubricFormSetFactory,
    ScoringForm,
    ThemeFormSet,
)
from .models import AwardForm, Campaign
from .selectors import issuing_units_for
from .services import CampaignPlan, campaign_create, campaign_update, stored_plan

# (key, label, formset prefix, formset class)
STEPS = [
    ("facts", gettext_lazy("Facts of the plan"), "themes", ThemeFormSet),
    ("phases", gettext_lazy("Phases"), "phases", PhaseFormSetFactory),
    ("awards", gettext_lazy("Award forms and quotas"), "award_forms", AwardFormFormSet),
    ("criteria", gettext_lazy("Criteria"), "criteria", CriterionFormSet),
    ("rubric", gettext_lazy("Scoring rubric"), "rubric", RubricFormSetFactory),
]
STEP_KEYS = [key for key, *_rest in STEPS]
HEADINGS = {prefix: heading for prefix, heading, _class in SECTIONS}


def step_url(campaign: Campaign, key: str) -> str:
    if key == "facts":
        return reverse("campaigns:edit", args=[campaign.pk])
    if key == "summary":
        return reverse("campaigns:setup_summary", args=[campaign.pk])
    return reverse("campaigns:setup", args=[campaign.pk, key])


def steps_for(campaign: Campaign | None, current: str, *, has_errors: bool = False) -> list:
    """The step indicator: each step with its link, whether it holds anything yet, and
    which is the current one."""
    counts = {}
    if campaign is not None:
        counts = {
            prefix: getattr(campaign, prefix).count()
            for _key, _label, prefix, _class in STEPS
            if prefix != "themes"
        }
    steps = []
    for number, (key, label, prefix, _class) in enumerate(STEPS, start=1):
        if key == "facts":
            done = campaign is not None
            state = _("saved") if done else _("not saved yet")
        else:
            done = counts.get(prefix, 0) > 0
            count = counts.get(prefix, 0)
            state = (
                ngettext("%(count)s row", "%(count)s rows", count) % {"count": count}
                if done
                else _("not filled in")
            )
        if key == current and has_errors:
            state = _("to correct")
        steps.append(
            {
                "key": key,
                "number": number,
                "label": label,
                "url": step_url(campaign, key) if campaign is not None else "",
                "done": done,
                "state": state,
                "current": key == current,
            }
        )
    steps.append(
        {
            "key": "summary",
            "number": len(STEPS) + 1,
            "label": _("Summary"),
            "url": step_url(campaign, "summary") if campaign is not None else "",
            "done": False,
            "state": "",
            "current": current == "summary",
        }
    )
    return steps


def _forms(request, campaign: Campaign | None, key: str):
    data = request.POST if request.method == "POST" else None
    instance = campaign or Campaign()
    _key, _label, prefix, formset_class = STEPS[STEP_KEYS.index(key)]
    main = None
    if key == "facts":
        initial = {}
        if campaign is None:
            root = issuing_units_for(request.user).order_by("path").first()
            initial = {"issuing_unit": root, "report_deadline_day": 15, "report_deadline_month": 12}
        main = CampaignFactsForm(data, instance=instance, user=request.user, initial=initial)
    elif key == "rubric":
        main = ScoringForm(data, instance=instance)
    kwargs = {}
    if prefix == "award_forms":
        kwargs["queryset"] = AwardForm.objects.prefetch_related("quotas")
    formset = formset_class(data, instance=instance, prefix=prefix, **kwargs)
    if prefix == "phases" and campaign is not None:
        formset.campaign_years = (campaign.start_year, campaign.end_year)
    return main, formset


def _error_summary(main, section) -> list[str]:
    """Each error named with its field (and row), for the top of the page."""
    lines = []
    if main is not None:
        for name, errors in main.errors.items():
            label = main.fields[name].label if name in main.fields else ""
            for error in errors:
                lines.append(f"{label}: {error}" if label else str(error))
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


def _save(request, campaign: Campaign | None, key: str, main, formset) -> Campaign:
    """The step's part put into the campaign as saved, and the whole saved by the service
    (which checks the actor, every rule and records the change)."""
    prefix = formset.prefix
    if campaign is None:
        values = dict(main.cleaned_data)
        participants = list(values.pop("participants", []))
        plan = CampaignPlan(
            values=values,
            participants=participants,
            themes=formset.rows(),
            removed={"themes": formset.removed()},
        )
        return campaign_create(plan=plan, by=request.user)
    plan = stored_plan(Campaign.objects.get(pk=campaign.pk))
    if main is not None:
        values = dict(main.cleaned_data)
        if "participants" in values:
            plan.participants = list(values.pop("participants"))
        plan.values.update(values)
    setattr(plan, prefix, formset.rows())
    plan.removed = {prefix: formset.removed()}
    return campaign_update(campaign=campaign, plan=plan, by=request.user)


def _after(campaign: Campaign, key: str, go: str) -> str:
    index = STEP_KEYS.index(key)
    if go == "next":
        following = STEP_KEYS[index + 1] if index + 1 < len(STEP_KEYS) else "summary"
        return step_url(campaign, following)
    if go == "back" and index > 0:
        return step_url(campaign, STEP_KEYS[index - 1])
    return step_url(campaign, key)


def setup_step(request, campaign: Campaign | None, key: str):
    main, formset = _forms(request, campaign, key)
    section = {"prefix": formset.prefix, "heading": HEADINGS[formset.prefix], "formset": formset}
    summary: list[str] = []
    if request.method == "POST":
        main_valid = main is None or main.is_valid()
        if formset.prefix == "rubric":
            formset.threshold = (
                main.cleaned_data.get("recognition_threshold") if main_valid else None
            )
        formset_valid = formset.is_valid()
        if main_valid and formset_valid:
            try:
                saved = _save(request, campaign, key, main, formset)
            except ValidationError as error:
                summary = list(error.messages)
            else:
                if campaign is None:
                    messages.success(request, _("The campaign has been created."))
                else:
                    messages.success(request, phrases.SAVED)
                return redirect(_after(saved, key, request.POST.get("go", "")))
        summary = summary or _error_summary(main, section)
        messages.error(request, phrases.NOT_SAVED)
    index = STEP_KEYS.index(key)
    return render(
        request,
        "campaigns/setup_step.html",
        {
            "campaign": campaign,
            "form": main,
            "section": section,
            "step": STEPS[index],
            "step_key": key,
            "step_number": index + 1,
            "step_count": len(STEPS),
            "steps": steps_for(campaign, key, has_errors=bool(summary)),
            "is_first": index == 0,
            "is_last": index == len(STEPS) - 1,
            "error_summary": summary,
        },
    )
