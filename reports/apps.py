from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Yearly reports")

    def ready(self):
        from . import compiled, figures, reminders, statistics  # noqa: F401  (reminders: the outbox renderer)

        compiled.register_files()
        statistics.register_files()
        # The report form's stored figures are forgotten when a row they count changes.
        figures.connect_signals()

        # The home page's panels show the reports due of a unit and the cycles of its
        # campaign's organisation.
        from campaigns.selectors import campaign_units
        from portal import home_cache
        from units.paths import paths_above, related

        from .models import ReportingCycle, YearlyReport

        def report_paths(report):
            cycle = related(report, "cycle")
            if isinstance(cycle, ReportingCycle):
                campaign = related(cycle, "campaign")
            else:
                campaign = (
                    ReportingCycle.objects.filter(pk=cycle)
                    .values_list("campaign_id", flat=True)
                    .first()
                )
            return paths_above(related(report, "unit"), *campaign_units(campaign))

        home_cache.watch(ReportingCycle)
        home_cache.watch(YearlyReport, report_paths, topic="reports")
