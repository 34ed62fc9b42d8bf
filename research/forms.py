from decimal import Decimal

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from campaigns.models import Level, Rating
from portal.dates import DateField
from portal.filters import YearFilter
from portal.text import fold, number
from units import access

from .models import ResearchTask, ResearchTaskMember


class ResearchTaskForm(forms.ModelForm):
    class Meta:
        model = ResearchTask
        fields = [
            "code",
            "title",
            "level",
            "unit",
            "start_date",
            "end_date",
            "accepted_on",
            "rating",
        ]
        field_classes = {"start_date": DateField, "end_date": DateField, "accepted_on": DateField}
        labels = {"title": _("task title")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = access.units_visible_to(user).filter(
            access.scope_q(user, "path", access.MANAGING_ROLES)
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        if data.get("rating") and not data.get("accepted_on"):
            self.add_error("accepted_on", _("Give the date of acceptance with its rating."))
        if data.get("accepted_on") and not data.get("rating"):
            self.add_error("rating", _("Give the acceptance rating."))
        return data


class MemberForm(forms.ModelForm):
    class Meta:
        model = ResearchTaskMember
        fields = ["person", "is_lead", "contribution"]
        labels = {"person": _("member")}
        widgets = {"contribution": forms.NumberInput(attrs={"step": "0.01", "min": "0"})}


class BaseMemberFormSet(BaseInlineFormSet):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        people = access.people_visible_to(user).select_related("unit")
        for form in self.forms:
            form.fields["person"].queryset = people
        self.empty_form.fields["person"].queryset = people

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        total, leads, people = Decimal(0), 0, set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("person"):
                continue
            if data["person"].pk in people:
                raise ValidationError(_("A person is listed twice."))
            people.add(data["person"].pk)
            total += data.get("contribution") or 0
            leads += 1 if data.get("is_lead") else 0
        if not people:
            raise ValidationError(_("List at least one member."))
        if leads != 1:
            raise ValidationError(_("Mark exactly one member as the lead."))
        if total != 100:
            raise ValidationError(
                _("The contributions add up to %(total)s %%; they must add up to 100 %%.")
                % {"total": number(total)}
            )


MemberFormSet = inlineformset_factory(
    ResearchTask,
    ResearchTaskMember,
    form=MemberForm,
    formset=BaseMemberFormSet,
    extra=3,
    can_delete=True,
)


class ResearchTaskFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Level.choices)
    rating = django_filters.ChoiceFilter(label=_("Rating"), choices=Rating.choices)
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit (with its sub-units)"), queryset=None, method="in_subtree"
    )
    year = YearFilter(label=_("Accepted in year"), field_name="accepted_on", lookup_expr="year")

    class Meta:
        model = ResearchTask
        fields = ["q", "level", "rating", "unit", "year"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = access.units_visible_to(user)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        members = ResearchTaskMember.objects.filter(
            person__name_folded__contains=fold(value)
        ).values("task_id")
        return queryset.filter(
            Q(code__icontains=value) | Q(title__icontains=value) | Q(pk__in=members)
        )

    def in_subtree(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=value.path)
