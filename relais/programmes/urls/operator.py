from django.urls import path

from relais.programmes.views import operator as views
from relais.programmes.views import specifics

urlpatterns = [
    path("portail/", views.portal, name="portal"),
    path("portail/prescriptions/<uuid:uuid>/", views.prescription, name="portal_prescription"),
    path("portail/prescriptions/<uuid:uuid>/accepter/", views.accept, name="accept"),
    path("portail/prescriptions/<uuid:uuid>/attente/", views.waitlist, name="waitlist"),
    path("portail/prescriptions/<uuid:uuid>/refuser/", views.refuse, name="refuse"),
    path("portail/prescriptions/<uuid:uuid>/entree/", views.enter, name="enter"),
    path("portail/prescriptions/<uuid:uuid>/sortie/", views.end, name="end"),
    path("portail/actions/<uuid:programme_uuid>/", views.programme, name="portal_programme"),
    path(
        "portail/actions/<uuid:programme_uuid>/sessions/nouvelle/",
        views.session_create,
        name="session_create",
    ),
    path(
        "portail/sessions/<uuid:session_uuid>/places/",
        views.session_places,
        name="session_places",
    ),
    path(
        "portail/prescriptions/<uuid:uuid>/evaluations/nouvelle/",
        specifics.assessment_add,
        name="assessment_add",
    ),
    path(
        "portail/prescriptions/<uuid:uuid>/orienter/",
        specifics.orient_to_course,
        name="orient_course",
    ),
    path(
        "portail/prescriptions/<uuid:uuid>/journees/nouvelle/",
        specifics.work_day_add,
        name="work_day_add",
    ),
]
