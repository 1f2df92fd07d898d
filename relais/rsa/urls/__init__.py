"""The pathway's URLs, one module per stage (flows, pathway, EP, contracts, indicators)."""

from relais.rsa.urls import contracts, ep, flows, indicators, pathway

app_name = "rsa"

urlpatterns = [
    *flows.urlpatterns,
    *pathway.urlpatterns,
    *ep.urlpatterns,
    *contracts.urlpatterns,
    *indicators.urlpatterns,
]
