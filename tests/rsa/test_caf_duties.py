"""Rights and duties, right states, transfers: what successive flows tell, and when."""

import datetime as dt

import pytest

from relais.people.models import Event, Person
from relais.rsa.models import Beneficiary, DutiesChange, RightStateChange, RsaFile

# The fixture, imported for usefixtures: kept raw files go to the test's directory.
from tests.rsa.caf_helpers import (
    DAY,
    household,
    imports_dir,  # noqa: F401
    nir_for,
    person,
    run,
    write,
)

pytestmark = pytest.mark.usefixtures("imports_dir")

TUESDAY, WEDNESDAY, THURSDAY = (DAY + dt.timedelta(days=n) for n in (1, 2, 3))


def _flow(world, tmp_path, day, *households):
    path = write(
        tmp_path,
        households,
        f"flux-{day:%Y%m%d}.xml",
        created_on=day,
        reference_date=day - dt.timedelta(days=1),
    )
    report = run(path, world.mds_a.departement)
    assert report.status == "done", report.error
    return report


def _applicant(subject=True, entering=False, **fields):
    return household(
        1234567,
        persons=[person(nir=nir_for(1234567, 0), subject_to_duties=subject, entering=entering)],
        **fields,
    )


def _duties(first_names="Marie"):
    person_ = Person.objects.get(first_names=first_names)
    return list(
        DutiesChange.objects.filter(person=person_)
        .order_by("id")
        .values_list("subject_to_duties", "is_entry", "on", "reference_date")
    )


def test_the_entry_flag_with_an_open_right_makes_a_new_entrant_dated_by_the_flow(world, tmp_path):
    report = _flow(world, tmp_path, DAY, _applicant(entering=True))

    assert report.new_entrants == 1
    beneficiary = Beneficiary.objects.get()
    assert beneficiary.duties_entered_on == DAY
    assert _duties() == [(True, True, DAY, DAY - dt.timedelta(days=1))]
    assert "Entrée dans les droits et devoirs du RSA" in set(
        Event.objects.values_list("summary", flat=True)
    )


def test_a_repeated_entry_flag_is_not_a_second_entry(world, tmp_path):
    _flow(world, tmp_path, DAY, _applicant(entering=True))
    # Another flow still carrying the flag (the household changed elsewhere: a new address).
    report = _flow(world, tmp_path, TUESDAY, _applicant(entering=True, street_number="99"))

    assert report.new_entrants == 0
    assert report.households.updated == 1
    assert Beneficiary.objects.get().duties_entered_on == DAY
    assert _duties() == [(True, True, DAY, DAY - dt.timedelta(days=1))]


def test_a_change_from_0_to_1_with_an_open_right_is_an_entry(world, tmp_path):
    _flow(world, tmp_path, DAY, _applicant(subject=False))
    report = _flow(world, tmp_path, TUESDAY, _applicant(subject=True))

    assert report.new_entrants == 1
    assert Beneficiary.objects.get().duties_entered_on == TUESDAY
    assert _duties() == [
        (False, False, DAY, DAY - dt.timedelta(days=1)),
        (True, True, TUESDAY, DAY),
    ]


def test_a_change_from_1_to_0_closes_the_episode_and_a_later_0_to_1_opens_another(world, tmp_path):
    _flow(world, tmp_path, DAY, _applicant(entering=True))
    exit_report = _flow(world, tmp_path, TUESDAY, _applicant(subject=False))
    assert Beneficiary.objects.get().duties_entered_on is None
    assert exit_report.new_entrants == 0

    again = _flow(world, tmp_path, WEDNESDAY, _applicant(subject=True))

    assert again.new_entrants == 1
    assert Beneficiary.objects.get().duties_entered_on == WEDNESDAY
    assert [row[:3] for row in _duties()] == [
        (True, True, DAY),
        (False, False, TUESDAY),
        (True, True, WEDNESDAY),
    ]
    summaries = list(
        Event.objects.filter(person__first_names="Marie")
        .order_by("id")
        .values_list("summary", flat=True)
    )
    assert summaries.count("Entrée dans les droits et devoirs du RSA") == 2
    assert summaries.count("Sortie des droits et devoirs du RSA") == 1


