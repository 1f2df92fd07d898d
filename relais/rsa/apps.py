from django.apps import AppConfig


class RsaConfig(AppConfig):
    name = "relais.rsa"
    label = "rsa"
    verbose_name = "Parcours RSA"

    def ready(self):
        # Registrations: access rules, person actions and panels, indicators, signal receivers.
        from relais.people.facts import register_facts
        from relais.people.panels import register_person_panel
        from relais.rsa import indicators, policy, receivers  # noqa: F401
        from relais.rsa.facts import CHOICES, rsa_facts
        from relais.rsa.panels import person_panel

        register_person_panel("rsa/_panel.html", person_panel)
        register_facts("rsa", rsa_facts, CHOICES)
