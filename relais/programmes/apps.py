from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "relais.programmes"
    label = "programmes"
    verbose_name = "Offre d'insertion"

    def ready(self):
        # Registrations: the person page's section and action, the indicators.
        from relais.programmes import indicators, panels  # noqa: F401

        panels.register()
