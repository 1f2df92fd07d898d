from relais.agenda import policy


def agenda(request):
    return {"can_use_agendas": policy.can_book(request.user)}
