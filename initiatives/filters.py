import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.models import Level
from campaigns.selectors import campaigns_visible_to
from portal.filters import YearFilter
from portal.text import fold
from units import access
from units.forms import UnitCodeField, UnitPicker

from .models import Field, Initiative, InitiativeAuthor, Recognition, Status
from .selectors import identities_hidden_q

# Each order keeps one direction and ends with the id, so a page after row (x, id) is the
# row comparison `(column, id) > (x, id)` over the composite index `(column, id)` (read
# backwards for the descending orders).
SORTS = {
    "new": ("-id",),
    "old": ("id",),
    "title": ("title_sort", "id"),
    "-title": ("-title_sort", "-id"),
    "year": ("year", "id"),
    "-year": ("-year", "-id"),
    "field": ("field", "id"),
    "-field": ("-field", "-id"),
    "status": ("status", "id"),
    "-status": ("-status", "-id"),
}
SORT_CHOICES = [
    ("new", _("Newest first")),
    ("old", _("Oldest first")),
    ("title", _("Title A–Z")),
    ("-title", _("Title Z–A")),
    ("year", _("Year, earliest first")),
    ("-year", _("Year, latest first")),
    ("field", _("Field")),
    ("-field", _("Field, reversed")),
    ("status", _("Status")),
    ("-status", _("Status, reversed")),
]


class VisibleUnitPicker(UnitPicker):
    """The unit-code box, suggesting the units the user can see (not only those they manage)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["hx-get"] = reverse("units:pick")
        return context


class UnitSubtreeFilter(django_filters.Filter):
    """A unit typed by its code (a select of thousands of units would not scale)."""

    field_class = UnitCodeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", VisibleUnitPicker)
        super().__init__(*args, **kwargs)


class InitiativeFilter(django_filters.FilterSet):
    # Three characters at least: shorter terms cannot use the trigram index and would scan
    # every row (seconds at a million initiatives).
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        min_length=3,
        error_messages={"min_length": _("Type at least 3 characters to search.")},
    )
    campaign = django_filters.ModelChoiceFilter(label=_("campaign"), queryset=None)
    year = YearFilter(label=_("year"))
    unit = UnitSubtreeFilter(label=_("unit (with its sub-units)"), method="filter_unit")
    field = django_filters.ChoiceFilter(label=_("field"), choices=Field.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=Status.choices)
    level = django_filters.ChoiceFilter(
        label=_("level"), choices=Level.choices, method="filter_level"
    )
    author = django_filters.CharFilter(label=_("author"), method="filter_author")
    sort = django_filters.ChoiceFilter(
        label=_("Sort"), choices=SORT_CHOICES, method="filter_nothing", empty_label=None
    )

    class Meta:
        model = Initiative
        fields = ["q", "campaign", "year", "unit", "field", "status", "level", "author"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.hidden = identities_hidden_q(user)
        self.filters["campaign"].queryset = campaigns_visible_to(user)
        self.filters["unit"].extra["queryset"] = access.units_visible_to(user)
        self.form.fields["year"].widget = forms.NumberInput(attrs={"min": 2000, "max": 2100})

    # In a blind review the search text (authors, unit) and the unit and author filters
    # would tell a council member who wrote what: for those initiatives only the title is
    # searched, and filtering by unit or author leaves them out whatever the value.

    def filter_search(self, queryset, name, value):
        folded = fold(value)
        if not folded:
            return queryset
        return queryset.filter(
            (Q(search_text__contains=folded) & ~self.hidden)
            | (self.hidden & Q(title__icontains=value.strip()))
        )

    def filter_unit(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=value.path).exclude(self.hidden)

    def filter_level(self, queryset, name, value):
        return queryset.filter(
            Exists(Recognition.objects.filter(initiative=OuterRef("pk"), level=value))
        )

    def filter_author(self, queryset, name, value):
        folded = fold(value)
        if not folded:
            return queryset
        return queryset.filter(
            Exists(
                InitiativeAuthor.objects.filter(
                    initiative=OuterRef("pk"), name_folded__contains=folded
                )
            )
        ).exclude(self.hidden)

    def filter_nothing(self, queryset, name, value):
        return queryset

    def sort_key(self) -> str:
        value = self.form.cleaned_data.get("sort") if self.form.is_valid() else None
        return value if value in SORTS else "new"
