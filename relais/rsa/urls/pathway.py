from django.urls import path

from relais.rsa.views import orientation, pathway

urlpatterns = [
    path("primo-entrants/", pathway.new_entrants, name="new_entrants"),
    path("primo-entrants/convoquer/", pathway.convene, name="convene"),
    path(
        "convocations/<uuid:batch>/courriers.pdf",
        pathway.convocation_letters,
        name="convocation_letters",
    ),
    path("a-faire/", pathway.worklists, name="worklists"),
    path("personnes/<uuid:uuid>/", orientation.pathway, name="pathway"),
    path(
        "personnes/<uuid:uuid>/diagnostic/", orientation.diagnostic_create, name="diagnostic_create"
    ),
    path("personnes/<uuid:uuid>/orientation/", orientation.orient, name="orient"),
    path(
        "personnes/<uuid:uuid>/reorientation/",
        orientation.reorientation_request,
        name="reorientation_request",
    ),
    path(
        "orientations/<uuid:orientation_uuid>/notifier/",
        orientation.orientation_notify,
        name="orientation_notify",
    ),
    path(
        "orientations/<uuid:orientation_uuid>/courrier.pdf",
        orientation.orientation_letter,
        name="orientation_letter",
    ),
    path(
        "diagnostics/<uuid:diagnostic_uuid>/pdf/", orientation.diagnostic_pdf, name="diagnostic_pdf"
    ),
    path(
        "diagnostics/<uuid:diagnostic_uuid>/transmettre/",
        orientation.diagnostic_send,
        name="diagnostic_send",
    ),
    path(
        "reorientations/<uuid:request_uuid>/",
        orientation.reorientation_decide,
        name="reorientation_decide",
    ),
]