@pytest.mark.parametrize("state", ["0", "1", "5", "6"])
def test_no_entry_while_the_right_is_not_open(world, tmp_path, state):
    report = _flow(world, tmp_path, DAY, _applicant(entering=True, right_state=state))

    assert report.new_entrants == 0
    assert Beneficiary.objects.get().duties_entered_on is None
    assert _duties() == [(True, False, DAY, DAY - dt.timedelta(days=1))]


@pytest.mark.parametrize("state", ["2", "3", "4"])
def test_an_entry_in_each_open_state(world, tmp_path, state):
    assert (
        _flow(world, tmp_path, DAY, _applicant(entering=True, right_state=state)).new_entrants == 1
    )


def test_a_flow_without_the_flag_keeps_what_was_known(world, tmp_path):
    _flow(world, tmp_path, DAY, _applicant(entering=True))
    report = _flow(world, tmp_path, TUESDAY, _applicant(subject=None, street_number="7"))

    beneficiary = Beneficiary.objects.get()
    assert (beneficiary.subject_to_duties, beneficiary.duties_entered_on) == (True, DAY)
    assert report.new_entrants == 0
    assert len(_duties()) == 1


def test_the_right_state_history_is_dated_by_the_reference_date(world, tmp_path):
    _flow(world, tmp_path, DAY, _applicant())
    _flow(world, tmp_path, TUESDAY, _applicant(right_state="4", suspension=("06", DAY)))
    report = _flow(
        world, tmp_path, WEDNESDAY, _applicant(right_state="5", closure=("RFD", TUESDAY))
    )

    assert report.closures == 1
    rsa_file = RsaFile.objects.get()
    assert (rsa_file.right_state, rsa_file.right_state_since) == ("5", TUESDAY)
    assert (rsa_file.closure_reason, rsa_file.closed_on) == ("RFD", TUESDAY)
    assert (rsa_file.suspension_reason, rsa_file.suspended_on) == ("", None)
    assert list(RightStateChange.objects.order_by("on").values_list("state", "on")) == [
        ("2", DAY - dt.timedelta(days=1)),
        ("4", DAY),
        ("5", TUESDAY),
    ]
    summaries = set(Event.objects.values_list("summary", flat=True))
    assert (
        "Droit RSA : ouvert, versement suspendu (motif : déclaration trimestrielle de ressources non fournie)"
        in summaries
    )
    assert "Droit RSA : clos (motif : radiation, fin de droit)" in summaries


def test_transfers_in_and_out_are_kept_counted_and_told(world, tmp_path):
    arriving = _flow(world, tmp_path, DAY, _applicant(transfer_in=("CAF311", DAY)))
    leaving = _flow(
        world,
        tmp_path,
        TUESDAY,
        _applicant(
            transfer_in=("CAF311", DAY),
            transfer_out=("CAF031", TUESDAY),
            right_state="5",
            closure=("MUT", TUESDAY),
        ),
    )

    assert (arriving.transfers_in, arriving.transfers_out) == (1, 0)
    assert (leaving.transfers_in, leaving.transfers_out, leaving.closures) == (0, 1, 1)
    rsa_file = RsaFile.objects.get()
    assert (rsa_file.transferred_in_from, rsa_file.transferred_in_on) == ("CAF311", DAY)
    assert (rsa_file.transferred_out_to, rsa_file.transferred_out_on) == ("CAF031", TUESDAY)
    summaries = set(Event.objects.values_list("summary", flat=True))
    assert f"Dossier RSA parti vers un autre organisme (CAF 031) le {TUESDAY:%d/%m/%Y}" in summaries
    assert "Droit RSA : clos (motif : mutation du dossier vers un autre organisme)" in summaries
