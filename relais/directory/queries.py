"""Read side of the public guide: which sites are shown, and what to tell about each one.

Everything that depends on the date takes `today` as an argument: the views pass the local
date, the tests the date they need (a 14 July, a Christmas).
"""

import datetime as dt
from dataclasses import dataclass

import holidays
from dateutil.easter import easter
from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils.dates import WEEKDAYS

from relais.core.text import normalize
from relais.directory.vocabulary import Line, translate_line, translate_lines
from relais.territory.models import Closure, Organisation, Site

# How far ahead closures and public holidays are announced.
HORIZON_DAYS = 60
# The signage name of the département's social centres (action sheet 2.2): a proper name,
# kept in French in every language since it is the one written on the building.
MDS_NAME = "Maison Départementale des Solidarités"


@dataclass(frozen=True)
class DayHours:
    weekday: int
    name: str
    slots: list[tuple[dt.time, dt.time]]


@dataclass(frozen=True)
class ClosureNotice:
    start: dt.date
    end: dt.date
    reason: Line
    is_holiday: bool

    @property
    def single_day(self) -> bool:
        return self.start == self.end


@dataclass(frozen=True)
class SiteSummary:
    site: Site
    heading: str
    is_mds: bool
    is_first_reception: bool

    @property
    def heading_in_name(self) -> bool:
        """The site's name already says it ("Maison Départementale des Solidarités — …")."""
        return normalize(self.heading) in normalize(self.site.name)


@dataclass(frozen=True)
class SiteInformation(SiteSummary):
    week: list[DayHours]
    closures: list[ClosureNotice]
    services: list[Line]
    documents: list[Line]
    languages: list[Line]
    today: dt.date
    horizon_end: dt.date

    @property
    def is_open_some_day(self) -> bool:
        return any(day.slots for day in self.week)


def public_sites() -> QuerySet[Site]:
    """The sites of this deployment's département that the public may see.

    Employers' sites never are: the guide lists places where people are received.
    """
    return (
        Site.objects.filter(
            organisation__departement__code=settings.RELAIS_DEPARTEMENT_CODE,
            organisation__is_active=True,
            is_active=True,
            is_public=True,
        )
        .exclude(organisation__kind=Organisation.Kind.EMPLOYER)
        .select_related("organisation", "commune")
    )


def public_site_list() -> list[SiteSummary]:
    """MDS sites first, then the partners', each by commune: people look for their town."""
    summaries = [
        SiteSummary(site, heading(site), is_mds(site), is_first_reception(site))
        for site in public_sites()
    ]
    return sorted(
        summaries,
        key=lambda row: (not row.is_mds, row.site.commune.name, row.site.name),
    )


def public_site(slug: str, *, today: dt.date) -> Site | None:
    """The public site with this slug and what its page shows, in three queries."""
    return (
        public_sites()
        .filter(public_slug=slug)
        .prefetch_related(
            "opening_hours",
            Prefetch("closures", queryset=Closure.objects.filter(end_date__gte=today)),
        )
        .first()
    )


def is_first_reception(site: Site) -> bool:
    """In the first-reception network (PASIP), by itself or through its organisation."""
    return site.is_first_reception or site.organisation.is_first_reception


def is_mds(site: Site) -> bool:
    return site.organisation.kind == Organisation.Kind.MDS


def heading(site: Site) -> str:
    """What the reader looks for on the building: the MDS signage name, or the partner's."""
    return MDS_NAME if is_mds(site) else site.organisation.name


def public_holidays(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """French public holidays from `start` to `end` included, with their French names.

    Whit Monday is left out where the département works it (the "journée de solidarité" is a
    local choice, RELAIS_WHIT_MONDAY_OFF).
    """
    calendar = holidays.country_holidays("FR", years=range(start.year, end.year + 1), language="fr")
    whit_monday_off = getattr(settings, "RELAIS_WHIT_MONDAY_OFF", True)
    found = []
    for day, names in sorted(calendar.items()):
        if not start <= day <= end:
            continue
        if not whit_monday_off and day == easter(day.year) + dt.timedelta(days=50):
            continue
        found.extend((day, name) for name in names.split("; "))
    return found


def site_information(site: Site, *, today: dt.date, language: str) -> SiteInformation:
    """What the public page and the leaflet tell, in the active language."""
    horizon_end = today + dt.timedelta(days=HORIZON_DAYS)
    return SiteInformation(
        site=site,
        heading=heading(site),
        is_mds=is_mds(site),
        is_first_reception=is_first_reception(site),
        week=_week(site),
        closures=_closures(site, today=today, end=horizon_end, language=language),
        services=translate_lines(site.services, language),
        documents=translate_lines(site.documents_to_bring, language),
        languages=translate_lines(site.languages, language, separator=","),
        today=today,
        horizon_end=horizon_end,
    )


def _week(site: Site) -> list[DayHours]:
    slots: dict[int, list[tuple[dt.time, dt.time]]] = {day: [] for day in range(7)}
    for opening in site.opening_hours.all():  # prefetched, ordered by weekday and time
        slots[opening.weekday].append((opening.opens_at, opening.closes_at))
    return [DayHours(day, WEEKDAYS[day], slots[day]) for day in range(7)]


def _closures(site, *, today, end, language) -> list[ClosureNotice]:
    notices = [
        ClosureNotice(
            start=closure.start_date,
            end=closure.end_date,
            reason=translate_line(closure.reason, language),
            is_holiday=False,
        )
        for closure in site.closures.all()
        if closure.end_date >= today and closure.start_date <= end
    ]
    notices += [
        ClosureNotice(day, day, translate_line(name, language), is_holiday=True)
        for day, name in public_holidays(today, end)
    ]
    return sorted(notices, key=lambda notice: (notice.start, notice.is_holiday))
