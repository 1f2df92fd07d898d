from django.apps import AppConfig


class AidConfig(AppConfig):
    name = "relais.aid"
    label = "aid"
    verbose_name = "Fonds FARE82"

    def ready(self):
        # Registrations: the person page's section and action, the indicators.
        from relais.aid import indicators, panels  # noqa: F401

        panels.register()
