"""Permission rules of the agents' side: the list, applying, the application and its papers."""

from relais.aid.models import AidApplication, AidCategory, AidFund, Status
from tests.aid.helpers import draft, make_category, make_eligible, make_fund, with_papers
from tests.factories import PersonFactory
from tests.permissions import only, rule

# The département agents of MDS A who see person_a: they apply and complete the application.
_AGENTS_A = ("social_worker_a", "employment_agent_a")
# Their team, manager included, follows MDS A's applications.
_TEAM_A = (*_AGENTS_A, "manager_a")

EXPECTED = {
    # Every MDS team has its list (MDS B's is empty here); those who see no application: 404.
    "aid:list": rule(200, reception_a=404, operator=404, steering=404, employer=404),
    "aid:apply": only(_AGENTS_A, 200),
    "aid:application": only(_TEAM_A, 200),
    "aid:edit": only(_AGENTS_A, 200),
    "aid:document_add": only(_AGENTS_A, 200),
    "aid:document": only(_TEAM_A, 200),
    "aid:submit": rule(405),  # POST only.
    "aid:cancel": rule(405),  # POST only.
}


def url_kwargs(world) -> dict:
    """A draft of MDS A's ADE with its two papers, for a person of MDS A's sector other than
    person_a (whose RSA file the RSA rules build): reused if another side made one already."""
    application = (
        AidApplication.objects.filter(applicant_organisation=world.mds_a, status=Status.DRAFT)
        .order_by("id")
        .first()
    )
    if application is None:
        if not AidFund.objects.exists():
            make_fund(world)
        category = AidCategory.objects.filter(code="driving_licence").first()
        category = category or make_category(world)
        person = make_eligible(world, PersonFactory(commune=world.commune_a, birth_name="FARE"))
        application = with_papers(world, draft(world, category, person=person))
    return {
        "application_uuid": application.uuid,
        "document_id": application.documents.order_by("id").first().pk,
    }
