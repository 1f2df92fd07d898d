from relais.aid import policy


def aid(request):
    user = request.user
    return {
        "can_use_aid": policy.is_departement_agent(user) or policy.is_secretariat(user),
        "is_aid_secretariat": policy.is_secretariat(user),
    }
