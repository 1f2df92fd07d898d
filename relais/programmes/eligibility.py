"""Structured eligibility: each rule of a programme checked against a person, and explained.

`evaluate` is pure (the person's facts are passed in) so that the explanation a prescriber
reads is exactly the decision the service records: "éligible : 23 ans, résidant à Moissac",
"non éligible : a 27 ans, l'action accueille les 16–25 ans".
"""

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from relais.people.facts import fact_choices

OK, FAILED, PENDING = "ok", "failed", "pending"
# Facts of the RSA pathway: the prescriber reads them, the operator never does (only the
# verdict), as the minimum of data the operator needs excludes the person's RSA situation.
RSA_RULES = {"duties", "rsa_years", "track"}


def operator_lines(lines: list[dict]) -> list[dict]:
    """A stored eligibility, as the operator may read it."""
    return [line for line in lines if line["rule"] not in RSA_RULES]


@dataclass(frozen=True)
class Check:
    rule: str  # age, sex, duties, rsa_years, track, area, criteria
    state: str  # OK, FAILED or PENDING (to be confirmed by the prescriber)
    text: str

    def as_dict(self) -> dict:
        return {"rule": self.rule, "state": self.state, "text": self.text}


@dataclass(frozen=True)
class Eligibility:
    checks: tuple[Check, ...]

    @property
    def eligible(self) -> bool:
        return all(check.state == OK for check in self.checks)

    @property
    def pending(self) -> bool:
        return any(c.state == PENDING for c in self.checks) and not self.failed

    @property
    def failed(self) -> list[Check]:
        return [check for check in self.checks if check.state == FAILED]

    def explanation(self) -> str:
        if not self.checks:
            return "éligible : l'action est ouverte à tous"
        if self.eligible:
            return "éligible : " + ", ".join(c.text for c in self.checks)
        if self.failed:
            return "non éligible : " + " ; ".join(c.text for c in self.failed)
        return "à confirmer : " + " ; ".join(c.text for c in self.checks if c.state == PENDING)

    def detail(self) -> str:
        """The explanation without its verdict, for display beside a verdict tag."""
        return self.explanation().split(" : ", 1)[1]

    def operator_explanation(self) -> str:
        """The verdict with the reasons an operator may read (no RSA fact)."""
        if self.eligible:
            return "éligible"
        failed = [c.text for c in self.failed if c.rule not in RSA_RULES]
        if any(c.rule in RSA_RULES for c in self.failed):
            failed.append("conditions liées au RSA non remplies")
        if not failed:
            return "à confirmer par le prescripteur"
        return "non éligible : " + " ; ".join(failed)

    def as_list(self) -> list[dict]:
        return [check.as_dict() for check in self.checks]


def years_between(start: dt.date, end: dt.date) -> int:
    return relativedelta(end, start).years


def _range_text(low, high, unit="ans") -> str:
    if low is not None and high is not None:
        return f"les {low}–{high} {unit}"
    if low is not None:
        return f"à partir de {low} {unit}"
    return f"jusqu'à {high} {unit}"


def _age(programme, person, today) -> Check | None:
    if programme.min_age is None and programme.max_age is None:
        return None
    age = years_between(person.birth_date, today)
    too_young = programme.min_age is not None and age < programme.min_age
    too_old = programme.max_age is not None and age > programme.max_age
    if too_young or too_old:
        bounds = _range_text(programme.min_age, programme.max_age)
        return Check("age", FAILED, f"a {age} ans, l'action accueille {bounds}")
    return Check("age", OK, f"{age} ans")


SEX_WORDS = {"F": ("femme", "les femmes"), "M": ("homme", "les hommes")}


def _sex(programme, person, today) -> Check | None:
    if not programme.sex:
        return None
    word, public = SEX_WORDS[programme.sex]
    if person.sex != programme.sex:
        return Check("sex", FAILED, f"l'action est réservée aux {public.removeprefix('les ')}")
    return Check("sex", OK, word)


def _duties(programme, facts) -> Check | None:
    if not programme.requires_duties:
        return None
    if facts.get("subject_to_duties"):
        return Check("duties", OK, "soumis(e) aux droits et devoirs du RSA")
    return Check(
        "duties",
        FAILED,
        "n'est pas soumis(e) aux droits et devoirs du RSA, condition de l'action",
    )


def _rsa_years(programme, facts, today) -> Check | None:
    if programme.min_rsa_years is None:
        return None
    since = facts.get("rsa_since")
    wanted = f"l'action demande {programme.min_rsa_years} ans de RSA au moins"
    if since is None:
        return Check("rsa_years", FAILED, f"n'est pas au RSA, {wanted}")
    years = years_between(since, today)
    if years < programme.min_rsa_years:
        return Check("rsa_years", FAILED, f"au RSA depuis {_years(years)}, {wanted}")
    return Check("rsa_years", OK, f"au RSA depuis {_years(years)}")


def _years(n: int) -> str:
    return "moins d'un an" if n == 0 else f"{n} an" if n == 1 else f"{n} ans"


def _track(programme, facts) -> Check | None:
    if not programme.tracks:
        return None
    labels = dict(fact_choices("track"))
    accepted = " ou ".join(labels.get(t, t).lower() for t in programme.tracks)
    track = facts.get("track") or ""
    if track in programme.tracks:
        return Check("track", OK, f"orientation {labels.get(track, track).lower()}")
    current = f"orientation {labels.get(track, track).lower()}" if track else "sans orientation"
    return Check("track", FAILED, f"{current}, l'action accueille l'orientation {accepted}")


def _area(programme, person, served: set[int] | None) -> Check | None:
    if not served:
        return None
    commune = person.commune
    if commune is None:
        return Check("area", FAILED, "commune de résidence inconnue, l'action sert un territoire")
    if commune.pk in served:
        return Check("area", OK, f"résidant à {commune.name}")
    return Check("area", FAILED, f"réside à {commune.name}, hors du territoire de l'action")


def _criteria(programme, confirmed: bool) -> Check | None:
    if not programme.prescriber_criteria:
        return None
    if confirmed:
        return Check("criteria", OK, "critères du public confirmés par le prescripteur")
    return Check("criteria", PENDING, "critères du public à confirmer par le prescripteur")


def served_communes(programme) -> set[int]:
    """The communes the programme serves (its communes and its sectors'); empty: everywhere."""
    served = {commune.pk for commune in programme.communes.all()}
    for sector in programme.sectors.all():
        served.update(commune.pk for commune in sector.communes.all())
    return served


def evaluate(
    programme, person, facts: dict, *, today: dt.date, confirmed: bool = False, served=None
) -> Eligibility:
    if served is None:
        served = served_communes(programme)
    checks = (
        _age(programme, person, today),
        _sex(programme, person, today),
        _duties(programme, facts),
        _rsa_years(programme, facts, today),
        _track(programme, facts),
        _area(programme, person, served),
        _criteria(programme, confirmed),
    )
    return Eligibility(tuple(check for check in checks if check is not None))
