"""Minimal RSA rows for the pathway tests: a flow, a file, a beneficiary and their entry."""

import datetime as dt
import hashlib
import itertools

from relais.people.models import Household
from relais.rsa.models import Beneficiary, CafFlow, DutiesChange, RsaFile

_numbers = itertools.count(1000001)


def make_flow(departement, created_on: dt.date, reference_date: dt.date | None = None) -> CafFlow:
    digest = hashlib.sha256(f"{departement.pk}-{created_on}-{next(_numbers)}".encode()).hexdigest()
    return CafFlow.objects.create(
        departement=departement,
        sha256=digest,
        file_name=f"flux-{created_on:%Y%m%d}.xml",
        size=1,
        status="done",
        nature=CafFlow.Nature.DAILY,
        created_on=created_on,
        reference_date=reference_date or created_on,
    )


def enter_duties(person, entered_on: dt.date, *, role="DEM", state="2") -> Beneficiary:
    """The person, in an open RSA file, entered rights and duties by the flow of `entered_on`."""
    flow = make_flow(person.departement, entered_on)
    caf_number = person.caf_number or f"{next(_numbers) % 10_000_000:07d}"
    if person.caf_number != caf_number:
        person.caf_number = caf_number
        person.save(update_fields=["caf_number"])
    household = Household.objects.create(departement=person.departement, caf_number=caf_number)
    rsa_file = RsaFile.objects.create(
        departement=person.departement,
        household=household,
        caf_number=caf_number,
        application_number=f"A{caf_number}",
        application_date=entered_on - dt.timedelta(days=20),
        right_state=state,
        right_state_since=entered_on,
        content_hash="x",
        last_flow=flow,
    )
    beneficiary = Beneficiary.objects.create(
        person=person,
        rsa_file=rsa_file,
        caf_role=role,
        subject_to_duties=True,
        duties_entered_on=entered_on,
        content_hash="x",
    )
    DutiesChange.objects.create(
        person=person,
        subject_to_duties=True,
        is_entry=True,
        on=entered_on,
        reference_date=entered_on,
        flow=flow,
    )
    return beneficiary
