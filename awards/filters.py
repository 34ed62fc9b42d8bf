"""Filters of the round and proposal lists."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import RoundKind
from portal.filters import YearFilter
from portal.text import fold

from .models import AwardProposal, AwardRound, NomineeKind, ProposalStatus, RoundStatus


class RoundFilter(django_filters.FilterSet):
    year = YearFilter(label=_("Year"))
    kind = django_filters.ChoiceFilter(label=_("Round"), choices=RoundKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RoundStatus.choices)

    class Meta:
        model = AwardRound
        fields = ["year", "kind", "status"]


class ProposalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Nominee"), method="filter_q", widget=forms.TextInput(attrs={"type": "search"})
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProposalStatus.choices)
    nominee_kind = django_filters.ChoiceFilter(label=_("Nominee"), choices=NomineeKind.choices)
    year = YearFilter(label=_("Year"), field_name="round__year")

    class Meta:
        model = AwardProposal
        fields = ["q", "status", "nominee_kind", "year"]

    def filter_q(self, queryset, name, value):
        for word in fold(value).split():
            queryset = queryset.filter(
                Q(nominee_person__name_folded__contains=word)
                | Q(nominee_unit__name_folded__contains=word)
                | Q(nominee_unit__code__iexact=word)
            )
        return queryset
