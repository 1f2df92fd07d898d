"""What the secretariat works on: the applications that reached it, its batches, its envelope.

Every query starts from policy (is_secretariat, visible_applications, can_decide): a user who
is not the secretariat, or of another département, gets the gatekeeper's 404.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from relais.aid import policy
from relais.aid.models import AidApplication, AidFund, PaymentBatch
from relais.aid.queries.budget import summary
from relais.people.policy import membership_of


def require_secretariat(user) -> None:
    if not policy.is_secretariat(user):
        raise Http404


def departement_id(user) -> int:
    return membership_of(user).organisation.departement_id


def received(user) -> QuerySet:
    """What reached the secretariat: a draft never submitted stays the agent's business."""
    return (
        policy.visible_applications(user)
        .exclude(submitted_at=None)
        .select_related(
            "person", "category", "applicant", "applicant_organisation", "fund", "payment_batch"
        )
    )


def application_or_404(user, application_uuid) -> AidApplication:
    require_secretariat(user)
    application = received(user).filter(uuid=application_uuid).first()
    if application is None or not policy.can_decide(user, application):
        raise Http404
    return application


def batch_or_404(user, batch_uuid) -> PaymentBatch:
    require_secretariat(user)
    batch = PaymentBatch.objects.filter(uuid=batch_uuid, departement_id=departement_id(user))
    batch = batch.select_related("created_by").first()
    if batch is None:
        raise Http404
    return batch


def envelope(user) -> dict | None:
    """The current year's fund and its summary, or None before the fund is opened."""
    fund = AidFund.objects.filter(
        departement_id=departement_id(user), year=timezone.localdate().year
    ).first()
    return {"fund": fund, **summary(fund)} if fund else None
