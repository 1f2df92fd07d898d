"""Who the fund helps (action sheet 7.1): RSA beneficiaries followed by a département agent;
with RELAIS_AID_JOINT_SUPPORT, also persons in joint support with France Travail."""

from dataclasses import dataclass

from django.conf import settings

from relais.people.facts import facts_for
from relais.territory.models import Organisation

DEPARTEMENT_KINDS = {Organisation.Kind.MDS, Organisation.Kind.DEPARTEMENT_SERVICE}


@dataclass(frozen=True)
class AidEligibility:
    eligible: bool
    reason: str


def evaluate(person, facts: dict | None = None, *, organisation=None) -> AidEligibility:
    """`organisation`: the applicant's; only the team of the person's référent applies."""
    facts = facts_for(person) if facts is None else facts
    referent = person.referent_organisation
    followed = referent is not None and referent.kind in DEPARTEMENT_KINDS
    if followed and organisation is not None and referent.pk != organisation.pk:
        return AidEligibility(
            False,
            f"accompagné(e) par {referent.name} : c'est l'équipe de son référent de parcours "
            "qui demande l'aide",
        )
    if facts.get("in_rsa") and followed:
        return AidEligibility(True, f"bénéficiaire du RSA accompagné(e) par {referent.name}")
    if settings.RELAIS_AID_JOINT_SUPPORT and facts.get("joint_support"):
        return AidEligibility(True, "en accompagnement global avec France Travail")
    if not facts.get("in_rsa"):
        reason = "n'est pas bénéficiaire du RSA : le FARE82 aide les bénéficiaires du RSA"
    else:
        reason = (
            "bénéficiaire du RSA sans référent de parcours du Département : désignez d'abord "
            "le référent (ASS ou ADE) qui l'accompagne"
        )
    return AidEligibility(False, reason)
