from django.urls import path

from relais.aid.views import secretariat as views

urlpatterns = [
    path("secretariat/", views.queue, name="queue"),
    path("secretariat/demandes/<uuid:application_uuid>/", views.review, name="review"),
    path(
        "secretariat/demandes/<uuid:application_uuid>/etude/",
        views.start_review,
        name="start_review",
    ),
    path("secretariat/demandes/<uuid:application_uuid>/accorder/", views.approve, name="approve"),
    path("secretariat/demandes/<uuid:application_uuid>/refuser/", views.refuse, name="refuse"),
    path(
        "secretariat/demandes/<uuid:application_uuid>/incomplete/",
        views.incomplete,
        name="incomplete",
    ),
    path("secretariat/demandes/<uuid:application_uuid>/payer/", views.pay, name="pay"),
    path(
        "secretariat/demandes/<uuid:application_uuid>/courrier-personne.pdf",
        views.letter_person,
        name="letter_person",
    ),
    path(
        "secretariat/demandes/<uuid:application_uuid>/courrier-agent.pdf",
        views.letter_agent,
        name="letter_agent",
    ),
    path("secretariat/paiements/", views.batches, name="batches"),
    path("secretariat/paiements/exporter/", views.export, name="export"),
    path("secretariat/paiements/<uuid:batch_uuid>/", views.batch, name="batch"),
]
