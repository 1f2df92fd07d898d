from django.urls import path

from relais.rsa.views import indicators

urlpatterns = [
    path("indicateurs/", indicators.indicators_page, name="indicators"),
    path(
        "indicateurs/<slug:code>/personnes/",
        indicators.indicator_persons,
        name="indicator_persons",
    ),
]
