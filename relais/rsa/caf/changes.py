"""Turn one checked household, and what Relais knew of it, into the rows to write.

The rules of the issue live here: the right state's history (dated DTREF), transfers,
closures, and the rights-and-duties episodes (an entry is dated by DTCREAFLUX).
"""

from relais.people.models import Household
from relais.rsa.caf import labels
from relais.rsa.caf.persons import plan_person
from relais.rsa.caf.plan import ImportContext, Plan
from relais.rsa.caf.validation import HouseholdData
from relais.rsa.models import RightStateChange, RsaFile
from relais.rsa.models.flows import CLOSED_RIGHT_STATES

# The RsaFile fields the flow sets (besides the state, its date, the hash and the last flow).
FILE_FIELDS = [
    "application_number",
    "application_date",
    "suspension_reason",
    "suspended_on",
    "closure_reason",
    "closed_on",
    "transferred_in_on",
    "transferred_in_from",
    "transferred_out_on",
    "transferred_out_to",
    "address",
]
UPDATED_FILE_FIELDS = [
    *FILE_FIELDS,
    "commune",
    "right_state",
    "right_state_since",
    "content_hash",
    "last_flow",
    "updated_at",
]


def plan_household(
    plan: Plan, context: ImportContext, data: HouseholdData, rsa_file, household, matches
) -> None:
    """Add to the plan what the household changes; count it in the report.

    `rsa_file`: the RsaFile of this CAF number, or None; `household`: a Household of Relais
    with this CAF number and no RSA file yet (persons entered by agents), or None.
    """
    report = context.report
    if rsa_file is None:
        before = None
        household_ref = household or plan.add(
            Household, departement_id=context.departement.pk, caf_number=data.caf_number
        )
        file_ref = plan.add(
            RsaFile,
            departement_id=context.departement.pk,
            household_id=household_ref,
            caf_number=data.caf_number,
            right_state=data.right_state,
            right_state_since=context.reference_date,
            **_file_values(data, context),
        )
        report.households.created += 1
    else:
        before = _snapshot(rsa_file)
        if rsa_file.right_state != data.right_state:
            rsa_file.right_state = data.right_state
            rsa_file.right_state_since = context.reference_date
        for name, value in _file_values(data, context).items():
            setattr(rsa_file, name, value)
        rsa_file.updated_at = context.now
        plan.change(rsa_file)
        household_ref, file_ref = rsa_file.household, rsa_file
        report.households.updated += 1
    news = _news(plan, context, data, file_ref, before)
    for person_data, person, beneficiary in matches:
        plan_person(
            plan,
            context,
            person_data,
            person,
            beneficiary,
            file_ref=file_ref,
            household_ref=household_ref,
            household_data=data,
            news=news,
        )
    report.persons.skipped += data.skipped


def _snapshot(rsa_file: RsaFile) -> dict:
    return {
        "right_state": rsa_file.right_state,
        "transferred_in_on": rsa_file.transferred_in_on,
        "transferred_out_on": rsa_file.transferred_out_on,
    }


def _file_values(data: HouseholdData, context: ImportContext) -> dict:
    values = {name: getattr(data, name) for name in FILE_FIELDS}
    values["commune_id"] = context.communes.get(data.commune_code)
    values["content_hash"] = data.content_hash
    values["last_flow_id"] = context.flow.pk
    return values


def _news(plan, context, data, file_ref, before) -> list[str]:
    """The household's changes worth a line in each member's timeline; counted in the report."""
    report, news = context.report, []
    previous_state = before["right_state"] if before else None
    if data.right_state != previous_state:
        plan.add(
            RightStateChange,
            rsa_file_id=file_ref,
            state=data.right_state,
            on=context.reference_date,
            flow_id=context.flow.pk,
        )
        news.append(_state_summary(data))
        if data.right_state in CLOSED_RIGHT_STATES and previous_state not in CLOSED_RIGHT_STATES:
            report.closures += 1
    if data.transferred_in_on and data.transferred_in_on != (before or {}).get("transferred_in_on"):
        report.transfers_in += 1
        news.append(
            f"Dossier RSA arrivé d'un autre organisme "
            f"({labels.organisation_label(data.transferred_in_from)}) le "
            f"{data.transferred_in_on:%d/%m/%Y}"
        )
    if data.transferred_out_on and data.transferred_out_on != (before or {}).get(
        "transferred_out_on"
    ):
        report.transfers_out += 1
        news.append(
            f"Dossier RSA parti vers un autre organisme "
            f"({labels.organisation_label(data.transferred_out_to)}) le "
            f"{data.transferred_out_on:%d/%m/%Y}"
        )
    return news


def _state_summary(data: HouseholdData) -> str:
    summary = f"Droit RSA : {labels.STATE_SHORT[data.right_state]}"
    if data.right_state in CLOSED_RIGHT_STATES and data.closure_reason:
        return f"{summary} (motif : {labels.closure_label(data.closure_reason)})"
    if data.right_state in {"3", "4"} and data.suspension_reason:
        return f"{summary} (motif : {labels.suspension_label(data.suspension_reason)})"
    return summary
