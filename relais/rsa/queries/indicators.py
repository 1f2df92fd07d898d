"""The RSA indicators' read side (action sheet 5.2): what the registry and the views import.

- indicators_populations: the scope and, per figure, the rows it counts (one queryset each);
- indicators_lines: the drill-down, the same rows ordered and paged, with their persons.
"""

from relais.rsa.queries.indicators_lines import (
    Lines,
    closure_lines,
    contract_window_lines,
    delay_lines,
    exit_lines,
    first_contract_lines,
    subject_lines,
)
from relais.rsa.queries.indicators_populations import (
    CLOSURE_LOOKBACK,
    CONTRACT_WINDOW_DAYS,
    DELAY_TARGET_DAYS,
    DUTY_ROLES,
    NO_TRACK,
    closures,
    contract_window_orientations,
    delay_orientations,
    exits,
    first_contracts,
    scoped_persons,
    subject_persons,
)

__all__ = [
    "CLOSURE_LOOKBACK",
    "CONTRACT_WINDOW_DAYS",
    "DELAY_TARGET_DAYS",
    "DUTY_ROLES",
    "NO_TRACK",
    "Lines",
    "closure_lines",
    "closures",
    "contract_window_lines",
    "contract_window_orientations",
    "delay_lines",
    "delay_orientations",
    "exit_lines",
    "exits",
    "first_contract_lines",
    "first_contracts",
    "scoped_persons",
    "subject_lines",
    "subject_persons",
]
