"""What the demo sites tell the public: their services and the documents to bring.

Only the demo's own sites ("(démo)" in their name) are filled, and only where both texts are
still empty: running it twice, or after a site's team has edited its page, changes nothing.
Every line is one of the usual items of relais.directory.vocabulary, so the demo pages and
leaflets read fully translated in English, Spanish and Arabic.
"""

from django.db import transaction

from relais.territory.models import Departement, Organisation, Site

Kind = Organisation.Kind

WELCOME = "Accueil, écoute et orientation pour toute question sociale"
RIGHTS = "Accès aux droits : RSA, prime d'activité, aides au logement, santé"
IDENTITY = "Pièce d'identité ou titre de séjour"
HEALTH_CARD = "Carte Vitale ou attestation de droits à l'Assurance maladie"
CAF_NUMBER = "Numéro d'allocataire CAF ou MSA"
ADDRESS_PROOF = "Justificatif de domicile de moins de 3 mois"
INCOME = "Justificatifs de ressources des 3 derniers mois"
BANK = "Relevé d'identité bancaire (RIB)"
LETTERS = "Courriers reçus au sujet de votre demande"
CV = "Curriculum vitae (CV), si vous en avez un"
EMPLOYMENT = "Accompagnement vers l'emploi et la formation"

MDS_SERVICES = (
    WELCOME,
    RIGHTS,
    "Accompagnement par une assistante ou un assistant de service social",
    "Accompagnement des bénéficiaires du RSA vers l'emploi",
    "Aide à la gestion du budget et prévention des expulsions",
    "Consultations de protection maternelle et infantile (PMI)",
    "Soutien aux parents et protection de l'enfance",
    "Aide aux démarches en ligne",
    "Aides financières d'urgence et aide alimentaire",
    "Interprétariat par téléphone, sur demande",
)
MDS_DOCUMENTS = (
    IDENTITY,
    HEALTH_CARD,
    CAF_NUMBER,
    ADDRESS_PROOF,
    INCOME,
    "Dernier avis d'imposition",
    "Livret de famille",
    BANK,
    LETTERS,
)

# (services, documents) by kind of organisation; the MDS have the fullest list.
BY_KIND = {
    Kind.MDS: (MDS_SERVICES, MDS_DOCUMENTS),
    Kind.DEPARTEMENT_SERVICE: ((WELCOME, RIGHTS), (IDENTITY, LETTERS)),
    Kind.FRANCE_TRAVAIL: ((EMPLOYMENT, "Aide aux démarches en ligne"), (IDENTITY, CV, BANK)),
    Kind.CAF: (
        ("Accueil des familles et paiement des prestations familiales", RIGHTS),
        (IDENTITY, CAF_NUMBER, INCOME, BANK),
    ),
    Kind.MISSION_LOCALE: (
        ("Accompagnement des jeunes de 16 à 25 ans", EMPLOYMENT),
        (IDENTITY, HEALTH_CARD, CV),
    ),
    Kind.TRAINING_BODY: (("Bilan de compétences", EMPLOYMENT), (IDENTITY, CV)),
    Kind.CCAS: (
        (WELCOME, "Aides financières d'urgence et aide alimentaire", "Aide aux démarches en ligne"),
        (IDENTITY, ADDRESS_PROOF, INCOME, BANK),
    ),
    Kind.ASSOCIATION: ((WELCOME, EMPLOYMENT), (IDENTITY, LETTERS)),
}
# Partners whose trade is not their kind's usual one.
BY_SHORT_NAME = {
    "CIDFF 82": (
        ("Information sur les droits des femmes et des familles", WELCOME),
        (IDENTITY, "Livret de famille", LETTERS),
    ),
}


@transaction.atomic
def ensure_public_site_information(departement: Departement) -> int:
    """Fill the services and documents of the demo sites still without them; return how many."""
    sites = Site.objects.filter(
        organisation__departement=departement,
        name__contains="(démo)",
        services="",
        documents_to_bring="",
    ).select_related("organisation")
    filled = 0
    for site in sites:
        texts = BY_SHORT_NAME.get(site.organisation.short_name) or BY_KIND.get(
            site.organisation.kind
        )
        if texts is None:  # employers: their sites are not on the public guide
            continue
        site.services, site.documents_to_bring = ("\n".join(lines) for lines in texts)
        site.save(update_fields=["services", "documents_to_bring", "updated_at"])
        filled += 1
    return filled
