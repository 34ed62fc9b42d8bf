from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Units and people")

    def ready(self):
        from .exports import register_files

        register_files()

        # The home page's panels name units, people and roles.
        from portal import home_cache

        from .models import Person, RoleAssignment, Unit

        for model in (Unit, Person, RoleAssignment):
            home_cache.watch(model)
