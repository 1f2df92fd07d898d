"""Contracts: the contrat d'engagement's action plan, its signature, its life, its breach.

Each function is one transaction that writes the person's timeline and the audit trail.
CER and PPAE are history: since 1 January 2025 Relais only prepares contrats d'engagement;
the history import (relais.rsa.history) loads the older kinds with their dates.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from relais.audit.services import diff, record_change
from relais.people.models import Event
from relais.people.services import write_event
from relais.rsa.models import Contract, ContractAction, EpCase
from relais.rsa.models.contracts import MINIMUM_WEEKLY_HOURS
from relais.rsa.policy import current_organisation
from relais.rsa.queries.contracts import mds_for, orientation_in_force

MAX_ACTIONS = 8
MAX_HOURS_PER_ACTION = Decimal(60)
STEP = Decimal("0.1")


class ContractError(ValueError):
    """A change the rules refuse; the message says what to do, in French."""


def hours_text(value: Decimal) -> str:
    """12 → '12', 12.5 → '12,5': hours as a French reader writes them."""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")


def clean_actions(actions) -> list[tuple[str, Decimal]]:
    """[(label, hours)] with blank rows dropped; ContractError names the faulty action."""
    cleaned = []
    for number, (label, hours) in enumerate(actions, 1):
        label = (label or "").strip()
        if not label and hours in (None, ""):
            continue
        if not label:
            raise ContractError(f"Action {number} : décrivez l'action.")
        if hours in (None, ""):
            raise ContractError(f"Action {number} : indiquez le nombre d'heures par semaine.")
        try:
            hours = Decimal(str(hours))
        except InvalidOperation:
            raise ContractError(
                f"Action {number} : indiquez un nombre d'heures par semaine, par exemple 4 ou 2,5."
            ) from None
        if not Decimal(0) < hours <= MAX_HOURS_PER_ACTION or hours != hours.quantize(STEP):
            raise ContractError(
                f"Action {number} : indiquez entre 0,1 et 60 heures par semaine (une décimale au plus)."
            )
        cleaned.append((label, hours))
    if not cleaned:
        raise ContractError("Ajoutez au moins une action au plan d'action.")
    if len(cleaned) > MAX_ACTIONS:
        raise ContractError(f"Le plan d'action compte {MAX_ACTIONS} actions au plus.")
    return cleaned


def weekly_total(actions) -> Decimal:
    return sum((Decimal(hours) for _, hours in actions), Decimal(0))


def check_weekly_hours(kind: str, actions, adjustment_reason: str) -> None:
    """The 2025 law: at least 15 hours of activity a week, unless adjusted to the situation."""
    total = weekly_total(actions)
    if kind == Contract.Kind.ENGAGEMENT and total < MINIMUM_WEEKLY_HOURS:
        if not adjustment_reason.strip():
            raise ContractError(
                f"Le plan d'action compte {hours_text(total)} h par semaine, moins que les "
                f"{MINIMUM_WEEKLY_HOURS} heures du contrat d'engagement : complétez le plan ou "
                "indiquez le motif d'adaptation à la situation de la personne."
            )


def _valid_plan(kind, objectives, actions, adjustment_reason, starts_on, ends_on) -> list:
    if not objectives.strip():
        raise ContractError("Indiquez les objectifs du contrat.")
    actions = clean_actions(actions)
    check_weekly_hours(kind, actions, adjustment_reason)
    if ends_on <= starts_on:
        raise ContractError("La fin du contrat doit être après son début.")
    return actions


def _plan_values(contract: Contract) -> dict:
    actions = "; ".join(
        f"{a.label} ({hours_text(a.hours_per_week)} h)" for a in contract.actions.all()
    )
    return {
        "objectives": contract.objectives,
        "adjustment_reason": contract.adjustment_reason,
        "starts_on": contract.starts_on,
        "ends_on": contract.ends_on,
        "actions": actions,
    }


def _set_actions(contract: Contract, actions) -> None:
    contract.actions.all().delete()
    ContractAction.objects.bulk_create(
        ContractAction(contract=contract, label=label, hours_per_week=hours, position=position)
        for position, (label, hours) in enumerate(actions)
    )


def _event(contract: Contract, summary: str, user=None) -> None:
    write_event(
        person=contract.person, kind=Event.Kind.RSA, user=user, source=contract, summary=summary
    )


def _locked(contract: Contract) -> Contract:
    return Contract.objects.select_for_update().select_related("person").get(pk=contract.pk)


@transaction.atomic
def create_draft(
    *,
    user,
    person,
    objectives: str,
    actions,
    starts_on: dt.date,
    ends_on: dt.date,
    adjustment_reason: str = "",
    kind: str = Contract.Kind.ENGAGEMENT,
) -> Contract:
    if kind != Contract.Kind.ENGAGEMENT:
        raise ContractError(
            "Depuis le 1er janvier 2025, le contrat d'engagement remplace le CER et le PPAE : "
            "préparez un contrat d'engagement (les anciens contrats se reprennent par l'import "
            "de l'historique)."
        )
    orientation = orientation_in_force(person)
    if orientation is None:
        raise ContractError(
            "Aucune orientation n'est enregistrée pour cette personne : le contrat d'engagement "
            "suit la décision d'orientation."
        )
    draft = person.contracts.filter(status=Contract.Status.DRAFT).first()
    if draft is not None:
        raise ContractError(
            f"Un brouillon de contrat existe déjà ({draft}) : reprenez-le plutôt que d'en "
            "préparer un autre."
        )
    actions = _valid_plan(kind, objectives, actions, adjustment_reason, starts_on, ends_on)
    contract = Contract.objects.create(
        person=person,
        kind=kind,
        orientation=orientation,
        objectives=objectives.strip(),
        adjustment_reason=adjustment_reason.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        organisation=current_organisation(user),
        created_by=user,
    )
    _set_actions(contract, actions)
    changes = diff({}, {"kind": kind, "status": contract.status, **_plan_values(contract)})
    record_change(user=user, person=person, obj=contract, changes=changes)
    _event(contract, f"{contract.get_kind_display()} en préparation (brouillon)", user)
    return contract


@transaction.atomic
def update_draft(
    *,
    user,
    contract: Contract,
    objectives: str,
    actions,
    starts_on: dt.date,
    ends_on: dt.date,
    adjustment_reason: str = "",
) -> Contract:
    contract = _locked(contract)
    if contract.status != Contract.Status.DRAFT:
        raise ContractError("Seul un brouillon se modifie : ce contrat est déjà signé.")
    actions = _valid_plan(contract.kind, objectives, actions, adjustment_reason, starts_on, ends_on)
    before = _plan_values(contract)
    contract.objectives = objectives.strip()
    contract.adjustment_reason = adjustment_reason.strip()
    contract.starts_on, contract.ends_on = starts_on, ends_on
    contract.save()
    _set_actions(contract, actions)
    changes = diff(before, _plan_values(contract))
    if changes:
        record_change(user=user, person=contract.person, obj=contract, changes=changes)
        _event(contract, f"{contract.get_kind_display()} : brouillon modifié", user)
    return contract


def _refuse_transition(contract: Contract, status: str) -> None:
    if not contract.can_become(status):
        raise ContractError(
            f"Un contrat « {contract.get_status_display().lower()} » ne peut pas passer à "
            f"« {Contract.Status(status).label.lower()} »."
        )


def _change_status(contract: Contract, status: str, user, **fields) -> None:
    before = {"status": contract.status, **{k: getattr(contract, k) for k in fields}}
    contract.status = status
    for name, value in fields.items():
        setattr(contract, name, value)
    contract.save(update_fields=["status", *fields])
    after = {"status": status, **fields}
    record_change(user=user, person=contract.person, obj=contract, changes=diff(before, after))


@transaction.atomic
def sign(*, user, contract: Contract, signed_on: dt.date) -> Contract:
    """Draft → signed. A signed renewal closes the contract it renews (active → renewed)."""
    contract = _locked(contract)
    _refuse_transition(contract, Contract.Status.SIGNED)
    if signed_on > timezone.localdate():
        raise ContractError("La date de signature ne peut pas être dans le futur.")
    orientation = contract.orientation
    if orientation is not None and signed_on < orientation.decided_on:
        raise ContractError(
            "La signature ne peut pas précéder la décision d'orientation "
            f"({orientation.decided_on:%d/%m/%Y})."
        )
    actions = [(a.label, a.hours_per_week) for a in contract.actions.all()]
    # A renewal copies an older plan: the 15-hour rule is checked again before signature.
    check_weekly_hours(contract.kind, actions, contract.adjustment_reason)
    _change_status(contract, Contract.Status.SIGNED, user, signed_on=signed_on)
    _event(contract, f"{contract.get_kind_display()} signé le {signed_on:%d/%m/%Y}", user)
    if contract.renewed_from_id is not None:
        previous = _locked(contract.renewed_from)
        # Already ended by the daily run: the new contract simply follows it.
        if previous.can_become(Contract.Status.RENEWED):
            _change_status(previous, Contract.Status.RENEWED, user)
            _event(previous, f"{previous} renouvelé", user)
    return contract


@transaction.atomic
def activate(*, user, contract: Contract, today: dt.date | None = None) -> Contract:
    contract = _locked(contract)
    _refuse_transition(contract, Contract.Status.ACTIVE)
    today = today or timezone.localdate()
    if contract.starts_on > today:
        raise ContractError(
            f"Le contrat commence le {contract.starts_on:%d/%m/%Y} : il passera en cours ce "
            "jour-là."
        )
    _change_status(contract, Contract.Status.ACTIVE, user)
    _event(contract, f"{contract.get_kind_display()} en cours", user)
    return contract


@transaction.atomic
def end(*, user, contract: Contract, ended_on: dt.date) -> Contract:
    contract = _locked(contract)
    _refuse_transition(contract, Contract.Status.ENDED)
    if ended_on > timezone.localdate():
        raise ContractError("La date de fin ne peut pas être dans le futur.")
    if ended_on < contract.signed_on:
        raise ContractError(
            f"Le contrat ne peut pas finir avant sa signature ({contract.signed_on:%d/%m/%Y})."
        )
    _change_status(contract, Contract.Status.ENDED, user, ended_on=ended_on)
    _event(contract, f"{contract.get_kind_display()} terminé le {ended_on:%d/%m/%Y}", user)
    return contract


@transaction.atomic
def renew(*, user, contract: Contract) -> Contract:
    """A new draft that copies the running contract's plan; signing it renews the contract."""
    contract = _locked(contract)
    _refuse_transition(contract, Contract.Status.RENEWED)
    if Contract.objects.filter(renewed_from=contract).exists():
        raise ContractError("Le renouvellement de ce contrat est déjà en préparation.")
    if contract.person.contracts.filter(status=Contract.Status.DRAFT).exists():
        raise ContractError(
            "Un brouillon de contrat existe déjà pour cette personne : reprenez-le."
        )
    starts_on = contract.ends_on + dt.timedelta(days=1)
    renewal = Contract.objects.create(
        person=contract.person,
        kind=Contract.Kind.ENGAGEMENT,
        orientation=orientation_in_force(contract.person),
        objectives=contract.objectives,
        adjustment_reason=contract.adjustment_reason,
        starts_on=starts_on,
        ends_on=starts_on + (contract.ends_on - contract.starts_on),
        renewed_from=contract,
        organisation=current_organisation(user),
        created_by=user,
    )
    _set_actions(renewal, [(a.label, a.hours_per_week) for a in contract.actions.all()])
    changes = diff({}, {"renewed_from": contract.pk, **_plan_values(renewal)})
    record_change(user=user, person=contract.person, obj=renewal, changes=changes)
    _event(renewal, f"Renouvellement préparé pour le {contract} (brouillon)", user)
    return renewal


