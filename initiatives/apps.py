from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from .exports import register_files

        register_files()

        # The home page's panels show initiatives (of a unit and of its campaign's
        # organisation), their recognitions (the charts) and the council's assignments.
        from campaigns.selectors import campaign_units
        from portal import home_cache
        from units.paths import paths_above, related

        from .models import CouncilAssignment, Initiative, Recognition

        def initiative_paths(initiative):
            campaign = campaign_units(related(initiative, "campaign"))
            return paths_above(related(initiative, "unit"), *campaign)

        home_cache.watch(Initiative, initiative_paths, topic="initiatives")
        home_cache.watch(Recognition, lambda r: initiative_paths(r.initiative), topic="initiatives")
        home_cache.watch(CouncilAssignment)
