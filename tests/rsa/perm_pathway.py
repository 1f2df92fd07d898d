"""Permission rules of the pathway views: new entrants, convocation, diagnostic, orientation."""

import datetime as dt

from django.utils import timezone

from relais.agenda.models import Agenda, Motive, Opening
from relais.agenda.slots import materialise
from relais.rsa.services import orientation as services
from relais.rsa.services.convocation import convene
from tests.permissions import _A_FILE_ROLES, only, rule
from tests.rsa.pathway_helpers import enter_duties

_WORKLISTS = (*_A_FILE_ROLES, "social_worker_b", "manager_b")
_CONVENE_A = ("employment_agent_a", "reception_a", "manager_a")
_ORIENT_A = ("employment_agent_a", "manager_a")

EXPECTED = {
    "rsa:new_entrants": only(_WORKLISTS, 200),
    "rsa:convene": rule(405),
    "rsa:convocation_letters": only(_CONVENE_A, 200),
    "rsa:worklists": only(_WORKLISTS, 200),
    "rsa:pathway": only(_A_FILE_ROLES, 200),
    "rsa:diagnostic_create": only(("social_worker_a", "employment_agent_a"), 200),
    "rsa:orient": only(_ORIENT_A, 200),
    "rsa:reorientation_request": only(("social_worker_a", "employment_agent_a", "manager_a"), 200),
    "rsa:orientation_notify": rule(405),
    "rsa:orientation_letter": only(_ORIENT_A, 200),
    "rsa:diagnostic_pdf": only(("social_worker_a", "employment_agent_a", "manager_a"), 200),
    "rsa:diagnostic_send": rule(405),
    "rsa:reorientation_decide": only(_ORIENT_A, 200),
}


def _ade_agenda(world):
    motive = Motive.objects.get_or_create(
        departement=world.mds_a.departement,
        code="orientation_rsa",
        defaults={"label": "Orientation RSA"},
    )[0]
    agenda = Agenda.objects.create(
        organisation=world.mds_a,
        site=world.mds_a.sites.first(),
        name="Agenda ADE (matrice)",
        owner=world.user("employment_agent_a"),
    )
    opening = Opening.objects.create(
        agenda=agenda,
        weekday=(timezone.localdate() + dt.timedelta(days=8)).weekday(),
        start_time=dt.time(9),
        end_time=dt.time(10),
        valid_from=dt.date(2020, 1, 1),
    )
    opening.motives.set([motive])
    materialise(agenda)


def url_kwargs(world) -> dict:
    person, agent = world.person_a, world.user("employment_agent_a")
    enter_duties(person, timezone.localdate() - dt.timedelta(days=3))
    _ade_agenda(world)
    batch = convene(user=world.user("reception_a"), persons=[person]).batch
    diagnostic = services.record_diagnostic(
        user=agent,
        person=person,
        data={
            "situation": "job_seeker",
            "capacity": "now",
            "project": "defined",
            "health": False,
            "education": "4",
            "experience": "2to5",
            **{name: "none" for name in services.Diagnostic.CONSTRAINTS},
        },
    )
    orientation = services.orient(
        user=agent,
        person=person,
        track="professional",
        referent_body="departement",
        referent_organisation=world.mds_a,
        decided_on=timezone.localdate(),
        diagnostic=diagnostic,
    )
    request = services.request_reorientation(
        user=world.user("social_worker_a"),
        person=person,
        proposed_track="social",
        proposed_body="departement",
        reason="Matrice des droits",
    )
    return {
        "batch": batch,
        "diagnostic_uuid": diagnostic.uuid,
        "orientation_uuid": orientation.uuid,
        "request_uuid": request.uuid,
    }
