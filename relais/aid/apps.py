from django.apps import AppConfig


class AidConfig(AppConfig):
    name = "relais.aid"
    label = "aid"
    verbose_name = "Fonds FARE82"
