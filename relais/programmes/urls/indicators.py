from django.urls import path

from relais.programmes.views import indicators as views

urlpatterns = [
    path("indicateurs/", views.indicators, name="indicators"),
    path("indicateurs/export.xlsx", views.indicators_export, name="indicators_export"),
]
