"""The campaign set-up form: the main form and one inline formset per kind of row.

Every rule comes from services.py; the forms only attach its messages to the fields.
"""

from django import forms
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from portal.dates import DateField
from portal.http import INT_MAX
from units.models import PersonKind, UnitKind

from .models import (
    AwardForm,
    AwardQuota,
    Campaign,
    Criterion,
    PartialYear,
    Phase,
    RatioScope,
    RubricCriterion,
    Theme,
)
from .selectors import campaigns_visible_to, issuing_units_for
from .services import (
    award_title_errors,
    criterion_errors,
    phase_errors,
    phases_order_errors,
    quota_errors,
    rubric_errors,
    years_errors,
)


def date_field(label, required=False, help_text=""):
    return DateField(label=label, required=required, help_text=help_text)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return f"{'— ' * unit.depth}{unit.name}"


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, unit):
        return f"{'— ' * unit.depth}{unit.name}"


class CampaignForm(forms.ModelForm):
    document_date = date_field(
        _("Document date"), help_text=_("dd/mm/yyyy; leave empty only if the plan has no day.")
    )

    class Meta:
        model = Campaign
        fields = [
            "title",
            "issuing_unit",
            "managing_unit",
            "document_number",
            "document_date",
            "basis",
            "basis_text",
            "report_to",
            "summary",
            "kind",
            "launch_level",
            "scope",
            "start_year",
            "end_year",
            "participants",
            "report_deadline_day",
            "report_deadline_month",
            "recognition_threshold",
            "blind_review",
            "public",
            "council_quorum_present",
            "council_quorum_of",
            "council_rules_source",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = issuing_units_for(user).order_by("path")
        self.fields["issuing_unit"] = UnitChoiceField(
            queryset=units, label=_("Issuing unit"), initial=self.initial.get("issuing_unit")
        )
        self.fields["managing_unit"] = UnitChoiceField(
            queryset=units,
            required=False,
            label=_("Standing body"),
            help_text=_("The office that guides, compiles and prepares dossiers."),
        )
        self.fields["participants"] = UnitsChoiceField(
            queryset=units,
            required=False,
            label=_("Participating units"),
            help_text=_(
                "Each unit chosen takes part with its whole subtree; choose the highest units."
            ),
            widget=forms.SelectMultiple(attrs={"size": 12}),
        )
        basis = campaigns_visible_to(user).select_related("issuing_unit")
        if self.instance.pk:
            basis = basis.exclude(pk=self.instance.pk)
        self.fields["basis"].queryset = basis
        self.fields["basis"].label_from_instance = lambda c: f"{c.number_label} — {c.title}"
        self.fields["start_year"].widget.attrs.update({"min": 2000, "max": 2100})
        self.fields["end_year"].widget.attrs.update({"min": 2000, "max": 2100})

    def clean(self):
        data = super().clean()
        for message in years_errors(data.get("start_year"), data.get("end_year")):
            self.add_error("end_year", message)
        present, of = data.get("council_quorum_present"), data.get("council_quorum_of")
        if present and of and present > of:
            self.add_error(
                "council_quorum_present",
                _("The quorum is a share: members present cannot exceed the members counted."),
            )
        issuing, managing = data.get("issuing_unit"), data.get("managing_unit")
        if issuing and managing and not managing.path.startswith(issuing.path):
            self.add_error(
                "managing_unit",
                _("The standing body must be the issuing unit or one of its units."),
            )
        participants = data.get("participants") or []
        if issuing:
            outside = [
                u.name for u in participants if u.organisation_path != issuing.organisation_path
            ]
            if outside:
                self.add_error(
                    "participants",
                    _("These units belong to another organisation: %(units)s.")
                    % {"units": ", ".join(outside)},
                )
        if not data.get("basis") and not data.get("basis_text"):
            self.add_error(
                "basis_text", _("Name the higher plan this one implements, or choose it above.")
            )
        return data


SCORING_FIELDS = ["recognition_threshold", "blind_review", "public"]


class CampaignFactsForm(CampaignForm):
    """The first step of the set-up: the plan's facts (the scoring fields are the rubric's
    step)."""

    class Meta(CampaignForm.Meta):
        fields = [name for name in CampaignForm.Meta.fields if name not in SCORING_FIELDS]


class ScoringForm(forms.ModelForm):
    """The rubric's step: the threshold an initiative's mean score must reach, blind review
    and the public list."""

    class Meta:
        model = Campaign
        fields = SCORING_FIELDS


class RowForm(forms.ModelForm):
    """A formset row. Rows keep the order they are shown in (services.py numbers them)."""


class ThemeForm(RowForm):
    class Meta:
        model = Theme
        fields = ["title", "description"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 1}),
            "description": forms.Textarea(attrs={"rows": 1}),
        }


