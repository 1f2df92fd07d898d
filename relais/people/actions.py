"""Actions that pathway apps offer on a person's page (book an appointment, prescribe…).

People does not import the pathway apps: they register here at start-up, and the person's
page lists the actions the current agent may take.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class PersonAction:
    label: str
    url_name: str
    allowed: Callable  # (user, person) -> bool


_actions: list[PersonAction] = []


def register_person_action(label: str, url_name: str, allowed: Callable) -> None:
    if all(action.url_name != url_name for action in _actions):
        _actions.append(PersonAction(label, url_name, allowed))


def actions_for(user, person) -> list[dict]:
    return [
        {"label": action.label, "url": reverse(action.url_name, kwargs={"uuid": person.uuid})}
        for action in _actions
        if action.allowed(user, person)
    ]
