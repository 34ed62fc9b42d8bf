from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from campaigns.models import INDIVIDUAL_TITLES, EmulationTitle
from portal.dates import DateField

from .records import Classification, EmulationRecord


class RecordForm(forms.ModelForm):
    class Meta:
        model = EmulationRecord
        fields = ["year", "classification", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classification"].choices = [("", "—"), *Classification.choices]
        self.fields["year"].widget.attrs.update({"min": 2000, "max": 2100})


class TitleForm(forms.Form):
    title = forms.ChoiceField(label=_("Title received"), choices=())
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=64, help_text=_("e.g. 1234/QĐ-SGDĐT")
    )
    decision_date = DateField(label=_("Decision date"))
    issuer = forms.CharField(label=_("Issued by"), max_length=255)

    def __init__(self, *args, individual=True, **kwargs):
        super().__init__(*args, **kwargs)
        titles = [t for t in EmulationTitle if (t in INDIVIDUAL_TITLES) == individual]
        self.fields["title"].choices = [(t.value, t.label) for t in titles]


TitleFormSet = formset_factory(TitleForm, extra=2, can_delete=True)


def title_rows(formset) -> list[dict]:
    """The titles a valid formset keeps (rows left blank or marked for removal are dropped)."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        rows.append({k: data[k] for k in ("title", "decision_number", "decision_date", "issuer")})
    return rows


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
