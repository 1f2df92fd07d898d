"""Who opens the CAF flow pages: reception officers and MDS managers (can_import), of the flow's
département; everybody else gets the gatekeeper's 404."""

import hashlib

from relais.rsa.models import CafFlow
from tests.permissions import only

IMPORTERS = ("reception_a", "manager_a", "manager_b")

EXPECTED = {
    "rsa:flow_list": only(IMPORTERS, 200),
    "rsa:flow_upload": only(IMPORTERS, 200),
    "rsa:flow_detail": only(IMPORTERS, 200),
    # Without htmx the progress fragment sends back to the report page.
    "rsa:flow_progress": only(IMPORTERS, 302),
}


def url_kwargs(world) -> dict:
    flow = CafFlow.objects.create(
        departement=world.mds_a.departement,
        sha256=hashlib.sha256(b"perm-flows").hexdigest(),
        file_name="flux.xml",
        size=10,
        status="done",
    )
    return {"flow_uuid": flow.uuid}
