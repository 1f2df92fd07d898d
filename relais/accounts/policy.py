"""Which memberships an agent may act under."""

from relais.accounts.models import Membership


def switchable_membership(user, membership_id) -> Membership | None:
    """One of the user's own active memberships, never someone else's."""
    try:
        membership_id = int(membership_id)
    except (TypeError, ValueError):
        return None
    return Membership.objects.filter(
        pk=membership_id, user=user, is_active=True, organisation__is_active=True
    ).first()
