"""The legal clocks of the pathway, computed from dates, never stored.

- Orientation: within 6 weeks of the information that the person entered rights and duties,
  otherwise France Travail orients (CASF D262-65-2).
- Contract: signed within 1 month of the notification of the orientation decision; a new
  orientation restarts the month (C. trav. D5411-14-1, D5411-8-2).
"""

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

ORIENTATION_DELAY = dt.timedelta(weeks=6)
CONTRACT_DELAY = relativedelta(months=1)
CONTRACT_ENDING_SOON_DAYS = 30


def orientation_due(duties_entered_on: dt.date) -> dt.date:
    """The last day the département may decide the orientation."""
    return duties_entered_on + ORIENTATION_DELAY


def contract_due(notified_on: dt.date) -> dt.date:
    """The last day to sign the contract after the orientation was notified."""
    return notified_on + CONTRACT_DELAY


@dataclass(frozen=True)
class Clock:
    due: dt.date
    today: dt.date

    @property
    def days_left(self) -> int:
        return (self.due - self.today).days

    @property
    def overdue(self) -> bool:
        return self.today > self.due

    @property
    def label(self) -> str:
        if self.overdue:
            late = -self.days_left
            return f"dépassé de {late} jour{'s' if late > 1 else ''}"
        if self.days_left == 0:
            return "dernier jour aujourd'hui"
        return f"{self.days_left} jour{'s' if self.days_left > 1 else ''} restant{'s' if self.days_left > 1 else ''}"
