"""Indicators of the reception log (action sheets 2.1 and 2.3): channels, motives, first
contacts, out-of-hours capacity, interpreting against the convention's target."""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from relais.core.indicators import Indicator, register, shared
from relais.reception.models import Channel, InterpretingSession, Motive, Visit, VisitMotive

INTERPRETING_TARGET = (80, 100)  # sessions a year, action sheet 2.3


def _bounds(period):
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(period.start, dt.time.min, tz),
        dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tz),
    )


def _visits(period, scope):
    start, end = _bounds(period)
    return scope.filter(
        Visit.objects.filter(
            organisation__departement_id=scope.departement_id,
            occurred_at__gte=start,
            occurred_at__lt=end,
        )
    )


@shared
def _by_channel(period, scope) -> dict[str, dict]:
    """{channel: {visits, first, outside}}: one scan serves three figures."""
    rows = (
        _visits(period, scope)
        .values("channel")
        .annotate(
            visits=Count("id"),
            first=Count("id", filter=Q(is_first_contact=True)),
            outside=Count("id", filter=Q(is_outside_hours=True)),
        )
    )
    return {row["channel"]: row for row in rows}


def visits_by_channel(period, scope) -> list[dict]:
    counts = _by_channel(period, scope)
    return [
        {"label": label, "value": counts.get(value, {}).get("visits", 0)}
        for value, label in Channel.choices
    ]


def visits_by_motive(period, scope) -> list[dict]:
    """A visit with two motives counts once for each of them."""
    start, end = _bounds(period)
    motives = scope.filter(
        VisitMotive.objects.filter(
            organisation__departement_id=scope.departement_id,
            occurred_at__gte=start,
            occurred_at__lt=end,
        )
    )
    counts = dict(motives.values_list("motive").annotate(n=Count("id")))
    return [{"label": label, "value": counts.get(value, 0)} for value, label in Motive.choices]


def _total(period, scope, key: str) -> int:
    return sum(row[key] for row in _by_channel(period, scope).values())


def first_contacts(period, scope) -> dict:
    visits, first = _total(period, scope, "visits"), _total(period, scope, "first")
    return {"nombre": first, "part des passages": first / visits if visits else None}


def outside_hours_share(period, scope) -> float | None:
    visits = _total(period, scope, "visits")
    return _total(period, scope, "outside") / visits if visits else None


def interpreting(period, scope) -> dict:
    start, end = _bounds(period)
    sessions = scope.filter(
        InterpretingSession.objects.filter(
            organisation__departement_id=scope.departement_id,
            occurred_at__gte=start,
            occurred_at__lt=end,
        )
    )
    by_language = (
        sessions.values_list("language").annotate(n=Count("id")).order_by("-n", "language")
    )
    by_mode = sessions.values_list("mode").annotate(n=Count("id")).order_by("-n", "mode")
    languages = dict(InterpretingSession._meta.get_field("language").choices)
    modes = dict(InterpretingSession._meta.get_field("mode").choices)
    return {
        "séances": sessions.count(),
        **{f"langue : {languages.get(code, code)}": n for code, n in by_language},
        **{f"modalité : {modes.get(code, code)}": n for code, n in by_mode},
    }


register(
    Indicator(
        code="reception.visits_by_channel",
        label="Passages par canal d'accueil",
        definition=(
            "Nombre de passages enregistrés au registre de l'accueil sur la période, par canal "
            "(sur place, téléphone, courriel…), qu'ils soient anonymes ou liés à un dossier."
        ),
        unit="passages",
        action_sheets=("2.1",),
        compute=visits_by_channel,
        group="reception",
    )
)
register(
    Indicator(
        code="reception.visits_by_motive",
        label="Passages par motif",
        definition=(
            "Nombre de passages par motif sur la période ; un passage à plusieurs motifs compte "
            "une fois pour chacun, la somme peut donc dépasser le nombre de passages."
        ),
        unit="passages",
        action_sheets=("2.1",),
        compute=visits_by_motive,
        group="reception",
    )
)
register(
    Indicator(
        code="reception.first_contacts",
        label="Premiers contacts",
        definition=(
            "Passages marqués « premier contact » (la personne n'était pas connue du site) et "
            "leur part dans l'ensemble des passages de la période."
        ),
        unit="passages",
        action_sheets=("2.1",),
        compute=first_contacts,
        group="reception",
    )
)
register(
    Indicator(
        code="reception.outside_hours",
        label="Part des passages en dehors des horaires d'ouverture",
        definition=(
            "Passages reçus hors des heures d'ouverture du site (jours de fermeture, jours "
            "fériés, avant l'ouverture ou après la fermeture) / ensemble des passages de la "
            "période : la capacité d'accueil en dehors des horaires habituels."
        ),
        unit="%",
        action_sheets=("2.1",),
        compute=outside_hours_share,
        group="reception",
    )
)
register(
    Indicator(
        code="reception.interpreting",
        label="Séances d'interprétariat",
        definition=(
            "Séances d'interprétariat professionnel (téléphone, sur place, visio) sur la période, "
            "par langue et par modalité ; l'aide d'un proche n'est pas comptée."
        ),
        unit="séances",
        target=f"{INTERPRETING_TARGET[0]} à {INTERPRETING_TARGET[1]} par an",
        action_sheets=("2.3",),
        compute=interpreting,
        group="reception",
    )
)
