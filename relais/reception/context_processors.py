from relais.reception.dashboard import DASHBOARD_ROLES


def reception(request):
    membership = getattr(request, "membership", None)
    return {"can_see_dashboard": membership is not None and membership.role in DASHBOARD_ROLES}
