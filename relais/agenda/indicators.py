"""Indicators of the shared agendas (action sheets 2.1 and 2.4): delays, no-shows, capacity."""

import datetime as dt

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from relais.agenda.models import Appointment, Slot
from relais.core.indicators import DaysBetween, Indicator, percentile_from_histogram, register
from relais.territory.models import Site

THRESHOLDS = (15, 30, 45)


def _held(period, scope):
    tz = timezone.get_current_timezone()
    appointments = Appointment.objects.filter(
        organisation__departement_id=scope.departement_id,
        status=Appointment.Status.SEEN,
        start__gte=dt.datetime.combine(period.start, dt.time.min, tz),
        start__lt=dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tz),
    )
    return scope.filter(appointments)


def delay_histogram(period, scope) -> dict[int, int]:
    """{days from request to held appointment: number of appointments} — aggregated in SQL."""
    rows = (
        _held(period, scope)
        .annotate(delay=DaysBetween(TruncDate("start"), "requested_at"))
        .values("delay")
        .annotate(n=Count("id"))
    )
    return {row["delay"]: row["n"] for row in rows}


def delay_percentiles(period, scope) -> dict:
    histogram = delay_histogram(period, scope)
    return {
        "count": sum(histogram.values()),
        "median": percentile_from_histogram(histogram, 0.5),
        "p90": percentile_from_histogram(histogram, 0.9),
    }


def held_within(period, scope, *, today=None) -> dict[int, float | None]:
    """Share of requests held within N days, among requests at least N days old.

    A request made 10 days ago cannot yet have missed a 15-day target: counting it would
    lower the rate for nothing. So each threshold only counts requests older than itself.
    All thresholds are counted in one pass over the appointments.
    """
    today = today or timezone.localdate()
    tz = timezone.get_current_timezone()
    requests = scope.filter(
        Appointment.objects.filter(
            organisation__departement_id=scope.departement_id,
            requested_at__gte=period.start,
            requested_at__lte=period.end,
        ).exclude(status=Appointment.Status.CANCELLED)
    ).annotate(delay=DaysBetween(TruncDate("start", tzinfo=tz), "requested_at"))
    counts = {}
    for days in THRESHOLDS:
        old_enough = Q(requested_at__lte=today - dt.timedelta(days=days))
        counts[f"total_{days}"] = Count("id", filter=old_enough)
        counts[f"held_{days}"] = Count(
            "id", filter=old_enough & Q(status=Appointment.Status.SEEN, delay__lte=days)
        )
    totals = requests.aggregate(**counts)
    return {
        days: totals[f"held_{days}"] / totals[f"total_{days}"] if totals[f"total_{days}"] else None
        for days in THRESHOLDS
    }


def no_show_rate(period, scope) -> float | None:
    tz = timezone.get_current_timezone()
    counts = dict(
        scope.filter(
            Appointment.objects.filter(
                organisation__departement_id=scope.departement_id,
                start__gte=dt.datetime.combine(period.start, dt.time.min, tz),
                start__lt=dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tz),
                status__in=[
                    Appointment.Status.SEEN,
                    Appointment.Status.NO_SHOW,
                    Appointment.Status.EXCUSED,
                ],
            )
        )
        .values_list("status")
        .annotate(n=Count("id"))
    )
    total = sum(counts.values())
    return counts.get(Appointment.Status.NO_SHOW, 0) / total if total else None


def third_next_available(period, scope, *, now=None) -> list[dict]:
    """Per site: the third next free slot from now, and its distance in days."""
    now = now or timezone.now()
    slots = scope.filter(
        Slot.objects.filter(
            agenda__organisation__departement_id=scope.departement_id,
            agenda__is_active=True,
            is_booked=False,
            start__gte=now,
        ),
        organisation="agenda__organisation_id",
        site="agenda__site_id",
    )
    rows = []
    site_ids = slots.order_by().values_list("agenda__site_id", flat=True).distinct()
    for site in Site.objects.filter(pk__in=site_ids).order_by("name"):
        third = (
            slots.filter(agenda__site=site).order_by("start").values_list("start", flat=True)[2:3]
        )
        start = third[0] if third else None
        rows.append(
            {
                "site": site,
                "start": start,
                "days": (timezone.localtime(start).date() - timezone.localdate(now)).days
                if start
                else None,
            }
        )
    return rows


register(
    Indicator(
        code="agenda.delay",
        label="Délai entre la demande et le rendez-vous honoré",
        definition=(
            "Nombre de jours entre la date de la demande (saisie à la prise de rendez-vous) et "
            "le jour du rendez-vous, pour les rendez-vous honorés de la période : médiane et "
            "90e centile (rang le plus proche)."
        ),
        unit="jours",
        action_sheets=("2.1",),
        compute=delay_percentiles,
        group="reception",
    )
)
register(
    Indicator(
        code="agenda.held_within",
        label="Part des demandes honorées sous 15, 30 et 45 jours",
        definition=(
            "Pour chaque seuil N : parmi les demandes de la période vieilles d'au moins N jours "
            "(hors rendez-vous annulés), la part dont le rendez-vous a été honoré au plus N jours "
            "après la demande. Les demandes plus récentes que le seuil ne sont pas comptées."
        ),
        unit="%",
        action_sheets=("2.1",),
        compute=held_within,
        group="reception",
    )
)
register(
    Indicator(
        code="agenda.no_show_rate",
        label="Taux d'absence aux rendez-vous",
        definition=(
            "Rendez-vous « absent·e sans prévenir » / (honorés + absents + excusés) sur la "
            "période ; les rendez-vous annulés ne comptent pas."
        ),
        unit="%",
        action_sheets=("2.1", "2.4"),
        compute=no_show_rate,
        group="reception",
    )
)
register(
    Indicator(
        code="agenda.third_next_available",
        label="Troisième prochain créneau disponible, par site",
        definition=(
            "Aujourd'hui, pour chaque site : la date du troisième créneau libre à venir (tous "
            "agendas du site confondus) et le nombre de jours qui nous en séparent. Mesure "
            "usuelle du délai d'accès, moins sensible qu'un créneau libéré par hasard."
        ),
        unit="jours",
        action_sheets=("2.1", "2.4"),
        compute=third_next_available,
        group="reception",
    )
)
