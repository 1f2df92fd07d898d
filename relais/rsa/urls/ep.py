from django.urls import path

from relais.rsa.views import ep as views

urlpatterns = [
    path("ep/", views.ep_list, name="ep_list"),
    path("ep/seances/nouvelle/", views.ep_session_create, name="ep_session_create"),
    path("ep/seances/<uuid:session_uuid>/", views.ep_session, name="ep_session"),
    path(
        "ep/seances/<uuid:session_uuid>/convocations.pdf",
        views.ep_session_letters,
        name="ep_session_letters",
    ),
    path("ep/dossiers/<uuid:case_uuid>/", views.ep_case, name="ep_case"),
    path("ep/dossiers/<uuid:case_uuid>/decision.pdf", views.ep_case_letter, name="ep_case_letter"),
    path("ep/sanctions/<uuid:sanction_uuid>/lever/", views.sanction_lift, name="sanction_lift"),
]
