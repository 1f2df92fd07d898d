"""The demo territory of Tarn-et-Garonne: fictitious MDS, sites, sectors and partners.

Every organisation and site is invented ("(démo)" in its name, addresses and e-mails that lead
nowhere); only the communes are real, loaded from the shipped reference data. Everything is
fetched or created by its natural key, so running this twice changes nothing.
"""

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from relais.core.text import normalize
from relais.territory.models import (
    Closure,
    Commune,
    Departement,
    OpeningHours,
    Organisation,
    Sector,
    Site,
)
from relais.territory.services import load_territory

Kind = Organisation.Kind

# The organisations below sit in this département's real communes.
DEPARTEMENT_CODE = "82"
DAST_NAME = "Département de Tarn-et-Garonne — DAST (démo)"
EMPLOYER_NAME = "Boulangerie du Quercy (démo)"
SITE_NAME = "Maison Départementale des Solidarités — site de {label} (démo)"


@dataclass(frozen=True)
class SiteSpec:
    label: str
    commune: str  # INSEE code
    address: str


@dataclass(frozen=True)
class OrganisationSpec:
    name: str
    kind: str
    short_name: str
    sites: tuple[SiteSpec, ...] = ()
    is_first_reception: bool = False


# Two MDS share Montauban: their sectors are centred on the mean of their sites' communes,
# so the second site of each (north, south) is what splits the agglomeration between them.
MDS_SPECS = (
    OrganisationSpec(
        "MDS de Montauban Nord (démo)",
        Kind.MDS,
        "MDS Montauban Nord",
        (
            SiteSpec("Montauban Nord", "82121", "14 avenue des Solidarités"),
            SiteSpec("Lamothe-Capdeville", "82090", "2 place de la Mairie"),
        ),
    ),
    OrganisationSpec(
        "MDS de Montauban Sud (démo)",
        Kind.MDS,
        "MDS Montauban Sud",
        (
            SiteSpec("Montauban Sud", "82121", "37 boulevard de l'Entraide"),
            SiteSpec("Labastide-Saint-Pierre", "82079", "5 rue des Écoles"),
        ),
    ),
    OrganisationSpec(
        "MDS de Castelsarrasin (démo)",
        Kind.MDS,
        "MDS Castelsarrasin",
        (SiteSpec("Castelsarrasin", "82033", "8 allée des Tilleuls"),),
    ),
    OrganisationSpec(
        "MDS de Moissac (démo)",
        Kind.MDS,
        "MDS Moissac",
        (SiteSpec("Moissac", "82112", "21 quai des Pêcheurs"),),
    ),
    OrganisationSpec(
        "MDS de Valence d'Agen (démo)",
        Kind.MDS,
        "MDS Valence d'Agen",
        (SiteSpec("Valence d'Agen", "82186", "3 rue de la Fraternité"),),
    ),
    OrganisationSpec(
        "MDS de Caussade (démo)",
        Kind.MDS,
        "MDS Caussade",
        (
            SiteSpec("Caussade", "82037", "11 avenue du Quercy"),
            SiteSpec("Septfonds", "82179", "1 place du Foirail"),
        ),
    ),
    OrganisationSpec(
        "MDS de Beaumont-de-Lomagne (démo)",
        Kind.MDS,
        "MDS Beaumont-de-Lomagne",
        (
            SiteSpec("Beaumont-de-Lomagne", "82013", "6 rue de la Halle"),
            SiteSpec("Lavit", "82097", "4 chemin des Coteaux"),
        ),
    ),
    OrganisationSpec(
        "MDS de Nègrepelisse (démo)",
        Kind.MDS,
        "MDS Nègrepelisse",
        (SiteSpec("Nègrepelisse", "82134", "9 rue du Château"),),
    ),
)

