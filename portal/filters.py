"""Filters every list shares."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .http import YEAR_MAX, YEAR_MIN


class YearFilter(django_filters.NumberFilter):
    """A year between YEAR_MIN and YEAR_MAX: anything else is a form error, not a query the
    database (or Python's calendar) cannot run."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(*args, **kwargs)


class YesNoSelect(forms.NullBooleanSelect):
    """A yes/no filter whose empty choice reads "all" (Django's reads "unknown")."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("All")), ("true", _("Yes")), ("false", _("No"))]


class YesNoFilter(django_filters.BooleanFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", YesNoSelect)
        super().__init__(*args, **kwargs)
