from django.contrib import admin
from django.urls import include, path

from relais.people.views import home
from relais.reception.dashboard import dashboard

admin.site.site_header = "Relais — administration du référentiel"
admin.site.site_title = "Relais"

urlpatterns = [
    path("", home, name="home"),
    path("", include("relais.core.urls")),
    path("", include("relais.accounts.urls")),
    path("personnes/", include("relais.people.urls")),
    path("annuaire/", include("relais.territory.urls")),
    path("agenda/", include("relais.agenda.urls")),
    path("accueil/tableau-de-bord/", dashboard, name="dashboard"),
    path("accueil/", include("relais.reception.urls")),
    path("rsa/", include("relais.rsa.urls")),
    path("offre/", include("relais.programmes.urls")),
    path("fare82/", include("relais.aid.urls")),
    # Public pages (no login): each site's information and leaflet.
    path("sites/", include("relais.directory.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "relais.core.views.not_found"
handler500 = "relais.core.views.server_error"
