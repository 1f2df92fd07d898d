"""The import report: its keys are stable (docs/formats/rapport-import-caf.md)."""

from dataclasses import asdict, dataclass, field

# The report lists the first rejections; the counts cover them all.
MAX_LISTED_REJECTIONS = 1000


@dataclass
class HouseholdCounts:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


@dataclass
class PersonCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    skipped: int = 0


@dataclass
class Report:
    flow: dict = field(default_factory=dict)
    status: str = "done"
    error: str = ""
    households: HouseholdCounts = field(default_factory=HouseholdCounts)
    persons: PersonCounts = field(default_factory=PersonCounts)
    new_entrants: int = 0
    transfers_in: int = 0
    transfers_out: int = 0
    closures: int = 0
    conflicts: int = 0
    rejections: list = field(default_factory=list)
    duration_seconds: float = 0.0

    def reject(self, *, position: int, caf_number: str, reason: str, persons: int) -> None:
        self.households.rejected += 1
        self.persons.rejected += persons
        if len(self.rejections) < MAX_LISTED_REJECTIONS:
            self.rejections.append(
                {"position": position, "caf_number": caf_number, "reason": reason}
            )

    def as_dict(self) -> dict:
        return asdict(self)


def flow_summary(flow) -> dict:
    return {
        "uuid": str(flow.uuid),
        "file_name": flow.file_name,
        "sha256": flow.sha256,
        "nature": flow.nature,
        "created_on": flow.created_on.isoformat() if flow.created_on else None,
        "reference_date": flow.reference_date.isoformat() if flow.reference_date else None,
    }
