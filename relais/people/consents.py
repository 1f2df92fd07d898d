"""A person's current answer to each consent purpose: the latest recorded wins."""

from relais.people.models import Consent


def latest_consents(person_ids) -> dict[tuple[int, str], bool]:
    """{(person_id, purpose): given} — a withdrawal wins over an older yes."""
    latest: dict[tuple[int, str], bool] = {}
    for consent in Consent.objects.filter(person_id__in=person_ids).order_by("recorded_at", "pk"):
        latest[(consent.person_id, consent.purpose)] = consent.given
    return latest


def consents_of(person) -> dict[str, bool]:
    """{purpose: given} for one person."""
    return {purpose: given for (_, purpose), given in latest_consents([person.pk]).items()}


def consent_given(person, purpose: str) -> bool:
    return consents_of(person).get(purpose, False)
