from django.urls import path

from relais.rsa.views import flows

urlpatterns = [
    path("flux-caf/", flows.flow_list, name="flow_list"),
    path("flux-caf/deposer/", flows.flow_upload, name="flow_upload"),
    path("flux-caf/<uuid:flow_uuid>/", flows.flow_detail, name="flow_detail"),
    path("flux-caf/<uuid:flow_uuid>/avancement/", flows.flow_progress, name="flow_progress"),
]