PARTNER_SPECS = (
    OrganisationSpec(
        DAST_NAME,
        Kind.DEPARTEMENT_SERVICE,
        "DAST",
        (SiteSpec("Hôtel du Département", "82121", "100 boulevard du Département"),),
    ),
    OrganisationSpec(
        "France Travail Montauban (démo)",
        Kind.FRANCE_TRAVAIL,
        "France Travail Montauban",
        (SiteSpec("France Travail Montauban", "82121", "25 rue de l'Emploi"),),
    ),
    OrganisationSpec(
        "CAF de Tarn-et-Garonne (démo)",
        Kind.CAF,
        "CAF 82",
        (SiteSpec("CAF Montauban", "82121", "30 avenue des Allocations"),),
    ),
    OrganisationSpec(
        "CIDFF 82 (démo)",
        Kind.ASSOCIATION,
        "CIDFF 82",
        (SiteSpec("CIDFF Montauban", "82121", "7 rue des Droits"),),
    ),
    OrganisationSpec(
        "EPICE 82 (démo)",
        Kind.ASSOCIATION,
        "EPICE 82",
        (SiteSpec("EPICE Montauban", "82121", "18 rue de l'Initiative"),),
    ),
    OrganisationSpec(
        "CIBC 82 (démo)",
        Kind.TRAINING_BODY,
        "CIBC 82",
        (SiteSpec("CIBC Montauban", "82121", "12 rue des Compétences"),),
    ),
    OrganisationSpec(
        "Mission locale (démo)",
        Kind.MISSION_LOCALE,
        "Mission locale",
        (SiteSpec("Mission locale Montauban", "82121", "4 place de la Jeunesse"),),
    ),
    OrganisationSpec(
        "CCAS de Montech (démo)",
        Kind.CCAS,
        "CCAS Montech",
        (SiteSpec("CCAS de Montech", "82125", "1 place de la Mairie"),),
        is_first_reception=True,
    ),
    OrganisationSpec(
        "CCAS de Lauzerte (démo)",
        Kind.CCAS,
        "CCAS Lauzerte",
        (SiteSpec("CCAS de Lauzerte", "82094", "2 place des Cornières"),),
        is_first_reception=True,
    ),
    OrganisationSpec(
        "CCAS de Saint-Antonin-Noble-Val (démo)",
        Kind.CCAS,
        "CCAS Saint-Antonin",
        (SiteSpec("CCAS de Saint-Antonin-Noble-Val", "82155", "3 rue de l'Aveyron"),),
        is_first_reception=True,
    ),
    OrganisationSpec(
        EMPLOYER_NAME,
        Kind.EMPLOYER,
        "Boulangerie du Quercy",
        (SiteSpec("Boulangerie du Quercy", "82121", "45 rue du Fournil"),),
    ),
    # The operators of the insertion offer (action sheets 7.1, 8.4 and 8.6), after the others:
    # appended, they leave the phone numbers and languages of the earlier sites as they were.
    OrganisationSpec(
        "Montauban Services (démo)",
        Kind.ASSOCIATION,
        "Montauban Services",
        (SiteSpec("Plateforme mobilité Montauban", "82121", "9 avenue de la Mobilité"),),
    ),
    OrganisationSpec(
        "Langues et Savoirs 82 (démo)",
        Kind.TRAINING_BODY,
        "Langues et Savoirs 82",
        (SiteSpec("Langues et Savoirs Montauban", "82121", "16 rue des Lettres"),),
    ),
    OrganisationSpec(
        "Alpha Quercy Formation (démo)",
        Kind.TRAINING_BODY,
        "Alpha Quercy Formation",
        (SiteSpec("Alpha Quercy Caussade", "82037", "5 place de l'Alphabet"),),
    ),
    OrganisationSpec(
        "Cap Coaching 82 (démo)",
        Kind.ASSOCIATION,
        "Cap Coaching 82",
        (SiteSpec("Cap Coaching Montauban", "82121", "22 rue du Rebond"),),
    ),
    OrganisationSpec(
        "Trajectoires Emploi (démo)",
        Kind.ASSOCIATION,
        "Trajectoires Emploi",
        (SiteSpec("Trajectoires Emploi Castelsarrasin", "82033", "3 allée des Parcours"),),
    ),
    OrganisationSpec(
        "Élan Coaching Garonne (démo)",
        Kind.ASSOCIATION,
        "Élan Coaching Garonne",
        (SiteSpec("Élan Coaching Valence d'Agen", "82186", "10 quai de l'Élan"),),
    ),
    # The FARE82's files go to the secretariat of this direction (action sheet 7.1).
    OrganisationSpec(
        "Direction de la Cohésion sociale — Pôle des solidarités humaines (démo)",
        Kind.DEPARTEMENT_SERVICE,
        "Cohésion sociale",
        (
            SiteSpec(
                "Hôtel du Département — Cohésion sociale", "82121", "100 boulevard du Département"
            ),
        ),
    ),
)

ACCESSIBILITY = (
    "Accès de plain-pied, place de stationnement réservée devant l'entrée, "
    "boucle magnétique à l'accueil."
)
LANGUAGES = ("français, anglais", "français, espagnol", "français, arabe", "français, portugais")
CLOSURE_REASONS = (
    "Formation de l'équipe",
    "Travaux d'accessibilité",
    "Pont de l'Ascension",
    "Inventaire annuel",
)
MORNING = (dt.time(8, 30), dt.time(12, 0))
AFTERNOON = (dt.time(13, 30), dt.time(17, 0))


@dataclass
class DemoTerritory:
    departement: Departement
    dast: Organisation | None = None
    employer: Organisation | None = None
    mds: list[Organisation] = field(default_factory=list)
    partners: dict[str, Organisation] = field(default_factory=dict)  # by short name
    first_sites: dict[int, Site] = field(default_factory=dict)  # organisation pk → first site
    created: int = 0  # rows created by this run (organisations, sites, sectors…)


