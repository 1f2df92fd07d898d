from relais.programmes import policy


def programmes(request):
    user = request.user
    return {
        "can_see_programmes": policy.can_see_catalogue(user),
        "is_programme_operator": policy.is_operator(user),
        "can_see_programme_indicators": policy.can_view_indicators(user),
    }
