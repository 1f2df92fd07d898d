"""The insertion offer's URLs, one module per side: catalogue and prescribers, the operators'
portal, programme specifics, indicators."""

from relais.programmes.urls import indicators, operator, prescriber

app_name = "programmes"

urlpatterns = [
    *prescriber.urlpatterns,
    *operator.urlpatterns,
    *indicators.urlpatterns,
]