@transaction.atomic
def ensure_demo_territory() -> DemoTerritory:
    """Fetch or create the demo organisations of Tarn-et-Garonne (idempotent)."""
    load_territory(code=DEPARTEMENT_CODE)
    departement = Departement.objects.get(code=DEPARTEMENT_CODE)
    communes = {commune.insee_code: commune for commune in departement.communes.all()}
    territory = DemoTerritory(departement=departement)
    for index, spec in enumerate(MDS_SPECS + PARTNER_SPECS):
        organisation = _ensure_organisation(territory, spec, index)
        sites = [
            _ensure_site(territory, organisation, site_spec, communes, index * 2 + position)
            for position, site_spec in enumerate(spec.sites)
        ]
        territory.first_sites[organisation.pk] = sites[0]
        if spec.kind == Kind.MDS:
            territory.mds.append(organisation)
        else:
            territory.partners[spec.short_name] = organisation
    territory.dast = territory.partners["DAST"]
    territory.employer = territory.partners["Boulangerie du Quercy"]
    _ensure_sectors(territory, communes)
    return territory


def _ensure_organisation(territory: DemoTerritory, spec: OrganisationSpec, index: int):
    organisation, created = Organisation.objects.get_or_create(
        departement=territory.departement,
        name=spec.name,
        defaults={
            "kind": spec.kind,
            "short_name": spec.short_name,
            "phone": _phone(index, 0),
            "email": f"contact.{_slug(spec.short_name)}@demo.invalid",
            "is_first_reception": spec.is_first_reception or spec.kind == Kind.MDS,
        },
    )
    territory.created += created
    return organisation


def _ensure_site(territory, organisation, spec: SiteSpec, communes: dict, index: int) -> Site:
    site, created = Site.objects.get_or_create(
        organisation=organisation,
        name=_site_name(organisation, spec),
        defaults={
            "address": spec.address,
            "commune": communes[spec.commune],
            "phone": _phone(index, 1),
            "email": f"accueil.{_slug(spec.label)}@demo.invalid",
            "accessibility": ACCESSIBILITY,
            "languages": LANGUAGES[index % len(LANGUAGES)],
            "is_first_reception": organisation.is_first_reception,
        },
    )
    if created:
        territory.created += 1
        _add_opening_hours(site, closed_afternoon=index % 5)
        _add_closure(site, index)
    return site


def _site_name(organisation: Organisation, spec: SiteSpec) -> str:
    if organisation.kind == Kind.MDS:
        return SITE_NAME.format(label=spec.label)
    return f"{spec.label} (démo)"


def _add_opening_hours(site: Site, *, closed_afternoon: int) -> None:
    """Monday to Friday, morning and afternoon, except one afternoon kept for team work."""
    slots = []
    for weekday in range(5):
        slots.append(
            OpeningHours(site=site, weekday=weekday, opens_at=MORNING[0], closes_at=MORNING[1])
        )
        if weekday != closed_afternoon:
            slots.append(
                OpeningHours(
                    site=site, weekday=weekday, opens_at=AFTERNOON[0], closes_at=AFTERNOON[1]
                )
            )
    OpeningHours.objects.bulk_create(slots)


def _add_closure(site: Site, index: int) -> None:
    # A closure a few weeks ahead, so that it shows on the site's page during the demo.
    start = timezone.localdate() + dt.timedelta(days=20 + 7 * (index % 6))
    Closure.objects.create(
        site=site,
        start_date=start,
        end_date=start + dt.timedelta(days=index % 2),
        reason=CLOSURE_REASONS[index % len(CLOSURE_REASONS)],
    )


def _ensure_sectors(territory: DemoTerritory, communes: dict[str, Commune]) -> None:
    """Give each MDS the communes nearest to it: every commune in exactly one MDS sector."""
    anchors = {mds.pk: _anchor(mds) for mds in territory.mds}
    members: dict[int, list[int]] = {mds.pk: [] for mds in territory.mds}
    for commune in communes.values():
        point = (float(commune.latitude), float(commune.longitude))
        nearest = min(territory.mds, key=lambda mds: _distance(point, anchors[mds.pk]))
        members[nearest.pk].append(commune.pk)
    for mds in territory.mds:
        sector, created = Sector.objects.get_or_create(
            organisation=mds,
            name=f"Secteur de la {mds.short_name}",
            defaults={"site": territory.first_sites[mds.pk]},
        )
        territory.created += created
        # set() only writes the difference: nothing at all on a second run.
        sector.communes.set(members[mds.pk])


def _anchor(mds: Organisation) -> tuple[float, float]:
    points = [
        (float(site.commune.latitude), float(site.commune.longitude))
        for site in mds.sites.select_related("commune").order_by("pk")
    ]
    return (
        sum(lat for lat, _ in points) / len(points),
        sum(lon for _, lon in points) / len(points),
    )


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance: exact enough to compare distances within one département."""
    mean_lat = math.radians((a[0] + b[0]) / 2)
    return math.hypot(a[0] - b[0], (a[1] - b[1]) * math.cos(mean_lat))


def _phone(index: int, line: int) -> str:
    return f"05 63 {90 + line:02d} {index // 10 % 10}{index % 10} {10 + line:02d}"


def _slug(text: str) -> str:
    return normalize(text).replace(" ", "-")


def mds_by_commune(departement: Departement) -> dict[int, int]:
    """Commune pk → pk of the MDS whose sector covers it."""
    rows = Sector.communes.through.objects.filter(
        sector__organisation__departement=departement, sector__organisation__kind=Kind.MDS
    ).values_list("commune_id", "sector__organisation_id")
    return dict(rows)
