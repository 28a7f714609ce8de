"""The per-process context every handler works on: settings, state, faults, request log."""
from dataclasses import dataclass, field

from .config import SimConfig
from .faults import FaultRegistry
from .state import State

ID_KEYS = frozenset({"id", "jobId", "backupId", "resourceGroupId", "policyId", "attachedFromBackupId"})


@dataclass
class SimContext:
    config: SimConfig
    state: State
    faults: FaultRegistry = field(default_factory=FaultRegistry)
    request_log: list = field(default_factory=list)
    # job type -> outcomes ("stuck" | "fail") the next jobs of that type will take (from /_sim/jobs/next)
    pending_outcomes: dict = field(default_factory=dict)
    initial_settings: dict = field(default_factory=dict)

    def __post_init__(self):
        self.initial_settings = {"job_seconds": self.config.job_seconds, "token_ttl": self.config.token_ttl}

    def present(self, value):
        """Public form of stored data: drop internal `_keys`; ids as strings in the `--ids str` dialect."""
        return _public(value, self.config.ids == "str")

    def take_outcome(self, job_type: str) -> str | None:
        queue = self.pending_outcomes.get(job_type) or []
        return queue.pop(0) if queue else None

    def reset(self) -> None:
        self.state.reset()
        self.faults.clear()
        self.pending_outcomes.clear()
        self.config.job_seconds = self.initial_settings["job_seconds"]
        self.config.token_ttl = self.initial_settings["token_ttl"]


def _public(value, ids_as_strings: bool):
    # hot path for large answers (10,000 jobs): type() checks, no recursion into plain values
    kind = type(value)
    if kind is dict:
        shown = {}
        for key, item in value.items():
            if key[:1] == "_":
                continue
            item_kind = type(item)
            if item_kind is dict or item_kind is list:
                shown[key] = _public(item, ids_as_strings)
            elif ids_as_strings and item_kind is int and key in ID_KEYS:
                shown[key] = str(item)
            else:
                shown[key] = item
        return shown
    if kind is list:
        return [_public(item, ids_as_strings) if type(item) in (dict, list) else item for item in value]
    return value
