from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        # The dossier registers its generated-file kind on import.
        from reports import sources

        from . import dossier, signed_documents  # noqa: F401
        from .reporting import SOURCE

        # Yearly reports and the statistics count awards through this source.
        sources.register_awards(SOURCE)
        # A phase's conference honours the awards of its round.
        from campaigns import conference

        from .reporting import conference_honourees

        conference.register_honourees(conference_honourees)
