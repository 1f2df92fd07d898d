"""What the RSA pathway tells other apps through people.facts (the insertion offer's eligibility)."""

import datetime as dt

import pytest

from relais.people.facts import fact_choices, facts_for
from relais.rsa.facts import rsa_facts
from relais.rsa.models import RsaFile
from tests.rsa.contract_helpers import make_orientation, make_support
from tests.rsa.pathway_helpers import enter_duties

pytestmark = pytest.mark.django_db


def test_a_person_outside_the_rsa(world):
    assert rsa_facts(world.person_a) == {
        "in_rsa": False,
        "subject_to_duties": False,
        "rsa_since": None,
        "track": "",
        "joint_support": False,
    }


def test_a_beneficiary_subject_to_duties_with_an_orientation(world):
    beneficiary = enter_duties(world.person_a, dt.date(2020, 5, 20))
    make_orientation(world.person_a, decided_on=dt.date(2020, 6, 1), track="social")
    make_orientation(world.person_a, decided_on=dt.date(2024, 2, 1), track="professional")
    facts = facts_for(world.person_a)  # through the registry, as programmes reads them
    assert facts["in_rsa"] and facts["subject_to_duties"]
    assert facts["rsa_since"] == beneficiary.rsa_file.application_date
    assert facts["track"] == "professional"  # the latest decision


def test_a_joint_support_under_way(world):
    make_support(world, world.person_a, starts_on=dt.date(2026, 1, 5))
    assert rsa_facts(world.person_a)["joint_support"] is True


def test_a_closed_rsa_file_is_no_longer_in_the_rsa(world):
    beneficiary = enter_duties(world.person_a, dt.date(2020, 5, 20))
    RsaFile.objects.filter(pk=beneficiary.rsa_file_id).update(right_state="6")
    facts = rsa_facts(world.person_a)
    assert (facts["in_rsa"], facts["subject_to_duties"], facts["rsa_since"]) == (False, False, None)


def test_the_track_labels_are_published():
    assert ("professional", "Professionnelle") in fact_choices("track")
