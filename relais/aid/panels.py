"""The fund on a person's page: the section of their applications and the apply action.

Registered with people at start-up (apps.py calls register()): people does not import us.
"""

from django.db.models.query import EmptyQuerySet

from relais.aid import policy


def person_panel(user, person) -> dict | None:
    """One query: the person's applications this user may see, with their category."""
    visible = policy.visible_applications(user)
    if isinstance(visible, EmptyQuerySet):
        return None  # a role that sees no application gets no section, and no query
    applications = list(
        visible.filter(person_id=person.pk).select_related("category").order_by("-created_at")
    )
    can_apply = policy.can_apply(user, person)
    if not applications and not can_apply:
        return None  # nothing to show nor to do: no empty section on the page
    return {"aid_applications": applications, "can_apply_aid": can_apply}


def register() -> None:
    from relais.people.actions import register_person_action
    from relais.people.panels import register_person_panel

    register_person_panel("aid/_panel.html", person_panel)
    register_person_action("Demander une aide FARE82", "aid:apply", policy.can_apply)
