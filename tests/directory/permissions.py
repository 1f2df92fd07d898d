"""The public guide: every page opens for everyone, the anonymous visitor included."""

from relais.territory.models import Site
from tests.permissions import rule

EXPECTED = {
    "directory:sites": rule(200, anonymous=200),
    "directory:site": rule(200, anonymous=200),
    "directory:leaflet": rule(200, anonymous=200),
}


def url_kwargs(world) -> dict:
    return {"site_slug": Site.objects.get(organisation=world.mds_a).public_slug}
