"""A published MDS site with hours, a closure, services and documents; a partner's site."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from relais.territory.models import Closure, OpeningHours, Organisation
from tests.factories import CommuneFactory, OrganisationFactory, SiteFactory

SERVICES = "\n".join(
    [
        "Accueil, écoute et orientation pour toute question sociale",
        "Aide aux démarches en ligne",
        "Atelier cuisine du jeudi",  # not a usual item: stays in French
    ]
)
DOCUMENTS = "\n".join(
    [
        "Pièce d'identité ou titre de séjour",
        "justificatif de domicile de moins de 3 mois",  # typed without capital: still known
    ]
)


@pytest.fixture(autouse=True, scope="session")
def _compiled_translations():
    """The .mo files are build products (make messages): say so rather than fail in French."""
    for language in ("en", "es", "ar"):
        messages = settings.LOCALE_PATHS[0] / language / "LC_MESSAGES"
        po, mo = messages / "django.po", messages / "django.mo"
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            pytest.fail(f"Traductions non compilées ({mo}) : lancez `make messages`.")


@pytest.fixture
def mds_site(db):
    site = SiteFactory(
        organisation=OrganisationFactory(name="MDS de Moissac", kind=Organisation.Kind.MDS),
        commune=CommuneFactory(insee_code="82112", name="Moissac", postcodes="82200"),
        name="Site de Moissac",
        address="21 quai des Pêcheurs",
        phone="05 63 91 01 11",
        email="accueil.moissac@demo.invalid",
        languages="français, arabe",
        services=SERVICES,
        documents_to_bring=DOCUMENTS,
        is_first_reception=True,
    )
    for weekday in range(5):
        OpeningHours.objects.create(
            site=site, weekday=weekday, opens_at=dt.time(8, 30), closes_at=dt.time(12, 0)
        )
    OpeningHours.objects.create(
        site=site, weekday=1, opens_at=dt.time(13, 30), closes_at=dt.time(17, 0)
    )
    start = timezone.localdate() + dt.timedelta(days=10)
    Closure.objects.create(
        site=site,
        start_date=start,
        end_date=start + dt.timedelta(days=1),
        reason="Formation de l'équipe",
    )
    return site


@pytest.fixture
def partner_site(db):
    return SiteFactory(
        organisation=OrganisationFactory(
            name="CCAS de Lauzerte", kind=Organisation.Kind.CCAS, is_first_reception=True
        ),
        name="CCAS de Lauzerte",
    )
