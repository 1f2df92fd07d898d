from django.urls import path

from relais.agenda import views

app_name = "agenda"
urlpatterns = [
    path("", views.agendas, name="agendas"),
    path("reserver/<uuid:uuid>/", views.book, name="book"),
    path("<uuid:agenda_uuid>/semaine/", views.week, name="week"),
    path("<uuid:agenda_uuid>/plages/", views.openings, name="openings"),
    path("<uuid:agenda_uuid>/absences/ajouter/", views.absence_add, name="absence_add"),
    path("rendez-vous/<uuid:appointment_uuid>/", views.appointment, name="appointment"),
    path(
        "rendez-vous/<uuid:appointment_uuid>/convocation.pdf",
        views.convocation,
        name="convocation",
    ),
    path(
        "rendez-vous/<uuid:appointment_uuid>/statut/",
        views.appointment_status,
        name="appointment_status",
    ),
    path("reunions/", views.sessions, name="sessions"),
    path(
        "reserver/<uuid:uuid>/reunions/<uuid:session_uuid>/",
        views.session_register,
        name="session_register",
    ),
    path("flux/", views.feed_settings, name="feed"),
    path("flux/renouveler/", views.feed_renew, name="feed_renew"),
    path("flux/revoquer/", views.feed_revoke, name="feed_revoke"),
    path("ical/<str:token>.ics", views.ical, name="ical"),
]
