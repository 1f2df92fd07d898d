"""Background tasks of the RSA pathway (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task


@task()
def import_caf_flow(flow_id: int) -> None:
    """Import a CAF flow received from the upload screen; the flow row keeps the report."""
    from relais.rsa.models import CafFlow
    from relais.rsa.services.flows import run_flow_import

    run_flow_import(CafFlow.objects.get(pk=flow_id))
