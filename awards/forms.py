"""Forms of the award pages. They collect and tidy input; the services decide."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, RoundKind
from portal import uploads
from portal.dates import DateField
from portal.phrases import MEETING_ENDS_BEFORE_IT_BEGINS, MORE_ABSENT_THAN_MISSING
from units.models import Person, Role, Signer, Unit, User

from . import consultation
from .models import EVIDENCE_TYPES, AwardProposal, AwardRound, NomineeKind, ProposalEvidence
from .selectors import (
    recognitions_for,
    research_tasks_for,
    round_award_forms,
    yearly_reports_for,
)


class RoundForm(forms.ModelForm):
    class Meta:
        model = AwardRound
        fields = ["campaign", "kind", "year", "title", "period_start", "period_end", "deadline"]
        field_classes = {"period_start": DateField, "period_end": DateField, "deadline": DateField}
        labels = {"title": _("round title")}

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["kind"].choices = RoundKind.choices

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period must not end before it starts."))
        return data


class EvidenceChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args, describe, **kwargs):
        self.describe = describe
        super().__init__(*args, required=False, **kwargs)

    def label_from_instance(self, obj):
        return self.describe(obj)


def _recognition_label(recognition) -> str:
    return (
        f"{recognition.initiative.title} — {recognition.get_level_display()}, "
        f"{recognition.decision_number} ({recognition.decision_date:%d/%m/%Y}) — "
        f"{recognition.initiative.unit.name}"
    )


def _task_label(task) -> str:
    rating = task.get_rating_display() or "—"
    accepted = f"{task.accepted_on:%d/%m/%Y}" if task.accepted_on else "—"
    return f"{task.title} — {task.get_level_display()}, {rating} ({accepted}) — {task.unit.name}"


def _report_label(report) -> str:
    return f"{report.unit.name} — {report.cycle.year} ({report.get_status_display()})"


class ProposalForm(forms.ModelForm):
    """A unit's proposal: the nominee within its subtree, the achievement report, and the
    evidence picked from the portal's records of the round's period."""

    recognitions = EvidenceChoice(
        queryset=None, label=_("Recognised initiatives"), describe=_recognition_label
    )
    research_tasks = EvidenceChoice(queryset=None, label=_("Research tasks"), describe=_task_label)
    yearly_reports = EvidenceChoice(
        queryset=None, label=_("Yearly reports"), describe=_report_label
    )
    evidence_file = forms.FileField(
        label=_("Add a file (PDF, JPEG or PNG)"),
        required=False,
        help_text=_("Certificates or other documents; PDFs are appended to the dossier."),
    )
    evidence_note = forms.CharField(label=_("What the file shows"), max_length=500, required=False)
    remove_files = EvidenceChoice(
        queryset=None, label=_("Remove files"), describe=lambda e: e.note or e.file_name
    )

    class Meta:
        model = AwardProposal
        fields = [
            "award_form",
            "nominee_kind",
            "nominee_unit",
            "nominee_person",
            "report_summary",
            "report_achievements",
            "report_measures",
            "report_previous_awards",
        ]
        widgets = {"nominee_kind": forms.RadioSelect}

    def __init__(self, *args, award_round, proposing_unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.award_round = award_round
        self.proposing_unit = proposing_unit
        self.fields["award_form"].queryset = round_award_forms(award_round)
        self.fields["nominee_kind"].choices = NomineeKind.choices
        self.fields["nominee_unit"].queryset = Unit.objects.filter(
            path__startswith=proposing_unit.path, active=True
        ).order_by("path")
        self.fields["nominee_person"].queryset = (
            Person.objects.filter(unit__path__startswith=proposing_unit.path, active=True)
            .select_related("unit")
            .order_by("name_sort", "id")
        )
        self.fields["nominee_person"].label_from_instance = lambda p: (
            f"{p.full_name} — {p.unit.name}"
        )
        self.fields["recognitions"].queryset = recognitions_for(proposing_unit, award_round)
        self.fields["research_tasks"].queryset = research_tasks_for(proposing_unit, award_round)
        self.fields["yearly_reports"].queryset = yearly_reports_for(proposing_unit, award_round)
        for name in ("report_summary", "report_achievements", "report_measures"):
            self.fields[name].widget.attrs["rows"] = 6
        self.fields["report_previous_awards"].widget.attrs["rows"] = 3
        self.fields["remove_files"].queryset = ProposalEvidence.objects.filter(
            proposal_id=self.instance.pk, kind="file"
        ).order_by("id")
        if self.instance.pk:
            evidence = list(self.instance.evidence.all())
            self.initial.setdefault(
                "recognitions", [e.recognition_id for e in evidence if e.recognition_id]
            )
            self.initial.setdefault(
                "research_tasks", [e.research_task_id for e in evidence if e.research_task_id]
            )
            self.initial.setdefault(
                "yearly_reports", [e.yearly_report_id for e in evidence if e.yearly_report_id]
            )

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if not upload:
            return upload
        uploads.upload_check(upload, allowed=EVIDENCE_TYPES)
        return upload

    def clean(self):
        data = super().clean()
        kind = data.get("nominee_kind")
        if kind == NomineeKind.COLLECTIVE:
            data["nominee_person"] = None
            if not data.get("nominee_unit"):
                self.add_error("nominee_unit", _("Choose the collective proposed."))
        elif kind == NomineeKind.INDIVIDUAL:
            data["nominee_unit"] = None
            if not data.get("nominee_person"):
                self.add_error("nominee_person", _("Choose the individual proposed."))
        return data

    def _post_clean(self):
        # The services validate and save the model; the form only tidies the input.
        pass

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        files = []
        if data.get("evidence_file"):
            files.append((data["evidence_file"], data.get("evidence_note", "")))
        return {
            "award_form": data["award_form"],
            "nominee_kind": data["nominee_kind"],
            "nominee_unit": data.get("nominee_unit"),
            "nominee_person": data.get("nominee_person"),
            "report": {name: data.get(name, "") for name in self.Meta.fields[4:]},
            "recognitions": list(data.get("recognitions") or []),
            "research_tasks": list(data.get("research_tasks") or []),
            "yearly_reports": list(data.get("yearly_reports") or []),
            "files": files,
            "remove_files": [e.pk for e in data.get("remove_files") or []],
        }


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ApproveForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Reason for approving although not every criterion is met"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Recorded in the history and printed in the minutes and the list."),
    )


class RequiredNoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class CriterionForm(forms.Form):
    confirmed = forms.TypedChoiceField(
        label=_("Judgement"),
        choices=[("1", _("Met")), ("0", _("Not met"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


def council_users(campaign: Campaign):
    """Accounts that may sit on the council of a campaign: council members, office staff and
    leaders assigned within the issuing organisation."""
    root = campaign.issuing_unit.organisation_path
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__role__in=(Role.COUNCIL, Role.OFFICE, Role.LEADER),
            role_assignments__unit__path__startswith=root,
        )
        .distinct()
        .select_related("person")
        .order_by("person__name_sort", "username")
    )


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class UsersChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.display_name


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class MeetingForm(forms.Form):
    held_on = DateField(label=_("Held on"))
    started_at = forms.TimeField(label=_("Began at"), widget=TimeInput())
    ended_at = forms.TimeField(
        label=_("Ended at"), widget=TimeInput(), help_text=_("The same day, after it began.")
    )
    location = forms.CharField(label=_("Location"), max_length=255)
    members_total = forms.IntegerField(
        label=_("Council members in total"),
        min_value=1,
        max_value=500,
        help_text=_("All members of the council, present or not: thresholds are shares of it."),
    )
    members_present = UsersChoice(queryset=None, label=_("Members present"))
    chair = UserChoice(
        queryset=None, label=_("Chair"), help_text=_("Must be among the members present.")
    )
    secretary = UserChoice(queryset=None, label=_("Secretary"), required=False)
    members_absent = forms.CharField(
        label=_("Members absent"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One a line, with the reason: Nguyễn Văn A (đi công tác)."),
    )
    notes = forms.CharField(
        label=_("Notes for the minutes"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        users = council_users(campaign)
        for name in ("members_present", "chair", "secretary"):
            self.fields[name].queryset = users

    def clean(self):
        data = super().clean()
        total, present = data.get("members_total"), data.get("members_present")
        if total and present is not None and len(present) > total:
            self.add_error("members_present", _("More members present than the council has."))
        chair = data.get("chair")
        if chair is not None and present is not None and chair not in present:
            self.add_error("chair", _("The chair must be among the members present."))
        started, ended = data.get("started_at"), data.get("ended_at")
        if started and ended and ended <= started:
            self.add_error("ended_at", MEETING_ENDS_BEFORE_IT_BEGINS)
        absent = [line for line in data.get("members_absent", "").splitlines() if line.strip()]
        if total and present is not None and len(absent) > total - len(present):
            self.add_error("members_absent", MORE_ABSENT_THAN_MISSING)
        return data


class VoteForm(forms.Form):
    proposal = forms.IntegerField(widget=forms.HiddenInput)
    yes = forms.IntegerField(label=_("In favour"), min_value=0, max_value=500)
    no = forms.IntegerField(label=_("Against"), min_value=0, max_value=500, initial=0)
    abstain = forms.IntegerField(label=_("Abstaining"), min_value=0, max_value=500, initial=0)
    absent_written = forms.IntegerField(
        label=_("Of which in writing"), min_value=0, max_value=500, initial=0
    )
    # The tellers' count of a secret ballot (kiểm phiếu).
    ballots_issued = forms.IntegerField(
        label=_("Ballots issued"), min_value=0, max_value=500, required=False
    )
    ballots_received = forms.IntegerField(
        label=_("Ballots received"), min_value=0, max_value=500, required=False
    )
    ballots_valid = forms.IntegerField(
        label=_("Valid ballots"), min_value=0, max_value=500, required=False
    )
    ballots_invalid = forms.IntegerField(
        label=_("Invalid ballots"), min_value=0, max_value=500, required=False
    )

    COUNT_FIELDS = ("ballots_issued", "ballots_received", "ballots_valid", "ballots_invalid")

    def __init__(self, *args, secret=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not secret:
            for name in self.COUNT_FIELDS:
                del self.fields[name]


class RoundSignersForm(forms.Form):
    letter_signer = forms.ModelChoiceField(
        label=_("Signer of the tờ trình to the upper authority"),
        queryset=Signer.objects.none(),
        required=False,
    )
    decision_signer = forms.ModelChoiceField(
        label=_("Signer of the quyết định"), queryset=Signer.objects.none(), required=False
    )

    def __init__(self, *args, award_round, **kwargs):
        super().__init__(*args, **kwargs)
        signers = Signer.objects.filter(
            organisation=award_round.campaign.issuing_unit, active=True
        ).order_by("authority", "title", "full_name")
        for name in ("letter_signer", "decision_signer"):
            self.fields[name].queryset = signers
        self.initial.setdefault("letter_signer", award_round.letter_signer_id)
        self.initial.setdefault("decision_signer", award_round.decision_signer_id)


class CommentPeriodForm(forms.Form):
    """How many working days the proposed list stays open for comments (awards.consultation)."""

    days = forms.IntegerField(
        label=_("Working days"),
        min_value=consultation.MINIMUM_WORKING_DAYS,
        max_value=consultation.MAXIMUM_WORKING_DAYS,
        initial=consultation.MINIMUM_WORKING_DAYS,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].help_text = _(
            "At least %(days)s working days (%(source)s); the period starts today."
        ) % {"days": consultation.MINIMUM_WORKING_DAYS, "source": consultation.SOURCE}


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=64)
    date = DateField(label=_("Decision date"))
    authority = forms.CharField(label=_("Awarding authority"), max_length=255, required=False)


class HigherDecisionForm(DecisionForm):
    """A decision of the authority a proposal was sent to, recorded on the proposal."""

    signer_name = forms.CharField(
        label=_("Signed by (full name)"),
        max_length=120,
        required=False,
        help_text=_("As the decision reads; printed on the certificates."),
    )


def proposing_units_for(user):
    """Units the user may propose for: those of their unit staff and unit head roles."""
    from units import access

    if getattr(user, "is_superuser", False):
        return Unit.objects.none()
    return Unit.objects.filter(
        Q(pk__in=[a.unit_id for a in access.assignments(user) if a.role in access.UNIT_ROLES])
    ).order_by("path")
