"""What the pathway does when other modules report something (signals)."""

import logging

from django.dispatch import receiver
from django.utils import timezone

from relais.agenda.models import Appointment
from relais.agenda.signals import status_changed
from relais.rsa.models import Convocation, EpCase
from relais.rsa.services.convocation import sector_mds
from relais.rsa.services.ep import list_case
from relais.territory.models import Organisation

logger = logging.getLogger(__name__)


@receiver(status_changed, sender=Appointment, dispatch_uid="rsa_ep_orientation_absence")
def list_absent_at_orientation(sender, appointment, before, user, **kwargs):
    """Absent at the orientation appointment: the EP reminds rights and duties (sheet 4.1).

    Runs inside the agenda's transaction: the listing commits or rolls back with the status.
    """
    if appointment.status != Appointment.Status.NO_SHOW:
        return
    # A query, not the reverse accessor: most appointments have no convocation at all.
    convocation = Convocation.objects.filter(
        appointment=appointment, purpose=Convocation.Purpose.ORIENTATION
    ).first()
    if convocation is None:
        return
    person = appointment.person
    mds = appointment.organisation
    if mds.kind != Organisation.Kind.MDS:
        mds = sector_mds(person)
    if mds is None:
        # No MDS to list the file at: the worklists still show the person as not oriented.
        logger.warning("EP: no MDS for the missed orientation appointment %s", appointment.uuid)
        return
    day = timezone.localtime(appointment.start)
    list_case(
        user=user,
        person=person,
        theme=EpCase.Theme.ORIENTATION_ABSENCE,
        mds=mds,
        source_summary=f"Absent·e au rendez-vous d'orientation du {day:%d/%m/%Y}",
    )
