"""Find, for a batch of households, what Relais already knows, in three queries.

A person of the flow is the person of Relais with the same CAF number, role in the household
and birth date; failing that, the beneficiary with the same NIR (hash). The same CAF number
with a different NIR is a conflict: reported, never merged.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count
from django.db.models.expressions import RawSQL

from relais.people.models import Household, Person
from relais.rsa.caf.checks import HouseholdRejected
from relais.rsa.caf.person_checks import PersonData
from relais.rsa.caf.validation import HouseholdData
from relais.rsa.models import Beneficiary, RsaFile

_TWICE = (
    "Conflit d'identité : le NIR de la personne n° {rank} figure aussi dans un autre dossier "
    "de ce flux. Rien n'est fusionné : un agent doit vérifier."
)


class Conflict(HouseholdRejected):
    """The flow and Relais disagree about who a person is: the household waits for an agent."""


@dataclass
class Known:
    files: dict  # caf_number -> RsaFile (with its household)
    persons: dict  # caf_number -> [Person] (with their beneficiary, if any)
    by_nir: dict  # nir_hash -> Beneficiary (with person and RSA file)
    households: dict  # caf_number -> Household of Relais without an RSA file yet
    taken: set = field(default_factory=set)  # persons already matched in this batch
    nirs: dict = field(default_factory=dict)  # NIR hash -> CAF number, in this batch


def load_known(departement, households: list[HouseholdData]) -> Known:
    numbers = [household.caf_number for household in households]
    nirs = [p.nir_hash for h in households for p in h.persons if p.nir_hash]
    files = {
        rsa_file.caf_number: rsa_file
        for rsa_file in RsaFile.objects.filter(
            departement=departement, caf_number__in=_values(numbers)
        ).select_related("household")
    }
    persons = defaultdict(list)
    for person in Person.objects.filter(
        departement=departement, caf_number__in=_values(numbers)
    ).select_related("beneficiary"):
        persons[person.caf_number].append(person)
    by_nir = {}
    if nirs:
        by_nir = {
            beneficiary.nir_hash: beneficiary
            for beneficiary in Beneficiary.objects.filter(
                nir_hash__in=_values(nirs), person__departement=departement
            ).select_related("person", "rsa_file")
        }
    households_of = {}
    missing = [number for number in numbers if number not in files]
    if missing:
        for household in Household.objects.filter(
            departement=departement, caf_number__in=_values(missing)
        ).order_by("-pk"):
            households_of[household.caf_number] = household  # the oldest one wins
    return Known(files=files, persons=persons, by_nir=by_nir, households=households_of)


def _values(texts: list[str]):
    """A list for an IN lookup; on PostgreSQL one array parameter rather than one per value
    (the batch has a thousand, and the driver would quote each of them)."""
    if connection.vendor != "postgresql":
        return texts
    return RawSQL("SELECT unnest(string_to_array(%s, ','))", [",".join(texts)])


def stored_hashes(departement, numbers: list[str]) -> dict:
    """{caf_number: (RsaFile id, content hash, number of beneficiaries)} for these numbers."""
    if connection.vendor != "postgresql":
        rows = (
            RsaFile.objects.filter(departement=departement, caf_number__in=numbers)
            .annotate(kept=Count("beneficiaries"))
            .values_list("caf_number", "pk", "content_hash", "kept")
        )
        return {caf_number: rest for caf_number, *rest in rows}
    # One text parameter rather than a thousand: the lookup runs once per batch, on every
    # household, and the repeated import of an unchanged file is little more than it.
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT f.caf_number, f.id, f.content_hash,
                       (SELECT count(*) FROM {Beneficiary._meta.db_table} b
                        WHERE b.rsa_file_id = f.id)
                FROM {RsaFile._meta.db_table} f
                WHERE f.departement_id = %s AND f.caf_number = ANY(string_to_array(%s, ','))""",
            [departement.pk, ",".join(numbers)],
        )
        return {caf_number: rest for caf_number, *rest in cursor.fetchall()}


def beneficiary_of(person: Person) -> Beneficiary | None:
    return getattr(person, "beneficiary", None)


def match_household(household: HouseholdData, known: Known, flow) -> list[tuple]:
    """[(PersonData, Person | None, Beneficiary | None)], or Conflict for the whole household."""
    matches, here = [], set()
    for data in household.persons:
        elsewhere = known.nirs.get(data.nir_hash) if data.nir_hash else None
        if elsewhere not in (None, household.caf_number):
            raise Conflict(_TWICE.format(rank=data.rank))
        person, beneficiary = _match(data, household, known, flow)
        if person is not None:
            if person.pk in here:
                raise Conflict(
                    f"Deux personnes du dossier (dont la n° {data.rank}) correspondent au même "
                    "dossier de Relais : vérifiez les identités avant un nouvel import."
                )
            here.add(person.pk)
        matches.append((data, person, beneficiary))
    known.taken |= here
    known.nirs.update((d.nir_hash, household.caf_number) for d in household.persons if d.nir_hash)
    return matches


def _match(data: PersonData, household: HouseholdData, known: Known, flow):
    for person in known.persons.get(household.caf_number, ()):
        if (
            person.household_role == data.household_role
            and person.birth_date == data.birth_date
            and person.pk not in known.taken
        ):
            beneficiary = beneficiary_of(person)
            if data.nir_hash and beneficiary and beneficiary.nir_hash not in ("", data.nir_hash):
                raise Conflict(
                    f"Conflit d'identité : la personne n° {data.rank} a le même numéro "
                    "allocataire, le même rôle et la même date de naissance qu'une personne de "
                    "Relais, mais un autre NIR. Rien n'est fusionné : un agent doit vérifier."
                )
            return person, beneficiary
    beneficiary = known.by_nir.get(data.nir_hash) if data.nir_hash else None
    if beneficiary is None:
        return None, None
    elsewhere = beneficiary.rsa_file.caf_number != household.caf_number
    if beneficiary.person_id in known.taken or (
        elsewhere and beneficiary.rsa_file.last_flow_id == flow.pk
    ):
        raise Conflict(_TWICE.format(rank=data.rank))
    return beneficiary.person, beneficiary
