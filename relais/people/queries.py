"""Read-side functions for the people views: search and duplicate detection."""

import datetime as dt
import re

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from relais.audit.models import AccessRecord
from relais.core.text import normalize
from relais.people.models import Person
from relais.territory.models import Sector

_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_CAF = re.compile(r"^\d{7}$")
# One typo in a name of 5+ letters keeps a word similarity above this (see docs/adr/003).
TYPO_THRESHOLD = 0.4


def parse_query(query: str) -> tuple[list[str], dt.date | None, str | None]:
    """Split a search into name words, a birth date (jj/mm/aaaa) and a CAF number."""
    words, birth_date, caf_number = [], None, None
    for raw in query.split():
        date_match = _DATE.match(raw)
        if date_match:
            day, month, year = (int(part) for part in date_match.groups())
            try:
                birth_date = dt.date(year, month, day)
            except ValueError:
                pass
            continue
        if _CAF.match(raw):
            caf_number = raw
            continue
        words.extend(normalize(raw).split())
    return words, birth_date, caf_number


def search_person_ids(queryset: QuerySet, query: str, *, limit: int) -> list[int]:
    """The ids of the matching persons, best first, at most `limit`.

    Case-, accent- and word-order-insensitive; on PostgreSQL, one typo is forgiven when the
    exact words find nothing. One query fetches ids and order together: counting and paging
    then cost nothing more (three scans of a common name would, see docs/performance.md).
    """
    words, birth_date, caf_number = parse_query(query)
    if not words and birth_date is None and caf_number is None:
        return []
    if birth_date:
        queryset = queryset.filter(birth_date=birth_date)
    if caf_number:
        queryset = queryset.filter(caf_number=caf_number)
    exact = queryset
    for word in words:
        exact = exact.filter(search_text__contains=word)
    ordered = _surname_first(exact, words).order_by("rank", "birth_name", "first_names", "pk")
    ids = list(ordered.values_list("pk", flat=True)[:limit])
    if ids or not words or connection.vendor != "postgresql":
        return ids
    return list(_typo_tolerant(queryset, words).values_list("pk", flat=True)[:limit])


def search_persons(queryset: QuerySet, query: str, *, limit: int = 1000) -> list:
    """The matching persons themselves, in the order of search_person_ids."""
    ids = search_person_ids(queryset, query, limit=limit)
    return persons_in_order(queryset, ids)


def persons_in_order(queryset: QuerySet, ids: list[int]) -> list:
    by_id = queryset.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def _surname_first(queryset: QuerySet, words: list[str]) -> QuerySet:
    """Whole-name matches first: "martin" lists MARTIN Léa before ANDRE Martin and MARTINEAU.

    search_text starts with the birth name, then the usage name, then the first names.
    """
    whole_name = Q()
    for word in words:
        whole_name |= Q(search_text__startswith=f"{word} ") | Q(search_text=word)
    if not whole_name:
        return queryset.annotate(rank=Value(0))
    return queryset.annotate(
        rank=Case(When(whole_name, then=Value(0)), default=Value(1), output_field=IntegerField())
    )


def _typo_tolerant(queryset: QuerySet, words: list[str]) -> QuerySet:
    with connection.cursor() as cursor:
        # The %> operator reads this session setting; it is the same for every search.
        cursor.execute("SET pg_trgm.word_similarity_threshold = %s", [TYPO_THRESHOLD])
    similarity = None
    for word in words:
        queryset = queryset.filter(search_text__trigram_word_similar=word)
        term = TrigramWordSimilarity(word, "search_text")
        similarity = term if similarity is None else similarity + term
    return queryset.annotate(similarity=similarity).order_by("-similarity", "birth_name", "pk")


def duplicate_candidates(
    *, departement, birth_name: str, first_names: str, birth_date, caf_number: str
) -> QuerySet:
    """Files that may be the same person: same names and birth date, or same CAF number.

    Searched in the whole département, not only the files the agent may see: a twin created
    because the first file was out of sight is the failure this prevents. The view shows
    the candidates' minimum (name, birth date, commune) and opens only those the agent may see.
    """
    condition = Q()
    if birth_name and first_names and birth_date:
        first = normalize(first_names).split()
        same_identity = Q(birth_date=birth_date) & (Q(search_text__contains=normalize(birth_name)))
        if first:
            same_identity &= Q(search_text__contains=first[0])
        condition |= same_identity
    if caf_number:
        condition |= Q(caf_number=caf_number)
    if not condition:
        return Person.objects.none()
    return (
        Person.objects.filter(condition, departement=departement)
        .select_related("commune")
        .order_by("birth_name", "first_names")[:20]
    )


def recently_viewed(user, limit: int = 10) -> list[Person]:
    """The files this agent opened last, still visible under the current organisation."""
    recent_ids = []
    rows = (
        AccessRecord.objects.filter(user=user, action=AccessRecord.Action.VIEW)
        .order_by("-at")
        .values_list("person_id", flat=True)[:100]
    )
    for person_id in rows:
        if person_id not in recent_ids:
            recent_ids.append(person_id)
        if len(recent_ids) == limit:
            break
    persons = Person.objects.visible_to(user).filter(pk__in=recent_ids).select_related("commune")
    by_id = {person.pk: person for person in persons}
    return [by_id[pk] for pk in recent_ids if pk in by_id]


def household_members(user, person: Person) -> list[Person]:
    """The other members of the household that this agent may see."""
    if person.household_id is None:
        return []
    return list(
        Person.objects.visible_to(user)
        .filter(household_id=person.household_id)
        .exclude(pk=person.pk)
        .order_by("birth_date")
    )


def steering_figures(membership) -> list[dict]:
    """Counts of files per organisation covering them: figures, never names."""
    if membership is None:
        return []
    departement_id = membership.organisation.departement_id
    rows = []
    sectors = Sector.objects.filter(organisation__departement_id=departement_id).select_related(
        "organisation"
    )
    counts = dict(
        Person.objects.filter(departement_id=departement_id)
        .values("commune_id")
        .annotate(total=Count("id"))
        .values_list("commune_id", "total")
    )
    with_referent = dict(
        Person.objects.filter(departement_id=departement_id, referent__isnull=False)
        .values("commune_id")
        .annotate(total=Count("id"))
        .values_list("commune_id", "total")
    )
    for sector in sectors.prefetch_related("communes"):
        commune_ids = [commune.pk for commune in sector.communes.all()]
        rows.append(
            {
                "organisation": sector.organisation,
                "sector": sector,
                "persons": sum(counts.get(pk, 0) for pk in commune_ids),
                "with_referent": sum(with_referent.get(pk, 0) for pk in commune_ids),
            }
        )
    return rows
