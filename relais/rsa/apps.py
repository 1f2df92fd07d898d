from django.apps import AppConfig


class RsaConfig(AppConfig):
    name = "relais.rsa"
    label = "rsa"
    verbose_name = "Parcours RSA"

    def ready(self):
        # Registrations: access rules, person actions and panels, indicators, signal receivers.
        from relais.rsa import indicators, policy, receivers  # noqa: F401
