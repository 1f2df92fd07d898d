"""One person of a household: their file, their beneficiary row, their rights and duties."""

from relais.audit.services import diff
from relais.core.text import normalize
from relais.people.models import Person
from relais.rsa.caf.person_checks import PersonData
from relais.rsa.caf.plan import ImportContext, Plan, pk_of
from relais.rsa.caf.validation import HouseholdData
from relais.rsa.models import Beneficiary, DutiesChange
from relais.rsa.models.flows import OPEN_RIGHT_STATES

# What the flow sets on the person's file (the agent's own fields — phone, languages… — stay).
PERSON_FIELDS = [
    "birth_name",
    "usage_name",
    "first_names",
    "sex",
    "birth_date",
    "birth_place",
    "address",
    "commune",
    "caf_number",
    "household_role",
]
UPDATED_PERSON_FIELDS = [*PERSON_FIELDS, "household", "search_text", "updated_at"]
BENEFICIARY_FIELDS = ["caf_role", "france_travail_id", "subject_to_duties", "duties_entered_on"]
UPDATED_BENEFICIARY_FIELDS = [*BENEFICIARY_FIELDS, "rsa_file", "nir_hash", "content_hash"]


def plan_person(
    plan: Plan,
    context: ImportContext,
    data: PersonData,
    person,
    beneficiary,
    *,
    file_ref,
    household_ref,
    household_data: HouseholdData,
    news: list[str],
) -> None:
    report = context.report
    values = _person_values(data, household_data, context)
    attributes = {("commune_id" if k == "commune" else k): v for k, v in values.items()}
    search_text = normalize(f"{data.birth_name} {data.usage_name} {data.first_names}")
    if person is None:
        person = plan.add(
            Person,
            departement_id=context.departement.pk,
            household_id=household_ref,
            search_text=search_text,
            **attributes,
        )
        report.persons.created += 1
        _, duties = _plan_beneficiary(
            plan, context, data, person, None, file_ref, household_data, _creation_summary(news)
        )
        # One audit record per person and import: the file's fields and the flow's flags.
        plan.record(person, person, diff({}, {**values, **duties}))
        return
    changes = diff({name: _value(person, name) for name in PERSON_FIELDS}, values)
    # A household of Relais joined to its RSA file has no field of its own to audit.
    moved = pk_of(household_ref) is None or person.household_id != pk_of(household_ref)
    if changes or moved:
        for name, value in attributes.items():
            setattr(person, name, value)
        person.search_text = search_text
        person.updated_at = context.now
        plan.link(person, "household_id", household_ref)
        plan.change(person)
    for summary in news:
        plan.event(context, person, summary, file_ref)
    changed, duties = _plan_beneficiary(
        plan, context, data, person, beneficiary, file_ref, household_data
    )
    plan.record(person, person, {**changes, **duties})
    if changes or moved or changed:
        report.persons.updated += 1
    else:
        report.persons.unchanged += 1


def _person_values(data: PersonData, household: HouseholdData, context: ImportContext) -> dict:
    return {
        "birth_name": data.birth_name,
        "usage_name": data.usage_name,
        "first_names": data.first_names,
        "sex": data.sex,
        "birth_date": data.birth_date,
        "birth_place": data.birth_place,
        "address": household.address,
        "commune": context.communes.get(household.commune_code),
        "caf_number": household.caf_number,
        "household_role": data.household_role,
    }


def _value(person, name):
    return person.commune_id if name == "commune" else getattr(person, name)


def _creation_summary(news: list[str]) -> str:
    state = next((line for line in news if line.startswith("Droit RSA")), "")
    return "Dossier créé à partir du flux CAF" + (
        f" ({state[0].lower()}{state[1:]})" if state else ""
    )


def _plan_beneficiary(
    plan, context, data: PersonData, person, beneficiary, file_ref, household, created=""
):
    """The rights-and-duties flag and its history: (row changed, audited changes).

    `created`: the summary of the file's creation, for a person new to Relais; its timeline
    line points at the beneficiary row, and comes before the entry line.
    """
    if beneficiary is None:
        previous, entered_on, first_sight = False, None, True
    else:
        previous, entered_on, first_sight = (
            beneficiary.subject_to_duties,
            beneficiary.duties_entered_on,
            False,
        )
    subject = previous if data.subject is None else data.subject
    # An entry: the entry flag, or a 0 → 1 change, with an open right — once per episode.
    entry = (
        household.right_state in OPEN_RIGHT_STATES
        and subject
        and not (previous and entered_on is not None)
        and (data.entering or (not previous and not first_sight))
    )
    if first_sight or subject != previous or entry:
        plan.add(
            DutiesChange,
            person_id=person,
            subject_to_duties=subject,
            is_entry=entry,
            on=context.created_on,
            reference_date=context.reference_date,
            flow_id=context.flow.pk,
        )
    if entry:
        entered_on = context.created_on
        context.report.new_entrants += 1
    elif previous and not subject:
        entered_on = None
    after = {
        "caf_role": data.caf_role,
        "france_travail_id": data.france_travail_id,
        "subject_to_duties": subject,
        "duties_entered_on": entered_on,
    }
    if beneficiary is None:
        beneficiary = plan.add(
            Beneficiary,
            person_id=person,
            rsa_file_id=file_ref,
            nir_hash=data.nir_hash,
            content_hash=data.content_hash,
            **after,
        )
        changed, changes = True, after
        if created:
            plan.event(context, person, created, beneficiary)
    else:
        changed, changes = _update_beneficiary(plan, beneficiary, data, after, file_ref)
    if entry:
        plan.event(context, person, "Entrée dans les droits et devoirs du RSA", beneficiary)
    elif previous and not subject:
        plan.event(context, person, "Sortie des droits et devoirs du RSA", beneficiary)
    return changed, changes


def _update_beneficiary(plan, beneficiary, data: PersonData, after: dict, file_ref):
    before = {name: getattr(beneficiary, name) for name in BENEFICIARY_FIELDS}
    nir_hash = data.nir_hash or beneficiary.nir_hash  # a flow without the NIR keeps the known one
    unchanged = (
        before == after
        and beneficiary.rsa_file_id == pk_of(file_ref)
        and beneficiary.nir_hash == nir_hash
        and beneficiary.content_hash == data.content_hash
    )
    if unchanged:
        return False, {}
    for name, value in after.items():
        setattr(beneficiary, name, value)
    beneficiary.nir_hash, beneficiary.content_hash = nir_hash, data.content_hash
    plan.link(beneficiary, "rsa_file_id", file_ref)
    plan.change(beneficiary)
    return True, diff(before, after)
