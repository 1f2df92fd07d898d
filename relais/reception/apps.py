from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    name = "relais.reception"
    label = "reception"
