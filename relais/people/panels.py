"""Sections that pathway apps add to a person's page (the RSA pathway, prescriptions…).

Like actions.py: people does not import the pathway apps. Each registers a template and a
function (user, person) -> context dict, or None when the agent may not see that section.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string


@dataclass(frozen=True)
class PersonPanel:
    template: str
    context: Callable  # (user, person) -> dict | None


_panels: list[PersonPanel] = []


def register_person_panel(template: str, context: Callable) -> None:
    if all(panel.template != template for panel in _panels):
        _panels.append(PersonPanel(template, context))


def panels_for(request, person) -> list[str]:
    rendered = []
    for panel in _panels:
        context = panel.context(request.user, person)
        if context is not None:
            context = {"person": person, **context}
            rendered.append(render_to_string(panel.template, context, request=request))
    return rendered
