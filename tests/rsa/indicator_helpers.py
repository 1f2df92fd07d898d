"""Minimal rows for the indicator tests, built with the models directly."""

import datetime as dt
import itertools

from relais.core.indicators import Period, Scope
from relais.people.models import Household
from relais.rsa.models import (
    Beneficiary,
    CafFlow,
    Contract,
    DutiesChange,
    Exit,
    Orientation,
    RightStateChange,
    RsaFile,
)

_numbers = itertools.count(1)

YEAR_2026 = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def scope_of(organisation=None, *, departement_id=None) -> Scope:
    if organisation is not None:
        return Scope(organisation.departement_id, organisation_id=organisation.pk)
    return Scope(departement_id)


def flow(departement) -> CafFlow:
    n = next(_numbers)
    return CafFlow.objects.create(
        departement=departement, sha256=f"{n:064d}", file_name=f"flux-{n}.xml", size=1
    )


def duties(person, on: dt.date, *, subject=True, entry=False) -> DutiesChange:
    return DutiesChange.objects.create(
        person=person,
        subject_to_duties=subject,
        is_entry=entry,
        on=on,
        reference_date=on,
        flow=flow(person.departement),
    )


def entry(person, on: dt.date) -> DutiesChange:
    return duties(person, on, subject=True, entry=True)


def orient(person, decided_on, *, track="professional", reorientation=False, entered=None):
    return Orientation.objects.create(
        person=person,
        track=track,
        referent_body="france_travail",
        is_reorientation=reorientation,
        duties_entered_on=entered,
        decided_on=decided_on,
    )


def contract(person, signed_on, *, starts_on=None, ends_on=None, status="signed", ended_on=None):
    starts_on = starts_on or signed_on
    return Contract.objects.create(
        person=person,
        kind=Contract.Kind.CER,
        status=status,
        starts_on=starts_on,
        ends_on=ends_on or starts_on + dt.timedelta(days=180),
        signed_on=signed_on,
        ended_on=ended_on,
    )


def rsa_file(*members) -> RsaFile:
    """A household's RSA file; members are (person, CAF role) pairs."""
    person = members[0][0]
    n = next(_numbers)
    household = Household.objects.create(departement=person.departement, caf_number=f"{n:07d}")
    file = RsaFile.objects.create(
        departement=person.departement,
        household=household,
        caf_number=f"{n:07d}",
        application_number=f"{n:011d}",
        application_date=dt.date(2024, 1, 1),
        right_state="2",
        right_state_since=dt.date(2024, 1, 1),
        content_hash="x",
        last_flow=flow(person.departement),
    )
    for member, role in members:
        Beneficiary.objects.create(person=member, rsa_file=file, caf_role=role, content_hash="x")
    return file


def right_state(file, on: dt.date, state="5") -> RightStateChange:
    return RightStateChange.objects.create(
        rsa_file=file, state=state, on=on, flow=flow(file.departement)
    )


def exit_(person, on: dt.date, reason: str) -> Exit:
    return Exit.objects.create(person=person, on=on, reason=reason)
