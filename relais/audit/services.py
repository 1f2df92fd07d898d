"""Writing the audit trail. Called by the people services and by every view that shows a file."""

from relais.audit.models import AccessRecord, ChangeRecord


def _actor(user):
    membership = getattr(user, "membership", None)
    if membership is None:
        return None, ""
    return membership.organisation, membership.role


def record_access(*, user, person, action: str, target: str = "") -> AccessRecord:
    organisation, role = _actor(user)
    return AccessRecord.objects.create(
        user=user, organisation=organisation, role=role, person=person, action=action, target=target
    )


def record_change(*, user, person, obj, changes: dict) -> ChangeRecord | None:
    if not changes:
        return None
    organisation, _ = _actor(user)
    return ChangeRecord.objects.create(
        user=user,
        organisation=organisation,
        person=person,
        model=obj._meta.label,
        object_id=str(obj.pk),
        changes=changes,
    )


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose value changed, as text."""
    return {
        name: [_as_text(before.get(name)), _as_text(value)]
        for name, value in after.items()
        if before.get(name) != value
    }


def _as_text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def record_accesses(*, user, persons, action: str, target: str = "") -> None:
    """One record per person, in one insert (exports of many files)."""
    organisation, role = _actor(user)
    AccessRecord.objects.bulk_create(
        AccessRecord(
            user=user, organisation=organisation, role=role, person=p, action=action, target=target
        )
        for p in persons
    )
