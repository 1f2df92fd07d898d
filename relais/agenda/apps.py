from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "relais.agenda"
    label = "agenda"
