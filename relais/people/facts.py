"""Facts about a person that pathway apps know and others may read (eligibility, matching).

The RSA pathway knows whether a person is subject to rights and duties, since when they
receive the RSA and their orientation; the insertion offer needs these facts to check a
programme's eligibility. Neither imports the other: the owner registers a provider here.
"""

from collections.abc import Callable

FactProvider = Callable  # (person) -> dict of facts
_providers: dict[str, FactProvider] = {}
_choices: dict[str, list[tuple[str, str]]] = {}


def register_facts(name: str, provider: FactProvider, choices: dict | None = None) -> None:
    """`choices` names the coded values a fact may take, e.g. {"track": [(code, label)…]}."""
    _providers[name] = provider
    for fact, values in (choices or {}).items():
        _choices[fact] = list(values)


def facts_for(person) -> dict:
    facts: dict = {}
    for provider in _providers.values():
        facts.update(provider(person))
    return facts


def fact_choices(fact: str) -> list[tuple[str, str]]:
    return list(_choices.get(fact, []))