class PhaseForm(RowForm):
    start_date = date_field(_("Starts on"), required=True)
    end_date = date_field(_("Ends on"))
    conference_date = date_field(_("Conference date"))

    class Meta:
        model = Phase
        fields = [
            "kind",
            "title",
            "start_date",
            "end_date",
            "conference_date",
            "conference_venue",
            "conference_delegates",
            "conference_programme",
        ]
        widgets = {"conference_programme": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        years = getattr(self, "campaign_years", (None, None))
        for name, message in phase_errors(data, *years).items():
            if name not in self.errors:
                self.add_error(name, message)
        return data


class AwardFormForm(RowForm):
    """An award form and its quotas: a minimum and a maximum per kind of recipient."""

    QUOTA_KINDS = list(AwardQuota.AppliesTo)

    class Meta:
        model = AwardForm
        fields = [
            "name",
            "kind",
            "recipients",
            "at_yearly",
            "at_interim",
            "at_final",
            "rounds_source",
            "authority",
            "statistics_group",
            "decided_by",
            "title",
            "vote_threshold",
            "secret_ballot",
            "vote_source",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        quotas = {}
        if self.instance.pk:
            quotas = {q.applies_to: q for q in self.instance.quotas.all()}
        for kind in self.QUOTA_KINDS:
            quota = quotas.get(kind.value)
            self.fields[f"{kind.value}_min"] = forms.IntegerField(
                label=capfirst(_("%(quota)s: minimum") % {"quota": kind.label}),
                required=False,
                min_value=0,
                max_value=INT_MAX,
                initial=quota.minimum if quota else None,
            )
            self.fields[f"{kind.value}_max"] = forms.IntegerField(
                label=capfirst(_("%(quota)s: maximum") % {"quota": kind.label}),
                required=False,
                min_value=0,
                max_value=INT_MAX,
                initial=quota.maximum if quota else None,
            )

    def quotas(self) -> dict:
        data = self.cleaned_data
        return {
            kind.value: (data.get(f"{kind.value}_min"), data.get(f"{kind.value}_max"))
            for kind in self.QUOTA_KINDS
        }

    def clean(self):
        data = super().clean()
        if data.get("recipients"):
            for kind, message in quota_errors(data["recipients"], self.quotas()).items():
                self.add_error(f"{kind}_max", message)
            for message in award_title_errors(data.get("title", ""), data["recipients"]):
                self.add_error("title", message)
        if data.get("name") and not any(
            data.get(field) for field in AwardForm.ROUND_FIELDS.values()
        ):
            self.add_error(
                "at_yearly", _("Choose at least one kind of round the form is given at.")
            )
        return data


class CriterionForm(RowForm):
    """A criterion and whom it aims at: the agency alone, some kinds of units or of people."""

    unit_kinds = forms.MultipleChoiceField(
        label=_("Kinds of units"),
        choices=UnitKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices-inline"}),
        help_text=_("Leave empty for every kind of unit."),
    )
    person_kinds = forms.MultipleChoiceField(
        label=_("Kinds of individuals"),
        choices=PersonKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices-inline"}),
        help_text=_("Leave empty for every kind of individual."),
    )

    class Meta:
        model = Criterion
        fields = [
            "kind",
            "applies_to",
            "level",
            "percent",
            "count",
            "min_rating",
            "agency_only",
            "unit_kinds",
            "person_kinds",
            "ratio_scope",
            "partial_year",
            "group",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("ratio_scope", "partial_year"):
            self.fields[name].required = False

    def _ordered(self, name, choices) -> list[str]:
        """The kinds chosen, in the order of the choices (so an unchanged row stays equal)."""
        chosen = set(self.cleaned_data.get(name) or [])
        return [value for value, _label in choices if value in chosen]

    def clean_unit_kinds(self):
        return self._ordered("unit_kinds", UnitKind.choices)

    def clean_person_kinds(self):
        return self._ordered("person_kinds", PersonKind.choices)

    def clean_ratio_scope(self):
        return self.cleaned_data.get("ratio_scope") or RatioScope.OWN

    def clean_partial_year(self):
        return self.cleaned_data.get("partial_year") or PartialYear.WHOLE

    def clean(self):
        data = super().clean()
        for name, message in criterion_errors(data).items():
            if name not in self.errors:
                self.add_error(name, message)
        return data


class RubricCriterionForm(RowForm):
    class Meta:
        model = RubricCriterion
        fields = ["name", "max_points", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def clean_max_points(self):
        value = self.cleaned_data.get("max_points")
        if value is not None and value <= 0:
            raise forms.ValidationError(_("Give the maximum points, above 0."))
        return value


class CampaignFormSet(BaseInlineFormSet):
    """Inline rows; `rows()` and `removed()` turn them into the plan services.py saves."""

    def live_forms(self):
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            if form.instance.pk or form.has_changed():
                yield form

    def rows(self) -> list[dict]:
        rows = []
        for form in self.live_forms():
            row = {
                k: v for k, v in form.cleaned_data.items() if k not in ("id", "DELETE", "campaign")
            }
            row = {k: v for k, v in row.items() if k in form._meta.fields}
            if form.instance.pk:
                row["id"] = form.instance.pk
            if isinstance(form, AwardFormForm):
                row["quotas"] = form.quotas()
            rows.append(row)
        return rows

    def removed(self) -> list[int]:
        return [
            form.instance.pk
            for form in self.forms
            if form.instance.pk and self.can_delete and self._should_delete_form(form)
        ]


class PhaseFormSet(CampaignFormSet):
    campaign_years = (None, None)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.campaign_years = self.campaign_years
        return form

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        for message in phases_order_errors([f.cleaned_data for f in self.live_forms()]):
            raise forms.ValidationError(message)


class RubricFormSet(CampaignFormSet):
    threshold = None

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        for message in rubric_errors([f.cleaned_data for f in self.live_forms()], self.threshold):
            raise forms.ValidationError(message)


def _formset(model, form, formset=CampaignFormSet, extra=2):
    return inlineformset_factory(
        Campaign, model, form=form, formset=formset, extra=extra, can_delete=True
    )


ThemeFormSet = _formset(Theme, ThemeForm, extra=3)
PhaseFormSetFactory = _formset(Phase, PhaseForm, formset=PhaseFormSet, extra=3)
AwardFormFormSet = _formset(AwardForm, AwardFormForm, extra=2)
CriterionFormSet = _formset(Criterion, CriterionForm, extra=3)
RubricFormSetFactory = _formset(
    RubricCriterion, RubricCriterionForm, formset=RubricFormSet, extra=3
)

# (prefix, heading, formset class, queryset ordering / prefetch)
SECTIONS = [
    ("themes", _("Themes"), ThemeFormSet),
    ("phases", _("Phases"), PhaseFormSetFactory),
    ("award_forms", _("Award forms and quotas"), AwardFormFormSet),
    ("criteria", _("Criteria"), CriterionFormSet),
    ("rubric", _("Initiative review rubric"), RubricFormSetFactory),
]
