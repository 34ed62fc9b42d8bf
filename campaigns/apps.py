from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from units.sections import register_unit_section

        from .selectors import unit_campaigns_section

        # A unit's page lists the campaigns it takes part in.
        register_unit_section(unit_campaigns_section)

        # The home page's panels show campaigns, their phases and award forms.
        from portal import home_cache

        from .models import AwardForm, Campaign, Phase

        for model in (Campaign, Phase, AwardForm):
            home_cache.watch(model)
