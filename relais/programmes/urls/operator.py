from django.urls import path

from relais.programmes.views import operator as views
from relais.programmes.views import specifics

urlpatterns = [
    path("portail/", views.portal, name="portal"),
    path(
        "portail/prescriptions/<uuid:prescription_uuid>/",
        views.prescription,
        name="portal_prescription",
    ),
    path("portail/prescriptions/<uuid:prescription_uuid>/accepter/", views.accept, name="accept"),
    path(
        "portail/prescriptions/<uuid:prescription_uuid>/attente/", views.waitlist, name="waitlist"
    ),
    path("portail/prescriptions/<uuid:prescription_uuid>/refuser/", views.refuse, name="refuse"),
    path("portail/prescriptions/<uuid:prescription_uuid>/entree/", views.enter, name="enter"),
    path("portail/prescriptions/<uuid:prescription_uuid>/sortie/", views.end, name="end"),
    path("portail/actions/<uuid:programme_uuid>/", views.programme, name="portal_programme"),
    path(
        "portail/actions/<uuid:programme_uuid>/sessions/nouvelle/",
        views.session_create,
        name="session_create",
    ),
    path(
        "portail/sessions/<uuid:intake_uuid>/places/",
        views.session_places,
        name="session_places",
    ),
    path(
        "portail/prescriptions/<uuid:prescription_uuid>/evaluations/nouvelle/",
        specifics.assessment_add,
        name="assessment_add",
    ),
    path(
        "portail/prescriptions/<uuid:prescription_uuid>/orienter/",
        specifics.orient_to_course,
        name="orient_course",
    ),
    path(
        "portail/prescriptions/<uuid:prescription_uuid>/journees/nouvelle/",
        specifics.work_day_add,
        name="work_day_add",
    ),
]
