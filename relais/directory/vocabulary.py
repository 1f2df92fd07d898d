"""The usual items of a site's information, with their translations (action sheet 2.3).

A site's services, documents to bring and closure reasons are typed by its staff, in French.
When a line is one of the usual items below (accents, case and punctuation aside), the public
page and the leaflet show it in the reader's language; any other line is shown as typed, marked
as French. The French texts are the message ids of locale/*/LC_MESSAGES/django.po.
"""

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop

from relais.core.text import normalize

SERVICES = (
    gettext_noop("Accueil, écoute et orientation pour toute question sociale"),
    gettext_noop("Accès aux droits : RSA, prime d'activité, aides au logement, santé"),
    gettext_noop("Accompagnement par une assistante ou un assistant de service social"),
    gettext_noop("Accompagnement des bénéficiaires du RSA vers l'emploi"),
    gettext_noop("Aide à la gestion du budget et prévention des expulsions"),
    gettext_noop("Consultations de protection maternelle et infantile (PMI)"),
    gettext_noop("Soutien aux parents et protection de l'enfance"),
    gettext_noop("Aide aux démarches en ligne"),
    gettext_noop("Aides financières d'urgence et aide alimentaire"),
    gettext_noop("Interprétariat par téléphone, sur demande"),
    gettext_noop("Accompagnement vers l'emploi et la formation"),
    gettext_noop("Accompagnement des jeunes de 16 à 25 ans"),
    gettext_noop("Information sur les droits des femmes et des familles"),
    gettext_noop("Bilan de compétences"),
    gettext_noop("Accueil des familles et paiement des prestations familiales"),
)

DOCUMENTS = (
    gettext_noop("Pièce d'identité ou titre de séjour"),
    gettext_noop("Carte Vitale ou attestation de droits à l'Assurance maladie"),
    gettext_noop("Numéro d'allocataire CAF ou MSA"),
    gettext_noop("Justificatif de domicile de moins de 3 mois"),
    gettext_noop("Justificatifs de ressources des 3 derniers mois"),
    gettext_noop("Dernier avis d'imposition"),
    gettext_noop("Livret de famille"),
    gettext_noop("Relevé d'identité bancaire (RIB)"),
    gettext_noop("Bail ou dernière quittance de loyer"),
    gettext_noop("Courriers reçus au sujet de votre demande"),
    gettext_noop("Curriculum vitae (CV), si vous en avez un"),
    gettext_noop("Carnet de santé de l'enfant"),
)

CLOSURE_REASONS = (
    gettext_noop("Formation de l'équipe"),
    gettext_noop("Travaux d'accessibilité"),
    gettext_noop("Pont de l'Ascension"),
    gettext_noop("Inventaire annuel"),
    gettext_noop("Fermeture estivale"),
    gettext_noop("Fermeture de fin d'année"),
)

# The languages spoken at reception, as written in Site.languages.
LANGUAGE_NAMES = (
    gettext_noop("français"),
    gettext_noop("anglais"),
    gettext_noop("espagnol"),
    gettext_noop("arabe"),
    gettext_noop("portugais"),
    gettext_noop("turc"),
    gettext_noop("italien"),
    gettext_noop("allemand"),
    gettext_noop("langue des signes française"),
)

# French public holidays as the `holidays` package names them in French.
HOLIDAY_NAMES = (
    gettext_noop("Jour de l'an"),
    gettext_noop("Lundi de Pâques"),
    gettext_noop("Fête du Travail"),
    gettext_noop("Fête de la Victoire"),
    gettext_noop("Ascension"),
    gettext_noop("Lundi de Pentecôte"),
    gettext_noop("Fête nationale"),
    gettext_noop("Assomption"),
    gettext_noop("Toussaint"),
    gettext_noop("Armistice"),
    gettext_noop("Noël"),
)

_KNOWN = {
    normalize(text): text
    for text in SERVICES + DOCUMENTS + CLOSURE_REASONS + LANGUAGE_NAMES + HOLIDAY_NAMES
}


@dataclass(frozen=True)
class Line:
    """One item to show; `lang` is "fr" when it stays in French on a page in another language."""

    text: str
    lang: str | None = None


def translate_line(text: str, language: str) -> Line:
    """The item in the active language when it is a usual one, else as typed (French)."""
    text = text.strip()
    message_id = _KNOWN.get(normalize(text))
    if message_id is not None:
        return Line(gettext(message_id))
    return Line(text, lang=None if language == "fr" else "fr")


def translate_lines(text: str, language: str, *, separator: str = "\n") -> list[Line]:
    return [translate_line(item, language) for item in text.split(separator) if item.strip()]
