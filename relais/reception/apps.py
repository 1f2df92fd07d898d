from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    name = "relais.reception"
    label = "reception"

    def ready(self):
        from relais.reception import indicators  # noqa: F401 — registers the figures
