"""What the RSA pathway tells other apps about a person (registered with people.facts)."""

from functools import partial

from django.db.models import Q
from django.utils import timezone

from relais.people.facts import register_facts
from relais.rsa.models import Beneficiary, Exit, JointSupport, Orientation, Track


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

# The outcomes of a joint support that mean a job or a training (JointSupport.Outcome).
JOINT_SUPPORT_ACTIVITY = {JointSupport.Outcome.JOB, JointSupport.Outcome.TRAINING}


def pathway_outcomes(person_id: int) -> list[dict] | None:
    """The dated outcomes the pathway records for the person, oldest first: each exit from
    the RSA pathway (Exit: its date and reason) and each ended joint support (its end date and
    outcome). `in_activity` says whether the outcome is a job or a qualifying training (a
    positive exit; a joint support ended on a job or a training).

    None when the pathway knows nothing of the person: never a beneficiary of an RSA file Relais
    knows, no exit, no joint support — a figure counts such a person as unknown."""
    outcomes = [
        {
            "on": exit_.on,
            "source": "rsa_exit",
            "code": exit_.reason,
            "label": exit_.get_reason_display(),
            "in_activity": exit_.is_positive,
        }
        for exit_ in Exit.objects.filter(person_id=person_id)
    ]
    supports = JointSupport.objects.filter(person_id=person_id)
    outcomes += [
        {
            "on": support.ends_on,
            "source": "joint_support",
            "code": support.outcome,
            "label": f"Fin de l'accompagnement global : {support.get_outcome_display()}",
            "in_activity": support.outcome in JOINT_SUPPORT_ACTIVITY,
        }
        for support in supports.filter(ends_on__isnull=False)
    ]
    known = (
        outcomes or supports.exists() or Beneficiary.objects.filter(person_id=person_id).exists()
    )
    return sorted(outcomes, key=lambda o: (o["on"], o["in_activity"])) if known else None


def outcome_facts(person) -> dict:
    """A function-valued fact: only a figure that needs the outcomes pays for their queries
    (the FARE82's "in a job or training 6 months after the payment")."""
    return {"pathway_outcomes": partial(pathway_outcomes, person.pk)}


# Registered when the app loads this module (RsaConfig.ready imports it), beside rsa_facts;
# a separate provider keeps rsa_facts' plain values as they are.
register_facts("rsa_outcomes", outcome_facts)
