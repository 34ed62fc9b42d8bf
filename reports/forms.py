from django import forms
from django.utils.translation import gettext_lazy as _

from portal.http import INT_MAX

from .models import FigureKey


class ReportForm(forms.Form):
    """Figures (value and reason), a narrative per theme, the signed scan and attachments.

    Built for one report: `figures` are its ReportFigure rows, `themes` its campaign's.
    """

    def __init__(self, *args, report, figures, themes, narratives, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.figure_rows = []
        for figure in figures:
            value_name, reason_name = f"figure_{figure.key}", f"reason_{figure.key}"
            self.fields[value_name] = forms.IntegerField(
                label=FigureKey(figure.key).label,
                min_value=0,
                max_value=INT_MAX,
                required=False,
                initial=figure.value,
                help_text=_("From the portal's data: %(n)s") % {"n": figure.computed},
            )
            self.fields[reason_name] = forms.CharField(
                label=_("Reason for the change"),
                required=False,
                initial=figure.reason,
                widget=forms.TextInput(),
            )
            self.figure_rows.append((figure, value_name, reason_name))
        self.narrative_names = []
        self.fields["narrative_general"] = forms.CharField(
            label=_("General assessment"),
            required=False,
            initial=narratives.get(None, ""),
            widget=forms.Textarea(attrs={"rows": 4}),
        )
        self.narrative_names.append((None, "narrative_general"))
        for theme in themes:
            name = f"narrative_{theme.pk}"
            self.fields[name] = forms.CharField(
                label=theme.title,
                required=False,
                initial=narratives.get(theme.pk, ""),
                widget=forms.Textarea(attrs={"rows": 4}),
            )
            self.narrative_names.append((theme.pk, name))
        self.fields["scan"] = forms.FileField(
            label=_("Signed scan of the report (PDF)"),
            required=False,
            widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        )
        self.fields["attachment"] = forms.FileField(label=_("Other attachment"), required=False)

    def figure_fields(self):
        return [(figure, self[v], self[r]) for figure, v, r in self.figure_rows]

    def narrative_fields(self):
        return [self[name] for _, name in self.narrative_names]

    def figures_data(self) -> dict:
        return {
            figure.key: (self.cleaned_data.get(v), self.cleaned_data.get(r, ""))
            for figure, v, r in self.figure_rows
        }

    def narratives_data(self) -> dict:
        return {
            theme_id: self.cleaned_data.get(name, "") for theme_id, name in self.narrative_names
        }

    def uploads(self) -> list:
        uploads = []
        if self.cleaned_data.get("scan"):
            uploads.append(("signed_scan", self.cleaned_data["scan"]))
        if self.cleaned_data.get("attachment"):
            uploads.append(("other", self.cleaned_data["attachment"]))
        return uploads

    def add_problems(self, problems: dict) -> None:
        """Show a service's problems ("figure:<key>", "reason:<key>", "scan") on fields."""
        for key, message in problems.items():
            field = key.replace(":", "_", 1) if ":" in key else key
            self.add_error(field if field in self.fields else None, message)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class OpenCycleForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns


class CycleStateForm(forms.Form):
    """Close or reopen a reporting cycle: the reason is required and kept in its history."""

    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class CycleAutoCloseForm(forms.Form):
    close_after_days = forms.IntegerField(
        label=_("Close automatically this many days after the deadline"),
        min_value=0,
        max_value=366,
        required=False,
        help_text=_("Leave empty to close the cycle only by hand."),
    )
