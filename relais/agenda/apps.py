from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "relais.agenda"
    label = "agenda"

    def ready(self):
        # Registers the "planned appointment opens the file" rule with the people policy.
        from relais.agenda import indicators, policy  # noqa: F401 — registrations
        from relais.people.actions import register_person_action

        register_person_action(
            "Prendre un rendez-vous", "agenda:book", lambda user, person: policy.can_book(user)
        )
