from django import forms
from django.utils.translation import gettext_lazy as _

from . import selectors


class CommentForm(forms.Form):
    name = forms.CharField(label=_("Your full name"), max_length=150)
    contact = forms.CharField(
        label=_("Email or phone"),
        max_length=150,
        help_text=_("Seen by the office only, to reach you if needed; never published."),
    )
    proposal = forms.TypedChoiceField(
        label=_("Nominee commented on"), required=False, coerce=int, empty_value=None
    )
    text = forms.CharField(label=_("Comment"), max_length=4000, widget=forms.Textarea)
    # A field people do not see (hidden by the stylesheet): a robot fills it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, award_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].choices = [("", _("The whole list"))] + [
            (row["pk"], f"{row['name']} — {row['award']}")
            for row in selectors.proposed_list(award_round)
        ]
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=300,
        help_text=_("The code printed under the QR code of the certificate, or its address."),
    )

    def token(self) -> str:
        return self.cleaned_data["code"].strip().rstrip("/").rsplit("/", 1)[-1]
