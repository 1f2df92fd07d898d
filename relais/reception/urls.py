from django.urls import path

from relais.reception import views

app_name = "reception"
urlpatterns = [
    path("", views.home, name="home"),
    path("personnes/", views.person_lookup, name="person_lookup"),
    path("passages/", views.visit_list, name="visits"),
    path("passages/<uuid:visit_uuid>/", views.visit_detail, name="visit"),
    path("procedure/", views.procedure, name="procedure"),
    path("procedure/modifier/", views.procedure_edit, name="procedure_edit"),
    path("procedure/historique/", views.procedure_history, name="procedure_history"),
    path(
        "rendez-vous/<uuid:appointment_uuid>/interpretariat/",
        views.appointment_interpreting,
        name="appointment_interpreting",
    ),
]
