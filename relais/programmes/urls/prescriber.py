from django.urls import path

from relais.programmes.views import prescriber as views

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("actions/<uuid:programme_uuid>/", views.programme_detail, name="programme"),
    path("personnes/<uuid:uuid>/prescrire/", views.prescribe, name="prescribe"),
    path("prescriptions/<uuid:prescription_uuid>/", views.prescription_detail, name="prescription"),
    path("prescriptions/<uuid:prescription_uuid>/retirer/", views.withdraw, name="withdraw"),
]
