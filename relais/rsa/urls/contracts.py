from django.urls import path

from relais.rsa.views import contracts, support

urlpatterns = [
    path(
        "personnes/<uuid:uuid>/contrats/nouveau/",
        contracts.contract_create,
        name="contract_create",
    ),
    path("contrats/<uuid:contract_uuid>/", contracts.contract, name="contract"),
    path("contrats/<uuid:contract_uuid>/modifier/", contracts.contract_edit, name="contract_edit"),
    path("contrats/<uuid:contract_uuid>/contrat.pdf", contracts.contract_pdf, name="contract_pdf"),
    path(
        "personnes/<uuid:uuid>/accompagnement-global/nouveau/",
        support.joint_support_create,
        name="joint_support_create",
    ),
    path(
        "accompagnement-global/<uuid:support_uuid>/fin/",
        support.joint_support_end,
        name="joint_support_end",
    ),
    path("accompagnement-global/", support.joint_supports, name="joint_supports"),
    path("personnes/<uuid:uuid>/sortie/", support.exit_create, name="exit_create"),
]
