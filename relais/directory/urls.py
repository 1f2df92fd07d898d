from django.urls import path

from relais.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.site_list, name="sites"),
    path("<slug:site_slug>/", views.site_page, name="site"),
    path("<slug:site_slug>/depliant.pdf", views.site_leaflet, name="leaflet"),
]
