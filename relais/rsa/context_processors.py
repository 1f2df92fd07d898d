from relais.rsa import policy


def rsa(request):
    user = request.user
    return {
        "can_use_rsa": policy.can_see_worklists(user),
        "can_see_rsa_indicators": policy.can_view_indicators(user),
    }
