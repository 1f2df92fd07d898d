"""Word lists and proportions of the synthetic persons: invented, plausible, nothing real.

Weights are rough orders of magnitude for a rural French département's social services, chosen
so that the demo's lists, filters and statistics show every case; they are not statistics.
"""

from dataclasses import dataclass

from relais.people.models import Event, Nationality

ORIGINS = (
    (Nationality.FRENCH, 84),
    (Nationality.EU, 5),
    (Nationality.OUTSIDE_EU, 9),
    (Nationality.UNKNOWN, 2),
)
ADULT_AGES = (
    ((18, 24), 12),
    ((25, 34), 25),
    ((35, 44), 24),
    ((45, 54), 20),
    ((55, 64), 14),
    ((65, 75), 5),
)
CHILDREN = ((0, 45), (1, 22), (2, 20), (3, 9), (4, 4))


@dataclass(frozen=True)
class Country:
    name: str
    name_group: str  # which pool of names
    languages: tuple[str, ...]
    cities: tuple[str, ...]


COUNTRIES = {
    Nationality.EU: (
        Country("Portugal", "pt", ("portugais",), ("Porto", "Braga", "Lisbonne", "Viseu")),
        Country("Espagne", "es", ("espagnol",), ("Saragosse", "Madrid", "Barcelone", "Lérida")),
        Country("Italie", "it", ("italien",), ("Turin", "Naples", "Milan", "Bari")),
        Country("Roumanie", "ro", ("roumain",), ("Bucarest", "Iași", "Cluj-Napoca")),
    ),
    Nationality.OUTSIDE_EU: (
        Country("Maroc", "maghreb", ("arabe",), ("Casablanca", "Fès", "Oujda", "Agadir")),
        Country("Algérie", "maghreb", ("arabe",), ("Alger", "Oran", "Constantine", "Tlemcen")),
        Country("Tunisie", "maghreb", ("arabe",), ("Tunis", "Sfax", "Sousse")),
        Country("Turquie", "tr", ("turc",), ("Ankara", "Istanbul", "Konya", "Kayseri")),
        Country("Sénégal", "west_africa", ("wolof", "français"), ("Dakar", "Thiès", "Ziguinchor")),
        Country("Nigeria", "west_africa", ("anglais",), ("Lagos", "Ibadan", "Enugu")),
        Country("Brésil", "pt", ("portugais",), ("São Paulo", "Recife", "Belo Horizonte")),
        Country("Colombie", "es", ("espagnol",), ("Bogota", "Medellín", "Cali")),
    ),
}

FRENCH_BIRTH_PLACES = (
    "Montauban",
    "Montauban",
    "Toulouse",
    "Toulouse",
    "Castelsarrasin",
    "Moissac",
    "Caussade",
    "Agen",
    "Cahors",
    "Albi",
    "Auch",
    "Rodez",
    "Villeneuve-sur-Lot",
    "Bordeaux",
    "Paris",
    "Lyon",
    "Marseille",
    "Lille",
    "Nantes",
    "Limoges",
    "Perpignan",
    "Pointe-à-Pitre",
)
# Children are mostly born in the maternity wards near home.
CHILD_BIRTH_PLACES = ("Montauban", "Montauban", "Montauban", "Toulouse", "Castelsarrasin", "Agen")

_STREET_KINDS = ("rue", "avenue", "chemin", "impasse", "allée", "place", "boulevard", "route")
_STREET_NAMES = (
    "des Lilas",
    "Jean Jaurès",
    "de la République",
    "Victor Hugo",
    "du Moulin",
    "des Écoles",
    "de la Gare",
    "Pasteur",
    "du Stade",
    "des Acacias",
    "de l'Église",
    "des Jardins",
    "du Quercy",
    "de la Garonne",
    "du Tarn",
    "Gambetta",
    "Léon Blum",
    "des Vignes",
    "des Peupliers",
    "Émile Zola",
    "de la Mairie",
    "du Lavoir",
    "des Tilleuls",
    "Saint-Jacques",
    "de Toulouse",
    "de Cahors",
    "d'Agen",
    "Marcel Pagnol",
    "Olympe de Gouges",
    "des Coteaux",
)
STREETS = tuple(f"{kind} {name}" for kind in _STREET_KINDS for name in _STREET_NAMES)

