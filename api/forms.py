from django import forms
from django.utils.translation import gettext_lazy as _

from portal.dates import DateField


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the program that uses it."),
    )
    expires_on = DateField(
        label=_("Expires on"),
        required=False,
        help_text=_("Empty: the token works until you revoke it."),
    )
