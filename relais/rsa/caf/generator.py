"""Synthetic CAF flows for the demo, the tests and the benchmarks. Only synthetic data.

    generator = FlowGenerator(seed=7)
    stock = generator.build(500)                       # the households of a monthly stock
    write_flow(path, stock, created_on=day, nature="monthly")
    tomorrow = generator.evolve(stock, day=day + dt.timedelta(days=1))
    write_flow(path2, tomorrow, created_on=day + dt.timedelta(days=1))

`generator.households(200_000)` yields them one by one (for files of any size). Each household
depends only on the seed and its index: the same seed gives the same households.
"""

import copy
import datetime as dt
import random
import unicodedata
from collections.abc import Iterator

from faker.providers.address.fr_FR import Provider as AddressProvider
from faker.providers.person.fr_FR import Provider as PersonProvider

from relais.rsa.caf.specs import HouseholdSpec, PersonSpec

# Used when the database has no commune of the département (INSEE, postcode, name).
TARN_ET_GARONNE = [
    ("82121", "82000", "MONTAUBAN"),
    ("82112", "82200", "MOISSAC"),
    ("82033", "82300", "CAUSSADE"),
    ("82025", "82500", "BEAUMONT-DE-LOMAGNE"),
    ("82037", "82100", "CASTELSARRASIN"),
    ("82182", "82800", "NEGREPELISSE"),
    ("82174", "82600", "VERDUN-SUR-GARONNE"),
    ("82075", "82400", "VALENCE"),
]
_LAST_NAMES = sorted({name for name in PersonProvider.last_names})
_FIRST_NAMES = {
    "1": sorted(set(PersonProvider.first_names_male)),
    "2": sorted(set(PersonProvider.first_names_female)),
}
_STREET_TYPES = sorted(set(map(str.upper, AddressProvider.street_prefixes)))
# ETATDOSRSA, weighted as a département's stock roughly is.
_STATES = ["2"] * 75 + ["3"] * 3 + ["4"] * 5 + ["5"] * 10 + ["6"] * 2 + ["0"] * 3 + ["1"] * 2
_EPOCH = dt.date(2024, 12, 31)  # every date of a generated stock is on or before this day


def plain_upper(text: str) -> str:
    """Names as the CAF writes them: capitals without accents."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def synthetic_nir(sex: str, birth_date: dt.date, serial: int) -> str:
    """A NIR-shaped number with a valid key, unique per serial (below 4 million).

    The département of birth is 00, which no real NIR has: a synthetic number can never be
    somebody's. Serials past a million shift the month by 20, as NIR months past 12 do.
    """
    month = birth_date.month + 20 * (serial // 1_000_000 % 4)
    body = f"{sex}{birth_date:%y}{month:02d}00{serial % 1_000_000:06d}"
    return f"{body}{97 - int(body) % 97:02d}"


def default_communes(departement_code: str = "82") -> list[tuple[str, str, str]]:
    """The département's communes from the database, else a few of Tarn-et-Garonne."""
    try:
        from relais.territory.models import Commune

        rows = Commune.objects.filter(departement__code=departement_code).order_by("insee_code")
        communes = [(c.insee_code, c.main_postcode, plain_upper(c.name)[:32]) for c in rows]
    except Exception:  # no database at hand (a script): the fallback list is enough
        communes = []
    return communes or TARN_ET_GARONNE


