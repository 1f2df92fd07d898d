"""A starting rule set for the orientation proposal; each département adjusts it in the admin.

The first active rule that matches the diagnostic proposes the track and the referent body;
the agent decides, and says why when the decision differs.
"""

from relais.rsa.models import OrientationRule, ReferentBody, Track

DEFAULT_RULES = [
    {
        "label": "Moins de 26 ans pouvant travailler : mission locale",
        "max_age": 25,
        "capacities": "now,soon",
        "max_major_constraints": 2,
        "track": Track.PROFESSIONAL,
        "referent_body": ReferentBody.MISSION_LOCALE,
    },
    {
        "label": "Contrainte de santé, peut travailler : Cap emploi",
        "capacities": "now,soon",
        "health": True,
        "max_major_constraints": 2,
        "track": Track.PROFESSIONAL,
        "referent_body": ReferentBody.CAP_EMPLOI,
    },
    {
        "label": "Prêt·e à l'emploi, au plus un frein majeur : France Travail",
        "capacities": "now",
        "max_major_constraints": 1,
        "track": Track.PROFESSIONAL,
        "referent_body": ReferentBody.FRANCE_TRAVAIL,
    },
    {
        "label": "Freins à lever avant l'emploi (au plus trois majeurs) : socio-professionnelle",
        "capacities": "now,soon",
        "max_major_constraints": 3,
        "track": Track.SOCIO_PROFESSIONAL,
        "referent_body": ReferentBody.DEPARTEMENT,
    },
    {
        "label": "Autres situations : accompagnement social par le Département",
        "track": Track.SOCIAL,
        "referent_body": ReferentBody.DEPARTEMENT,
    },
]


def install_default_rules(departement) -> int:
    """Create the default rules where the département has none (idempotent)."""
    if OrientationRule.objects.filter(departement=departement).exists():
        return 0
    OrientationRule.objects.bulk_create(
        OrientationRule(departement=departement, position=(index + 1) * 10, **rule)
        for index, rule in enumerate(DEFAULT_RULES)
    )
    return len(DEFAULT_RULES)
