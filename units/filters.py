"""Filters of the unit, people and account lists."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from portal.filters import YesNoFilter
from portal.text import fold

from .models import Role, Unit, UnitKind


def _folded_search(field):
    def method(queryset, name, value):
        words = fold(value).split()
        for word in words:
            queryset = queryset.filter(**{f"{field}__contains": word})
        return queryset

    return method


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name or code"), method="filter_q", widget=forms.TextInput(attrs={"type": "search"})
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=UnitKind.choices)
    active = YesNoFilter(label=_("Active"))

    class Meta:
        model = Unit
        fields = ["q", "kind", "active"]

    def filter_q(self, queryset, name, value):
        code = value.strip()
        by_name = _folded_search("name_folded")(queryset, name, value)
        return by_name | queryset.filter(code__iexact=code)


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name"), method="filter_q", widget=forms.TextInput(attrs={"type": "search"})
    )
    unit = django_filters.CharFilter(
        label=_("Unit code (with its sub-units)"), method="filter_unit"
    )

    def filter_q(self, queryset, name, value):
        return _folded_search("name_folded")(queryset, name, value)

    def filter_unit(self, queryset, name, value):
        unit = Unit.objects.filter(code__iexact=value.strip()).only("path").first()
        if unit is None:
            return queryset.none()
        return queryset.filter(unit__path__startswith=unit.path)


class AccountFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name or user name"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=Role.choices, field_name="role_assignments__role", distinct=True
    )
    is_active = YesNoFilter(label=_("Active"))

    def filter_q(self, queryset, name, value):
        by_name = _folded_search("person__name_folded")(queryset, name, value)
        return by_name | queryset.filter(username__icontains=value.strip())
