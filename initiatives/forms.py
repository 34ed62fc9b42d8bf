from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from campaigns.models import Level, Theme
from campaigns.selectors import campaigns_visible_to
from portal.dates import DateField
from portal.text import number
from portal.uploads import ACCEPT, upload_check
from units import access
from units.models import Person, Role, Unit, User

from .models import Initiative, InitiativeAuthor

TEXTAREA = forms.Textarea(attrs={"rows": 4})


def unit_choices_for(user):
    return Unit.objects.filter(access.scope_q(user, "path", access.UNIT_ROLES)).order_by("path")


class InitiativeForm(forms.ModelForm):
    """The application (Đơn yêu cầu công nhận sáng kiến, Thông tư 18/2013 Phụ lục I).

    A draft saves whatever is filled in; completeness is checked when submitting.
    """

    new_attachment = forms.FileField(
        label=_("Attach a file"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, JPG or PNG, at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    class Meta:
        model = Initiative
        fields = ["campaign", "unit", *Initiative.APPLICATION_FIELDS]
        field_classes = {"first_applied_on": DateField}
        widgets = {
            **dict.fromkeys(
                (
                    "problem",
                    "essence",
                    "novelty",
                    "applicability",
                    "confidential_info",
                    "conditions",
                    "benefits_authors",
                    "benefits_appliers",
                    "first_appliers",
                ),
                TEXTAREA,
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        campaigns = campaigns_visible_to(user)
        self.fields["campaign"].queryset = campaigns
        self.fields["theme"].queryset = Theme.objects.filter(campaign__in=campaigns)
        self.fields["unit"].queryset = unit_choices_for(user)
        if self.instance.pk:
            # The campaign and unit of an application do not change once it exists.
            self.fields["campaign"].disabled = True
            self.fields["unit"].disabled = True
        self.fields["school_year"].help_text = _("e.g. 2024-2025")

    def clean_new_attachment(self):
        upload = self.cleaned_data.get("new_attachment")
        if upload:
            upload_check(upload)
        return upload

    def clean(self):
        data = super().clean()
        theme = data.get("theme")
        campaign = data.get("campaign")
        if theme and campaign and theme.campaign_id != campaign.pk:
            self.add_error("theme", _("This theme belongs to another campaign."))
        return data


class AuthorForm(forms.ModelForm):
    class Meta:
        model = InitiativeAuthor
        fields = [
            "person",
            "full_name",
            "date_of_birth",
            "workplace",
            "position",
            "qualification",
            "contribution",
        ]
        field_classes = {"date_of_birth": DateField}

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people if people is not None else Person.objects.none()
        self.fields["person"].required = False
        self.fields["person"].help_text = _("Someone of the unit; leave empty for an outsider.")
        self.fields["full_name"].required = False
        self.fields["contribution"].required = False

    def clean(self):
        data = super().clean()
        person = data.get("person")
        if person and not data.get("full_name"):
            data["full_name"] = person.full_name
            data["date_of_birth"] = data.get("date_of_birth") or person.date_of_birth
            data["position"] = data.get("position") or person.position
            data["qualification"] = data.get("qualification") or person.qualification
            data["workplace"] = data.get("workplace") or person.unit.name
        if data.get("contribution") is None:
            data["contribution"] = 0
        if not data.get("full_name") and self.has_changed() and not data.get("DELETE"):
            self.add_error("full_name", _("Give the author's name or choose a person."))
        return data


class BaseAuthorFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, people=None, **kwargs):
        self.people = people
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "people": self.people}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            people=self.people,
        )
        self.add_fields(form, None)
        return form


AuthorFormSet = inlineformset_factory(
    Initiative,
    InitiativeAuthor,
    form=AuthorForm,
    formset=BaseAuthorFormSet,
    extra=2,
    can_delete=True,
)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reasons"), widget=TEXTAREA)


class DecisionForm(forms.Form):
    decision_number = forms.CharField(label=_("decision number"), max_length=64)
    decision_date = DateField(label=_("decision date"))
    issuer = forms.CharField(label=_("issued by"), max_length=255)
    scope = forms.CharField(label=_("scope of influence"), required=False, widget=TEXTAREA)


class RecognitionForm(DecisionForm):
    override_reason = forms.CharField(
        label=_("Reason for deciding against the council's result"),
        required=False,
        widget=TEXTAREA,
        help_text=_(
            "Only when the council has not finished or its mean is below the threshold: "
            "the reason is written in the history and shown on the initiative's page."
        ),
    )


class BulkRecognitionForm(DecisionForm):
    min_mean = forms.DecimalField(
        label=_("Recognise every initiative whose mean total is at least"),
        min_value=0,
        max_digits=6,
        decimal_places=2,
    )

    field_order = ["min_mean"]


class SendForm(forms.Form):
    similarity_note = forms.CharField(
        label=_("The office's note on the similar initiatives"),
        required=False,
        widget=TEXTAREA,
        help_text=_(
            "Needed when similar initiatives were found: what was checked, how it differs."
        ),
    )


class HigherRecognitionForm(DecisionForm):
    level = forms.ChoiceField(label=_("level"), choices=())

    field_order = ["level"]

    def __init__(self, *args, levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(lv, Level(lv).label) for lv in levels]


class AssignForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("Council members"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            User.objects.filter(council_memberships__campaign=initiative.campaign_id)
            .exclude(initiative_assignments__initiative=initiative)
            .select_related("person")
            .order_by("person__name_sort", "username")
        )
        self.fields["members"].label_from_instance = lambda u: u.display_name


class CouncilMembersForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("Council members"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            User.objects.filter(
                is_active=True,
                role_assignments__role=Role.COUNCIL,
                role_assignments__unit__path__startswith=campaign.issuing_unit.organisation_path,
            )
            .distinct()
            .select_related("person")
            .order_by("person__name_sort", "username")
        )
        self.fields["members"].label_from_instance = lambda u: u.display_name


class ScoreForm(forms.Form):
    """One points field and one comment per rubric criterion."""

    def __init__(self, *args, rubric, existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        existing = existing or {}
        for criterion in rubric:
            old = existing.get(criterion.pk)
            self.fields[f"points_{criterion.pk}"] = forms.DecimalField(
                label=criterion.name,
                min_value=0,
                decimal_places=2,
                help_text=_("at most %(max)s points") % {"max": number(criterion.max_points)},
                initial=old.points if old else None,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=old.comment if old else "",
            )

    def scores(self) -> dict:
        return {
            c.pk: (
                self.cleaned_data[f"points_{c.pk}"],
                self.cleaned_data.get(f"comment_{c.pk}", ""),
            )
            for c in self.rubric
        }
