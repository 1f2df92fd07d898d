def not_found(request, exception=None):
    pass


def server_error(request):
    pass
