"""Each eligibility rule, their combinations, and the explanation a prescriber reads."""

import datetime as dt

import pytest

from relais.people.models import Person
from relais.programmes.eligibility import FAILED, OK, PENDING, evaluate
from relais.programmes.models import Programme
from relais.territory.models import Commune

TODAY = dt.date(2026, 11, 29)
MOISSAC = Commune(pk=1, name="Moissac")
MONTAUBAN = Commune(pk=2, name="Montauban")
RSA_FACTS = {"in_rsa": True, "subject_to_duties": True, "rsa_since": dt.date(2020, 3, 1)}


def person(birth=dt.date(2003, 6, 1), sex="M", commune=MOISSAC):
    return Person(birth_date=birth, sex=sex, commune=commune)


def check(programme, who=None, facts=None, served=frozenset(), confirmed=False):
    return evaluate(
        Programme(**programme),
        who or person(),
        facts or {},
        today=TODAY,
        confirmed=confirmed,
        served=set(served),
    )


def test_a_programme_without_rule_is_open_to_all():
    result = check({})
    assert result.eligible
    assert result.checks == ()
    assert result.explanation() == "éligible : l'action est ouverte à tous"


@pytest.mark.parametrize(
    ("birth", "eligible", "text"),
    [
        (dt.date(2003, 6, 1), True, "23 ans"),
        (dt.date(2010, 11, 29), True, "16 ans"),  # 16 today: the lower bound is included
        (dt.date(2010, 11, 30), False, "a 15 ans, l'action accueille les 16–25 ans"),
        (dt.date(2000, 11, 30), True, "25 ans"),  # 26 tomorrow: still 25
        (dt.date(2000, 11, 29), False, "a 26 ans, l'action accueille les 16–25 ans"),
    ],
)
def test_age_bounds_are_inclusive_and_explained(birth, eligible, text):
    result = check({"min_age": 16, "max_age": 25}, person(birth=birth))
    assert result.eligible is eligible
    assert result.checks[0].text == text


def test_one_sided_age_bounds_say_so():
    assert (
        check({"min_age": 30}).checks[0].text == "a 23 ans, l'action accueille à partir de 30 ans"
    )
    assert check({"max_age": 20}).checks[0].text == "a 23 ans, l'action accueille jusqu'à 20 ans"


def test_the_issue_examples_read_as_written():
    served = {MOISSAC.pk}
    young = check({"min_age": 16, "max_age": 25}, served=served)
    assert young.explanation() == "éligible : 23 ans, résidant à Moissac"
    older = check({"min_age": 16, "max_age": 25}, person(birth=dt.date(1999, 1, 1)))
    assert older.explanation() == "non éligible : a 27 ans, l'action accueille les 16–25 ans"


def test_sex():
    assert check({"sex": "F"}, person(sex="F")).checks[0].text == "femme"
    refused = check({"sex": "F"}, person(sex="M"))
    assert not refused.eligible
    assert refused.checks[0].text == "l'action est réservée aux femmes"


def test_rights_and_duties():
    assert check({"requires_duties": True}, facts=RSA_FACTS).eligible
    refused = check({"requires_duties": True}, facts={"in_rsa": True, "subject_to_duties": False})
    assert not refused.eligible
    assert "n'est pas soumis(e) aux droits et devoirs" in refused.explanation()
    assert not check({"requires_duties": True}, facts={}).eligible


@pytest.mark.parametrize(
    ("since", "eligible", "text"),
    [
        (dt.date(2021, 11, 29), True, "au RSA depuis 5 ans"),
        (
            dt.date(2021, 11, 30),
            False,
            "au RSA depuis 4 ans, l'action demande 5 ans de RSA au moins",
        ),
        (None, False, "n'est pas au RSA, l'action demande 5 ans de RSA au moins"),
    ],
)
def test_years_in_the_rsa(since, eligible, text):
    result = check({"min_rsa_years": 5}, facts={"rsa_since": since})
    assert result.eligible is eligible
    assert result.checks[0].text == text


def test_orientation_track_uses_the_pathway_labels():
    # The labels come from the RSA app's registration (people.facts), not from programmes.
    accepted = check({"tracks": ["professional"]}, facts={"track": "professional"})
    assert accepted.checks[0].text == "orientation professionnelle"
    refused = check({"tracks": ["professional", "socio_professional"]}, facts={"track": "social"})
    assert refused.checks[0].text == (
        "orientation sociale, l'action accueille l'orientation professionnelle ou "
        "socio-professionnelle"
    )
    none = check({"tracks": ["social"]}, facts={"track": ""})
    assert none.checks[0].text.startswith("sans orientation")


def test_area_served():
    assert check({}, served={MOISSAC.pk}).checks[0].text == "résidant à Moissac"
    outside = check({}, person(commune=MONTAUBAN), served={MOISSAC.pk})
    assert outside.checks[0].state == FAILED
    assert outside.checks[0].text == "réside à Montauban, hors du territoire de l'action"
    unknown = check({}, person(commune=None), served={MOISSAC.pk})
    assert not unknown.eligible


def test_criteria_the_prescriber_confirms_are_pending_until_confirmed():
    rules = {"prescriber_criteria": ["en errance", "rupture familiale"]}
    pending = check(rules)
    assert not pending.eligible and pending.pending
    assert pending.checks[0].state == PENDING
    assert (
        pending.explanation() == "à confirmer : critères du public à confirmer par le prescripteur"
    )
    confirmed = check(rules, confirmed=True)
    assert confirmed.eligible
    # The detail of the criteria is never part of what is recorded.
    assert confirmed.as_list() == [
        {
            "rule": "criteria",
            "state": OK,
            "text": "critères du public confirmés par le prescripteur",
        }
    ]


def test_combinations_list_every_failure_and_pass():
    coaching = {
        "requires_duties": True,
        "min_rsa_years": 5,
        "tracks": ["professional"],
        "min_age": 18,
    }
    ok = check(coaching, facts={**RSA_FACTS, "track": "professional"})
    assert ok.explanation() == (
        "éligible : 23 ans, soumis(e) aux droits et devoirs du RSA, au RSA depuis 6 ans, "
        "orientation professionnelle"
    )
    facts = {"in_rsa": True, "subject_to_duties": True, "rsa_since": dt.date(2024, 1, 1)}
    two_failures = check(coaching, facts={**facts, "track": "social"})
    assert [c.rule for c in two_failures.failed] == ["rsa_years", "track"]
    assert two_failures.explanation().startswith("non éligible : au RSA depuis 2 ans")
    assert " ; orientation sociale" in two_failures.explanation()


def test_a_failure_wins_over_a_pending_confirmation():
    result = check({"max_age": 20, "prescriber_criteria": ["x"]})
    assert not result.pending
    assert result.explanation() == "non éligible : a 23 ans, l'action accueille jusqu'à 20 ans"


def test_the_detail_is_the_explanation_without_its_verdict():
    assert check({"min_age": 16}).detail() == "23 ans"
    assert check({"max_age": 20}).detail() == "a 23 ans, l'action accueille jusqu'à 20 ans"
    assert check({}).detail() == "l'action est ouverte à tous"
