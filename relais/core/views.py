from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_GET


def not_found(request, exception=None):
    # The same page for "does not exist" and "not allowed": nothing to learn from it.
    return render(request, "relais/404.html", status=404)


def server_error(request):
    # No context, no database: the plainest page that can still be shown.
    return HttpResponseServerError(loader.get_template("relais/500.html").render())


@login_not_required
@require_GET
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
