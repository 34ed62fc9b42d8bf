from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Demo data, scale seeding and benchmarks: installed with DEBUG=1 or DEV_TOOLS=1 only."""

    name = "devtools"
    verbose_name = "Development tools"
