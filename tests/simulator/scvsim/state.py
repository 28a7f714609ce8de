"""All mutable state of the simulator, with optional SQLite persistence (one JSON blob per table)."""
import copy
import datetime
import json
import pickle
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


# the only tables a read request may change (the clock runs on with --time-scale); cheap to compare
SMALL_TABLES = ("clock", "tokens", "vcenter_sessions")
AUDIT_GENESIS = "0" * 64   # the "previous hash" of the very first audit entry


def default_audit_config() -> dict:
    return {"enabled": True, "maxFileSizeMB": 10, "maxFiles": 10,
            "syslog": {"enabled": False, "server": None, "port": 514, "protocol": "UDP"}}


def _highest_number(morefs, kind: str, floor: int) -> int:
    numbers = [int(moref.split("-", 1)[1]) for moref in morefs
               if moref.startswith(kind + "-") and moref.split("-", 1)[1].isdigit()]
    return max([floor] + numbers)


def fresh_tables(inventory: dict) -> dict:
    """The complete state of a newly installed appliance in the given environment."""
    tables = copy.deepcopy(inventory)
    vcenter = tables["vcenter"]
    tables.update({
        "storage_systems": {}, "policies": {}, "resource_groups": {}, "backups": {}, "jobs": {},
        "mounts": [],
        "schedules": {name: {"name": name, "cronExpression": cron, "description": text}
                      for name, cron, text in BUILTIN_SCHEDULES},
        "tokens": {}, "vcenter_sessions": {},
        # ids are shared by all SCV objects (like a database sequence); new morefs continue above the
        # world's own numbers (vm-901 in the demo world; above vm-5100 in a generated one)
        "counters": {"id": 0, "vm": _highest_number(vcenter["vms"], "vm", 900),
                     "datastore": _highest_number(vcenter["datastores"], "datastore", 900)},
        "clock": {"offset": 0.0},
        "audit": {"config": default_audit_config(), "files": [], "anchor": AUDIT_GENESIS, "sequence": 0},
        # old SVM name -> new name (PATCH /storage-system): snapshot locations named before a rename still work
        "svm_renames": {},
    })
    return tables


class State:
    """Holds the tables; `save()` writes the tables whose content changed since the last save.

    `baseline` is what /_sim/reset returns to: the world's inventory plus any pre-existing
    configuration the world brings (storage systems, policies, groups, backups, jobs).
    """

    def __init__(self, baseline: dict, state_file: str | None = None, time_scale: float = 1.0):
        # kept pickled: a copy for /_sim/reset is several times faster than deepcopy on large worlds,
        # and sub-objects shared in the baseline (generated backups' VM records) stay shared
        self._baseline = pickle.dumps(baseline, protocol=pickle.HIGHEST_PROTOCOL)
        self.state_file = state_file
        self.time_scale = float(time_scale)
        self._last_real = None
        self.tables = pickle.loads(self._baseline)
        self._saved: dict[str, str] = {}
        self._dirty = True   # whether a large table may have changed since the last save
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
        return cls(fresh_tables(build_inventory(raw_world)), state_file)

    def __getitem__(self, name: str):
        return self.tables[name]

    def reset(self) -> None:
        """Back to the world as loaded; tokens and vCenter sessions survive so logged-in clients go on."""
        keep = {name: self.tables[name] for name in ("tokens", "vcenter_sessions")}
        self.tables = pickle.loads(self._baseline)
        self.tables.update(keep)
        self.mark_dirty()
        self.save()

    def mark_dirty(self) -> None:
        """Something may have changed beyond the small tables (a write, a job that finished)."""
        self._dirty = True

    def save(self) -> None:
        """Write the changed tables. Reads that finish no job change only small tables: comparing just
        those keeps a large world's reads fast (serialising every VM per request is not)."""
        if self._db is None:
            return
        names = list(self.tables) if self._dirty else [n for n in SMALL_TABLES if n in self.tables]
        self._dirty = False
        changed = []
        for name in names:
            content = self.tables[name]
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
        """Epoch seconds, shifted by /_sim/clock so retention-by-days and 7-day reports can be tested.

        With --time-scale F the clock runs F times faster: the extra time is folded into the stored
        offset as it passes, so the simulated clock never jumps back (also not across a restart).
        """
        real = time.time()
        clock = self.tables["clock"]
        if self.time_scale != 1.0:
            if self._last_real is not None:
                clock["offset"] += (real - self._last_real) * (self.time_scale - 1.0)
            self._last_real = real
        return real + clock["offset"]

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
