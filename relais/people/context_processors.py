from relais.people import policy


def people(request):
    return {"can_search_people": policy.role_of(request.user) in policy.FILE_ROLES}
