"""Indicators of the shared agendas (action sheets 2.1 and 2.4): delays, no-shows, capacity."""

import datetime as dt

from django.db.models import Case, Count, IntegerField, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from relais.agenda.models import Appointment, Slot
from relais.core.indicators import (
    DaysBetween,
    Indicator,
    percentile_from_histogram,
    register,
    shared,
)
from relais.territory.models import Site

THRESHOLDS = (15, 30, 45)


@shared
def _by_status_and_delay(period, scope) -> dict[tuple[str, int], int]:
    """{(status, days from request to appointment): count} for the appointments that took
    place in the period (held, missed or excused): one scan serves delays and no-shows."""
    tz = timezone.get_current_timezone()
    appointments = scope.filter(
        Appointment.objects.filter(
            organisation__departement_id=scope.departement_id,
            status__in=[
                Appointment.Status.SEEN,
                Appointment.Status.NO_SHOW,
                Appointment.Status.EXCUSED,
            ],
            start__gte=dt.datetime.combine(period.start, dt.time.min, tz),
            start__lt=dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tz),
        )
    )
    rows = (
        appointments.annotate(delay=DaysBetween(TruncDate("start", tzinfo=tz), "requested_at"))
        .values("status", "delay")
        .annotate(n=Count("id"))
    )
    return {(row["status"], row["delay"]): row["n"] for row in rows}


def delay_histogram(period, scope) -> dict[int, int]:
    """{days from request to held appointment: number of appointments} — aggregated in SQL."""
    return {
        delay: n
        for (status, delay), n in _by_status_and_delay(period, scope).items()
        if status == Appointment.Status.SEEN
    }


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
    One pass: each request gets its age bracket and its delay once, SQL counts the groups.
    """
    today = today or timezone.localdate()
    tz = timezone.get_current_timezone()
    brackets = [
        When(requested_at__lte=today - dt.timedelta(days=d), then=Value(d))
        for d in sorted(THRESHOLDS, reverse=True)
    ]
    rows = (
        scope.filter(
            Appointment.objects.filter(
                organisation__departement_id=scope.departement_id,
                requested_at__gte=period.start,
                requested_at__lte=period.end,
            ).exclude(status=Appointment.Status.CANCELLED)
        )
        .annotate(
            age=Case(*brackets, default=Value(0), output_field=IntegerField()),
            delay=DaysBetween(TruncDate("start", tzinfo=tz), "requested_at"),
            held=Case(
                When(status=Appointment.Status.SEEN, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .values("age", "delay", "held")
        .annotate(n=Count("id"))
    )
    total = dict.fromkeys(THRESHOLDS, 0)
    held = dict.fromkeys(THRESHOLDS, 0)
    for row in rows:
        for days in THRESHOLDS:
            if row["age"] >= days:
                total[days] += row["n"]
                if row["held"] and row["delay"] is not None and row["delay"] <= days:
                    held[days] += row["n"]
    return {days: held[days] / total[days] if total[days] else None for days in THRESHOLDS}


def no_show_rate(period, scope) -> float | None:
    counts: dict[str, int] = {}
    for (status, _delay), n in _by_status_and_delay(period, scope).items():
        counts[status] = counts.get(status, 0) + n
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