class FlowGenerator:
    def __init__(self, seed: int = 0, communes=None, departement_code: str = "82"):
        self.seed = seed
        self.communes = list(communes) if communes else default_communes(departement_code)
        self.departement = departement_code.zfill(3)
        self._next_index = 0

    def build(self, count: int) -> list[HouseholdSpec]:
        return list(self.households(count))

    def households(self, count: int, start: int = 0) -> Iterator[HouseholdSpec]:
        for index in range(start, start + count):
            yield self.household(index)
        self._next_index = max(self._next_index, start + count)

    def household(self, index: int, *, today: dt.date = _EPOCH) -> HouseholdSpec:
        rng = random.Random(f"{self.seed}:{index}")
        caf_number = (self.seed * 1_000_003 + index) % 9_000_000 + 1_000_000
        commune = rng.choice(self.communes)
        applied = today - dt.timedelta(days=rng.randint(20, 2500))
        household = HouseholdSpec(
            caf_number=caf_number,
            application_number=f"{caf_number:07d}{index % 10_000:04d}",
            application_date=applied,
            right_state=rng.choice(_STATES),
            departement=self.departement,
            commune_code=commune[0],
            postcode=commune[1],
            commune_name=commune[2],
            street_number=str(rng.randint(1, 180)),
            street_type=plain_upper(rng.choice(_STREET_TYPES))[:30],
            street_name=plain_upper(rng.choice(_LAST_NAMES))[:32],
        )
        household.persons = self._members(rng, index, applied)
        self._situation(rng, household, applied, today)
        return household

    def _members(self, rng, index, applied) -> list[PersonSpec]:
        draw = rng.random()
        partner = draw >= 0.55 and (draw < 0.75 or draw >= 0.9)
        children = rng.randint(1, 3) if draw >= 0.75 else 0
        name = plain_upper(rng.choice(_LAST_NAMES))[:28]
        persons = [self._person(rng, index, 0, "DEM", name, applied)]
        if partner:
            persons.append(self._person(rng, index, 1, "CJT", name, applied))
        for rank in range(children):
            persons.append(self._person(rng, index, 2 + rank, "ENF", name, applied))
        return persons

    def _person(self, rng, index, member, role, name, applied) -> PersonSpec:
        sex = rng.choice("12")
        adult = role != "ENF"
        age_days = rng.randint(19 * 365, 64 * 365) if adult else rng.randint(200, 17 * 365)
        birth_date = applied - dt.timedelta(days=age_days)
        commune = rng.choice(self.communes)
        return PersonSpec(
            birth_name=name,
            usage_name="",
            first_name=rng.choice(_FIRST_NAMES[sex])[:32],
            birth_date=birth_date,
            role=role,
            sex=sex,
            birth_place=commune[2][:26],
            nir=synthetic_nir(
                sex, birth_date, (self.seed * 63_352 + index * 8 + member) % 4_000_000
            ),
            france_travail_id=f"{rng.randint(0, 9_999_999):07d}{rng.choice('ABCDEFGH')}"
            if adult and rng.random() < 0.6
            else "",
            subject_to_duties=(rng.random() < 0.9) if adult else None,
        )

    def _situation(self, rng, household: HouseholdSpec, applied, today) -> None:
        state = household.right_state
        if state in ("3", "4"):
            household.suspension = (
                rng.choice(["01", "05", "06", "AB"]),
                _between(rng, applied, today),
            )
        if state in ("5", "6"):
            household.closure = (
                rng.choice(["RFD", "ECH", "PCG", "RAU"]),
                _between(rng, applied, today),
            )

    def evolve(
        self,
        households: list[HouseholdSpec],
        *,
        day: dt.date,
        entries: int = 5,
        closures: int = 3,
        transfers_out: int = 1,
        new: int = 5,
        transfers_in: int = 1,
    ) -> list[HouseholdSpec]:
        """The next flow: some persons enter rights and duties, some files close, one leaves
        for another CAF, new applicants arrive (some from another CAF). Entry flags of the
        previous flow are not repeated. The given list is left as it was."""
        rng = random.Random(f"{self.seed}:evolve:{day.isoformat()}")
        result = copy.deepcopy(households)
        for household in result:
            for person in household.persons:
                person.entering = False
        open_files = [h for h in result if h.right_state in ("2", "3", "4")]
        rng.shuffle(open_files)
        for household in _take(open_files, entries, lambda h: _not_subject(h)):
            person = _not_subject(household)
            person.subject_to_duties, person.entering = True, True
        for household in _take(open_files, closures, lambda h: True):
            household.right_state, household.suspension = "5", None
            household.closure = ("RFD", day - dt.timedelta(days=1))
        for household in _take(open_files, transfers_out, lambda h: True):
            household.right_state, household.suspension = "5", None
            household.closure = ("MUT", day - dt.timedelta(days=1))
            household.transfer_out = ("CAF311", day - dt.timedelta(days=1))
        start = max(self._next_index, len(households))
        for index in range(start, start + new + transfers_in):
            household = self.household(index, today=day)
            household.right_state, household.suspension, household.closure = "2", None, None
            household.application_date = day - dt.timedelta(days=10)
            for person in household.persons:
                if person.role in ("DEM", "CJT"):
                    person.subject_to_duties, person.entering = True, True
            if index >= start + new:
                household.transfer_in = ("CAF311", day - dt.timedelta(days=2))
            result.append(household)
        self._next_index = start + new + transfers_in
        return result


def _between(rng, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _not_subject(household: HouseholdSpec):
    return next(
        (p for p in household.persons if p.role in ("DEM", "CJT") and not p.subject_to_duties),
        None,
    )


def _take(files: list, count: int, accept) -> list:
    """Remove and return up to `count` files that `accept`, so each is changed only once."""
    taken = [household for household in files if accept(household)][:count]
    for household in taken:
        files.remove(household)
    return taken
