from relais.aid import policy


def aid(request):
    user = request.user
    return {
        "can_use_aid": policy.follows_applications(user) or policy.is_secretariat(user),
        "is_aid_secretariat": policy.is_secretariat(user),
        "can_see_aid_figures": policy.can_view_figures(user),
    }
