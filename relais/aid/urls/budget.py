from django.urls import path

from relais.aid.views import budget as views

urlpatterns = [
    path("budget/", views.budget, name="budget"),
    path("indicateurs/", views.indicators, name="indicators"),
    path("indicateurs/export.xlsx", views.indicators_export, name="indicators_export"),
]
