"""Filters every list shares."""

import django_filters
from django import forms

from .http import YEAR_MAX, YEAR_MIN


class YearFilter(django_filters.NumberFilter):
    """A year between YEAR_MIN and YEAR_MAX: anything else is a form error, not a query the
    database (or Python's calendar) cannot run."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(*args, **kwargs)
