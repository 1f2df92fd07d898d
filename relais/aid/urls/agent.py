from django.urls import path

from relais.aid.views import agent as views

urlpatterns = [
    path("", views.application_list, name="list"),
    path("personnes/<uuid:uuid>/demande/", views.apply, name="apply"),
    path("demandes/<uuid:application_uuid>/", views.application, name="application"),
    path("demandes/<uuid:application_uuid>/modifier/", views.edit, name="edit"),
    path("demandes/<uuid:application_uuid>/pieces/", views.document_add, name="document_add"),
    path(
        "demandes/<uuid:application_uuid>/pieces/<int:document_id>/",
        views.document_download,
        name="document",
    ),
    path("demandes/<uuid:application_uuid>/transmettre/", views.submit, name="submit"),
    path("demandes/<uuid:application_uuid>/annuler/", views.cancel, name="cancel"),
]
