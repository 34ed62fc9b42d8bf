import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from units.models import Unit

from .models import ReportStatus


class DashboardState:
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    CHOICES = [
        (ON_TIME, _("Submitted on time")),
        (LATE, _("Submitted late")),
        (MISSING, _("Missing")),
        (ReportStatus.RETURNED, _("Returned")),
        (ReportStatus.ACCEPTED, _("Accepted")),
        (ReportStatus.DRAFT, _("Draft")),
        (ReportStatus.NOT_STARTED, _("Not started")),
    ]


class CycleReportFilter(django_filters.FilterSet):
    """The office dashboard's list: by unit subtree and by state."""

    unit = django_filters.ModelChoiceFilter(
        label=_("Unit (with its sub-units)"), queryset=Unit.objects.none(), method="in_subtree"
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=DashboardState.CHOICES, method="in_state"
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = units if units is not None else Unit.objects.none()

    def in_subtree(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=value.path)

    def in_state(self, queryset, name, value):
        handed_in = Q(status__in=(ReportStatus.SUBMITTED, ReportStatus.ACCEPTED))
        if value == DashboardState.ON_TIME:
            return queryset.filter(handed_in, late=False)
        if value == DashboardState.LATE:
            return queryset.filter(handed_in, late=True)
        if value == DashboardState.MISSING:
            return queryset.filter(status__in=(ReportStatus.NOT_STARTED, ReportStatus.DRAFT))
        return queryset.filter(status=value)
