"""Permission rules of the RSA indicators: figures for MDS managers and steering, 404 for others."""

from tests.permissions import only

_FIGURES = ("manager_a", "manager_b", "steering")

EXPECTED = {
    "rsa:indicators": only(_FIGURES, 200),
    # Steering gets the drill-down page too, with the counts and without the list.
    "rsa:indicator_persons": only(_FIGURES, 200),
}


def url_kwargs(world) -> dict:
    return {"code": "contractualisation_rate"}
