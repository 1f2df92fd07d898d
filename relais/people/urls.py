from django.urls import path

from relais.people import views

app_name = "people"
urlpatterns = [
    path("", views.search, name="search"),
    path("export.csv", views.export_search, name="export"),
    path("nouvelle/", views.person_create, name="create"),
    path("<uuid:uuid>/", views.person_detail, name="detail"),
    path("<uuid:uuid>/chronologie/", views.timeline, name="timeline"),
    path("<uuid:uuid>/modifier/", views.person_edit, name="edit"),
    path("<uuid:uuid>/referent/", views.referent_assign, name="referent"),
    path("<uuid:uuid>/documents/ajouter/", views.document_upload, name="document_upload"),
    path(
        "<uuid:uuid>/documents/<uuid:document_uuid>/",
        views.document_download,
        name="document_download",
    ),
    path("<uuid:uuid>/consentements/ajouter/", views.consent_add, name="consent_add"),
    path("<uuid:uuid>/notes/ajouter/", views.note_add, name="note_add"),
    path("<uuid:uuid>/consultations/", views.access_history, name="access_history"),
    path("<uuid:uuid>/imprimer/", views.person_print, name="print"),
]
