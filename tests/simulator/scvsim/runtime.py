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
        if isinstance(value, dict):
            shown = {}
            for key, item in value.items():
                if key.startswith("_"):
                    continue
                if key in ID_KEYS and isinstance(item, int) and not isinstance(item, bool) \
                        and self.config.ids == "str":
                    shown[key] = str(item)
                else:
                    shown[key] = self.present(item)
            return shown
        if isinstance(value, list):
            return [self.present(item) for item in value]
        return value

    def take_outcome(self, job_type: str) -> str | None:
        queue = self.pending_outcomes.get(job_type) or []
        return queue.pop(0) if queue else None

    def reset(self) -> None:
        self.state.reset()
        self.faults.clear()
        self.pending_outcomes.clear()
        self.config.job_seconds = self.initial_settings["job_seconds"]
        self.config.token_ttl = self.initial_settings["token_ttl"]