# Added to Faker's French names: accents, apostrophes and hyphens the search must handle.
EXTRA_LAST_NAMES = [
    "Lefèvre",
    "Dupont-Moreau",
    "Noël",
    "Bénard",
    "Lemaître",
    "Carrère",
    "Lagarrigue",
    "Delmas",
    "Castéra",
    "Séguier",
    "Barthélemy",
    "Pélissier",
    "Marty",
    "Couderc",
    "Cazals",
    "Bergé",
    "D'Almeida",
    "Léger-Rouquette",
    "Ducasse",
    "Fabré",
]
EXTRA_FEMALE_NAMES = [
    "Hélène",
    "Noëlle",
    "Maëlle",
    "Zoé",
    "Chloé",
    "Marie-Hélène",
    "Anne-Sophie",
    "Léa",
    "Clémence",
    "Éloïse",
    "Gaëlle",
    "Joséphine",
    "Maïté",
    "Inès",
]
EXTRA_MALE_NAMES = [
    "François",
    "Noël",
    "Jean-Pierre",
    "Jean-Michel",
    "Loïc",
    "Gaël",
    "Jérôme",
    "Hervé",
    "Benoît",
    "Raphaël",
    "Joël",
    "Anthony",
    "Théo",
    "Mathéo",
]

# Groups Faker has no Latin-script locale for: (last names, female, male).
HAND_POOLS = {
    "maghreb": (
        (
            "Benali",
            "Haddad",
            "Mansouri",
            "Belkacem",
            "Bouzid",
            "Cherif",
            "Amrani",
            "Bennani",
            "Chaoui",
            "Ouali",
            "Saïdi",
            "Zerrouki",
            "Kaddouri",
            "Hamdi",
            "Larbi",
            "Messaoudi",
            "Rahmani",
            "Tahiri",
            "El Idrissi",
            "Aït Ahmed",
            "Bensaïd",
            "Boukhari",
        ),
        (
            "Fatima",
            "Amina",
            "Yasmina",
            "Nadia",
            "Samira",
            "Khadija",
            "Leïla",
            "Salma",
            "Meriem",
            "Nour",
            "Soraya",
            "Hafsa",
        ),
        (
            "Mohamed",
            "Karim",
            "Youssef",
            "Rachid",
            "Mehdi",
            "Hicham",
            "Saïd",
            "Nabil",
            "Omar",
            "Bilal",
            "Amine",
            "Walid",
        ),
    ),
    "west_africa": (
        (
            "Diallo",
            "Ndiaye",
            "Diop",
            "Traoré",
            "Koné",
            "Sow",
            "Camara",
            "Touré",
            "Coulibaly",
            "Fall",
            "Kouassi",
            "Konaté",
            "Cissé",
            "Okafor",
            "Adeyemi",
            "Nwosu",
        ),
        (
            "Aminata",
            "Fatou",
            "Awa",
            "Mariama",
            "Aïssatou",
            "Adama",
            "Khady",
            "Ramatoulaye",
            "Ngozi",
            "Chiamaka",
        ),
        (
            "Mamadou",
            "Moussa",
            "Ibrahima",
            "Ousmane",
            "Abdoulaye",
            "Cheikh",
            "Souleymane",
            "Seydou",
            "Chinedu",
            "Emeka",
        ),
    ),
}

FOLLOW_UP_KINDS = ((Event.Kind.NOTE, 45), (Event.Kind.VISIT, 30), (Event.Kind.APPOINTMENT, 25))

CREATED_SUMMARY = "Création du dossier"
CONSENT_SUMMARY = (
    "Consentement accordé : Partage du dossier avec les partenaires qui l'accompagnent"
)
REFERENT_SUMMARY = "Référent de parcours : {name} ({organisation})"

SUMMARIES = {
    Event.Kind.NOTE: (
        "Entretien de suivi : point sur la recherche d'emploi.",
        "Appel téléphonique : demande de logement social en cours d'instruction.",
        "Point budget : échéancier mis en place avec le fournisseur d'énergie.",
        "Santé : ouverture des droits à la complémentaire santé solidaire.",
        "Orientation vers l'atelier numérique de la médiathèque.",
        "Mobilité : recherche d'une solution de transport pour se rendre en formation.",
        "Garde d'enfants : demande de place en crèche pour reprendre une formation.",
        "Bilan du parcours : objectifs atteints, nouveaux objectifs fixés ensemble.",
        "Démarches administratives : renouvellement du titre de séjour accompagné.",
        "Point sur la candidature à une formation d'aide à domicile.",
    ),
    Event.Kind.VISIT: (
        "Accueil sur site : demande d'information sur le RSA.",
        "Accueil sur site : aide à la déclaration trimestrielle de ressources.",
        "Accueil téléphonique : question sur un courrier de la CAF.",
        "Accueil sur site : dépôt de justificatifs.",
        "Accueil sur site : demande d'aide alimentaire d'urgence.",
        "Accueil sur site : prise de rendez-vous avec l'assistante sociale.",
    ),
    Event.Kind.APPOINTMENT: (
        "Rendez-vous d'accompagnement réalisé.",
        "Rendez-vous de diagnostic socio-professionnel réalisé.",
        "Rendez-vous non honoré : nouvelle convocation à prévoir.",
        "Rendez-vous annulé à la demande de la personne.",
        "Rendez-vous conjoint avec la conseillère France Travail.",
    ),
}
