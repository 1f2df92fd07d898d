"""What the RSA pathway tells other apps about a person (registered with people.facts)."""

from django.db.models import Q
from django.utils import timezone

from relais.rsa.models import Beneficiary, JointSupport, Orientation, Track


def rsa_facts(person) -> dict:
    """In the RSA or not, since when, subject to rights and duties, the current track, and
    whether a joint support with France Travail is under way."""
    beneficiary = Beneficiary.objects.select_related("rsa_file").filter(person_id=person.pk).first()
    in_rsa = beneficiary is not None and beneficiary.rsa_file.is_open
    orientation = (
        Orientation.objects.filter(person_id=person.pk).order_by("-decided_on", "-id").first()
    )
    return {
        "in_rsa": in_rsa,
        "subject_to_duties": bool(in_rsa and beneficiary.subject_to_duties),
        "rsa_since": beneficiary.rsa_file.application_date if in_rsa else None,
        "track": orientation.track if orientation else "",
        "joint_support": JointSupport.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate()),
            person_id=person.pk,
            starts_on__lte=timezone.localdate(),
        ).exists(),
    }


CHOICES = {"track": Track.choices}
