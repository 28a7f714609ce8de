"""All mutable state of the simulator, with optional SQLite persistence (one JSON blob per table)."""
import copy
import datetime
import json
import sqlite3
import time

from .world import build_inventory

TIME_FORMAT = "%m/%d/%Y %I:%M:%S %p"      # appliance-local job/backup times
SCHEDULE_TIME_FORMAT = "%m/%d/%Y %I:%M %p"

BUILTIN_SCHEDULES = [
    ("Schedule-DatabaseDump", "0 0 1 ? * SUN *", "Dumps the SCV database"),
    ("Schedule-PurgeBackups", "0 0 * ? * * *", "Purges expired backups"),
    ("Schedule-AsupDataCollection", "0 0 3 ? * * *", "Collects AutoSupport data"),
    ("Schedule-ComputeStorageSaving", "0 30 2 ? * * *", "Computes storage savings"),
    ("Schedule-PurgeJobs", "0 15 0 ? * * *", "Purges jobs older than 90 days"),
]


def fresh_tables(inventory: dict) -> dict:
    """The complete state of a newly installed appliance in the given environment."""
    tables = copy.deepcopy(inventory)
    tables.update({
        "storage_systems": {}, "policies": {}, "resource_groups": {}, "backups": {}, "jobs": {},
        "mounts": [],
        "schedules": {name: {"name": name, "cronExpression": cron, "description": text}
                      for name, cron, text in BUILTIN_SCHEDULES},
        "tokens": {}, "vcenter_sessions": {},
        # ids are shared by all SCV objects (like a database sequence); morefs continue the world's numbers
        "counters": {"id": 0, "vm": 900, "datastore": 900},
        "clock": {"offset": 0.0},
    })
    return tables


class State:
    """Holds the tables; `save()` writes the tables whose content changed since the last save."""

    def __init__(self, inventory: dict, state_file: str | None = None):
        self.inventory = inventory
        self.state_file = state_file
        self.tables = fresh_tables(inventory)
        self._saved: dict[str, str] = {}
        self._db = None
        if state_file:
            self._db = sqlite3.connect(state_file, check_same_thread=False)
            self._db.execute("CREATE TABLE IF NOT EXISTS sim_state (name TEXT PRIMARY KEY, blob TEXT NOT NULL)")
            stored = dict(self._db.execute("SELECT name, blob FROM sim_state").fetchall())
            for name, blob in stored.items():
                if name in self.tables:
                    self.tables[name] = json.loads(blob)
                    self._saved[name] = blob
            self.save()

    @classmethod
    def from_world(cls, raw_world: dict, state_file: str | None = None) -> "State":
        return cls(build_inventory(raw_world), state_file)

    def __getitem__(self, name: str):
        return self.tables[name]

    def reset(self) -> None:
        """Back to the world as loaded; tokens and vCenter sessions survive so logged-in clients go on."""
        keep = {name: self.tables[name] for name in ("tokens", "vcenter_sessions")}
        self.tables = fresh_tables(self.inventory)
        self.tables.update(keep)
        self.save()

    def save(self) -> None:
        if self._db is None:
            return
        changed = []
        for name, content in self.tables.items():
            blob = json.dumps(content, sort_keys=True)
            if self._saved.get(name) != blob:
                changed.append((name, blob))
        if changed:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO sim_state (name, blob) VALUES (?, ?)", changed)
            self._saved.update(changed)

    def close(self) -> None:
        if self._db is not None:
            self.save()
            self._db.close()
            self._db = None

    # --- clock and ids -------------------------------------------------------------------------
    def now(self) -> float:
        """Epoch seconds, shifted by /_sim/clock so retention-by-days and 7-day reports can be tested."""
        return time.time() + self.tables["clock"]["offset"]

    def next_id(self) -> int:
        self.tables["counters"]["id"] += 1
        return self.tables["counters"]["id"]

    def next_moref(self, kind: str) -> str:
        self.tables["counters"][kind] += 1
        return f"{kind}-{self.tables['counters'][kind]}"


def format_time(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    return datetime.datetime.fromtimestamp(epoch).strftime(TIME_FORMAT)


def backup_name_time(epoch: float) -> str:
    """`MM-DD-YYYY_HH.MM.SS.ffff`, the suffix of default backup names."""
    moment = datetime.datetime.fromtimestamp(epoch)
    return moment.strftime("%m-%d-%Y_%H.%M.%S.") + f"{moment.microsecond // 100:04d}"