@transaction.atomic
def report_breach(*, user, contract: Contract, summary: str):
    """List the person's file for the équipe pluridisciplinaire (theme: breach of contract)."""
    # Imported here: the EP stage owns its services; contracts only hand it a case.
    from relais.rsa.services.ep import EpError, list_case
    from relais.rsa.services.ep_rules import PENDING

    if contract.status not in (Contract.Status.SIGNED, Contract.Status.ACTIVE):
        raise ContractError("Un manquement se signale sur un contrat signé ou en cours.")
    summary = " ".join(summary.split())
    if not summary:
        raise ContractError(
            "Décrivez le manquement constaté (rendez-vous manqués, actions non faites…)."
        )
    pending = contract.person.ep_cases.filter(theme=EpCase.Theme.BREACH, status__in=PENDING)
    if pending.exists():
        raise ContractError(
            "Un manquement de cette personne attend déjà l'avis de l'équipe pluridisciplinaire : "
            "complétez ce dossier plutôt que d'en ouvrir un autre."
        )
    mds = mds_for(user, contract.person)
    if mds is None:
        raise ContractError(
            "Aucune MDS ne couvre la commune de cette personne : renseignez son adresse avant de "
            "saisir l'équipe pluridisciplinaire."
        )
    try:
        return list_case(
            user=user,
            person=contract.person,
            theme=EpCase.Theme.BREACH,
            mds=mds,
            source_summary=f"{contract} ({contract.uuid}) : {summary}"[:300],
        )
    except EpError as error:
        raise ContractError(str(error)) from error


@transaction.atomic
def move_on_schedule(pk: int, status: str, today: dt.date) -> bool:
    """The daily run: one contract started (→ active) or past its end (→ ended).

    Re-checked under lock, since an agent may have acted since the list was read.
    """
    contract = Contract.objects.select_for_update().select_related("person").get(pk=pk)
    if not contract.can_become(status):
        return False
    if status == Contract.Status.ACTIVE:
        if not contract.starts_on <= today <= contract.ends_on:
            return False
        _change_status(contract, status, None)
        _event(contract, f"{contract.get_kind_display()} en cours (date de début atteinte)")
        return True
    if contract.ends_on >= today:
        return False
    _change_status(contract, status, None, ended_on=contract.ends_on)
    _event(
        contract, f"{contract.get_kind_display()} terminé le {contract.ends_on:%d/%m/%Y} (échéance)"
    )
    return True
