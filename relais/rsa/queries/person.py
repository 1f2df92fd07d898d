"""Everything the pathway page shows about one person, in a bounded number of queries."""

from django.utils import timezone

from relais.rsa import policy
from relais.rsa.models import Beneficiary, Convocation
from relais.rsa.queries.pathway import orientation_clock


def pathway_of(user, person) -> dict:
    # Imported here: each stage owns its read side.
    from relais.rsa.queries.contracts import contract_clock

    today = timezone.localdate()
    beneficiary = (
        Beneficiary.objects.filter(person=person).select_related("rsa_file__commune").first()
    )
    rsa_file = beneficiary.rsa_file if beneficiary else None
    convocations = (
        Convocation.objects.filter(person=person)
        .select_related("appointment__site", "appointment__agenda__owner")
        .order_by("-created_at")
    )
    diagnostics = person.diagnostics.select_related("author", "sent_to").order_by("-created_at")
    orientations = person.orientations.select_related("referent_organisation", "decided_by")
    seen_without_diagnostic = [
        c.appointment
        for c in convocations
        if c.appointment
        and c.appointment.status == "seen"
        and not hasattr(c.appointment, "diagnostic")
    ]
    return {
        "beneficiary": beneficiary,
        "rsa_file": rsa_file,
        "right_history": rsa_file.state_history.all()[:12] if rsa_file else [],
        "duties_history": person.duties_history.all()[:12],
        "orientation_clock": orientation_clock(person, today),
        "contract_clock": contract_clock(person, today),
        "convocations": convocations,
        "seen_without_diagnostic": seen_without_diagnostic,
        "diagnostics": diagnostics,
        "orientations": orientations,
        "current_orientation": orientations.first(),
        "reorientation_requests": person.reorientation_requests.select_related("requested_by"),
        "contracts": person.contracts.prefetch_related("actions"),
        "joint_supports": person.joint_supports.select_related("agency", "social_worker"),
        "ep_cases": person.ep_cases.select_related("session"),
        "sanctions": person.sanctions.all(),
        "exits": person.rsa_exits.all(),
        "can_diagnose": policy.can_write_diagnostic(user, person),
        "can_orient": policy.can_orient(user, person),
        "can_request_reorientation": policy.can_request_reorientation(user, person),
        "can_contract": policy.can_manage_contracts(user, person),
        "can_manage_ep": policy.can_manage_ep(user),
        "today": today,
    }
