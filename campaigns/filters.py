import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.filters import YearFilter
from portal.text import fold
from units.models import Unit

from .models import Campaign, Phase


class CampaignFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("title or number")}),
    )
    issuing_unit = django_filters.ModelChoiceFilter(
        label=_("issuing unit"), queryset=Unit.objects.none()
    )
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Campaign.Kind.choices)
    year = YearFilter(label=_("active in year"), method="filter_year")
    phase = django_filters.ChoiceFilter(
        label=_("current phase"),
        choices=Phase.Kind.choices,
        field_name="current_phase_kind",
    )
    sort = django_filters.ChoiceFilter(
        label=_("sort by"),
        choices=[
            ("new", _("Newest first")),
            ("title", _("campaign title")),
            ("-title", _("campaign title, Z–A")),
            ("year", _("first year")),
            ("-year", _("first year, latest first")),
        ],
        method="filter_nothing",
        empty_label=None,
    )

    class Meta:
        model = Campaign
        fields = ["q", "issuing_unit", "kind", "year", "phase"]

    def __init__(self, *args, issuing_units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if issuing_units is not None:
            self.filters["issuing_unit"].queryset = issuing_units
            self.form.fields["issuing_unit"].queryset = issuing_units

    def filter_search(self, queryset, name, value):
        folded = fold(value)
        if not folded:
            return queryset
        return queryset.filter(
            Q(title_folded__contains=folded) | Q(document_number__icontains=value.strip())
        )

    def filter_year(self, queryset, name, value):
        return queryset.filter(start_year__lte=value, end_year__gte=value)

    def filter_nothing(self, queryset, name, value):
        return queryset  # the list orders by SORTS (keyset pages)


# One direction per order, ending with the id (portal/paging.py).
SORTS = {
    "new": ("-id",),
    "title": ("title_folded", "id"),
    "-title": ("-title_folded", "-id"),
    "year": ("start_year", "id"),
    "-year": ("-start_year", "-id"),
}
