"""A URLconf for the error-page tests: the real one plus a view that fails."""

from django.urls import path

from relais.urls import handler404, handler500, urlpatterns

BOOM = "détail interne qui ne doit jamais s'afficher"


def boom(request):
    raise RuntimeError(BOOM)


urlpatterns = [path("test-erreur/", boom, name="boom"), *urlpatterns]

__all__ = ["handler404", "handler500", "urlpatterns"]
