"""Permission rules of the insertion offer's indicators: figures for MDS managers, steering,
and the staff of an organisation that runs a programme (their own programmes only)."""

from relais.programmes.models import Programme
from tests.permissions import only
from tests.programmes.helpers import make_programme

# The operator persona's organisation (world.partner) runs a programme in the matrix (see
# url_kwargs): its staff see that programme's figures.
_FIGURES = ("manager_a", "manager_b", "steering", "operator")

EXPECTED = {
    "programmes:indicators": only(_FIGURES, 200),
    "programmes:indicators_export": only(_FIGURES, 200),
}


def url_kwargs(world) -> dict:
    # The operator side's rules create the partner's programme too; without one the operator
    # persona would run nothing and get the gatekeeper's 404.
    if not Programme.objects.filter(operator=world.partner).exists():
        make_programme(world.partner, code="indicateurs-matrice", name="Action de la matrice")
    return {}
