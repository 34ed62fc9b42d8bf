from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Yearly reports")

    def ready(self):
        from .compiled import register_files

        register_files()
        from . import reminders  # noqa: F401  (registers the reminder renderer of the outbox)
