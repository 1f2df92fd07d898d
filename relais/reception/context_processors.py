from relais.reception.dashboard import DASHBOARD_ROLES
from relais.reception.policy import can_record_visits


def reception(request):
    membership = getattr(request, "membership", None)
    return {
        "can_see_dashboard": membership is not None and membership.role in DASHBOARD_ROLES,
        "can_record_visits": can_record_visits(request.user),
    }
