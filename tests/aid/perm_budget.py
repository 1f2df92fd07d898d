"""Permission rules of the fund's budget and indicators: figures for the secretariat (not a
matrix persona: see tests/aid/test_budget_page.py), steering and the MDS managers; the agents
of an MDS, partners and employers get the gatekeeper's 404."""

from tests.permissions import only

_FIGURES = ("manager_a", "manager_b", "steering")

EXPECTED = {
    # Without any envelope yet, the page says so (200).
    "aid:budget": only(_FIGURES, 200),
    "aid:indicators": only(_FIGURES, 200),
    "aid:indicators_export": only(_FIGURES, 200),
}
