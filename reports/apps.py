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
