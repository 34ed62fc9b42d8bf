"""The one date input of the portal: typed as dd/mm/yyyy, with a Vietnamese calendar.

Every form with a date uses `DateField` (or `DateInput` on a model form's date field).
The input is a plain text box (the browser's own picker writes mm/dd/yyyy in an English
browser); `static/js/datepicker.js` adds a button that opens a small calendar in
Vietnamese, whose words come from the widget's attributes (so from the catalogs). Without
JavaScript the date is typed. ISO dates (yyyy-mm-dd) are accepted as well.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
PATTERN = r"\s*(\d{1,2}/\d{1,2}/(\d{2}|\d{4})|\d{4}-\d{2}-\d{2})\s*"


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": _("dd/mm/yyyy"),
            "inputmode": "numeric",
            "pattern": PATTERN,
            "maxlength": "10",
            "autocomplete": "off",
            "class": "date-input",
            "data-datepicker": "",
            "data-picker-open": _("Choose a date"),
            "data-picker-month": _("Month"),
            "data-picker-previous": _("Previous month"),
            "data-picker-next": _("Next month"),
            "data-picker-days": _("Mo Tu We Th Fr Sa Su"),
            "data-picker-close": _("Close"),
        }
        super().__init__({**defaults, **(attrs or {})}, format="%d/%m/%Y")


class DateField(forms.DateField):
    widget = DateInput
    input_formats = INPUT_FORMATS
    default_error_messages = {"invalid": _("Enter the date as dd/mm/yyyy, e.g. 02/12/2024.")}
