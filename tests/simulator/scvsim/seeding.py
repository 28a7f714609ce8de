"""History a world can start with: backups already taken and the jobs that took them.

Used by brownfield world files (`scv.resource_groups[].backups`) and by generated worlds. Seeded backups
are exactly what a backup job would have made at that time (same coverage, snapshots, VM records).
"""
from .backups import backup_name, backup_record, coverage, group_entities, snapshot_plan, vm_records
from .state import format_time

DAY = 86400
HOUR = 3600
JOB_SECONDS = 90   # how long a seeded backup job took


def seed_job(state, job_type: str, name: str, start: float, end: float, status: str, resource_group_id=None,
             backup_id=None, entities=(), messages=()) -> dict:
    """A finished job as the jobs table keeps it."""
    job = {
        "id": state.next_id(), "name": name, "type": job_type, "status": status,
        "startTime": format_time(start), "endTime": format_time(end), "resourceGroupId": resource_group_id,
        "backupId": backup_id, "entities": entities if isinstance(entities, list) else list(entities),
        "messages": [],
        "_start": start, "_due": end, "_end": end, "_outcome": None, "_params": {}, "_log": [],
    }
    lines = [f"Job {job['id']} started: {name}", *messages, f"Job {job['id']} finished: {status}"]
    for index, text in enumerate(lines):
        moment = start if index == 0 else end
        job["_log"].append([moment, "ERROR" if status == "FAILED" and index == len(lines) - 1 else "INFO", text])
        job["messages"].append(text)
    state["jobs"][str(job["id"])] = job
    return job


def _backup_job_name(group: dict, policy: dict) -> str:
    return f"Backup of Resource Group {group['name']} with Policy {policy['name']}"


def seed_backup(state, group: dict, policy: dict, start: float, with_job: bool = True,
                records_cache: dict | None = None, on_datastore: dict | None = None) -> dict | None:
    """One backup of `group` with `policy` taken at `start` (None when nothing could be snapshotted).

    `records_cache` (group id -> VM records) lets many backups of one group share one copy of what they
    keep of each VM: backups never change those records, and a large world starts much faster.
    """
    vm_morefs, datastore_morefs = coverage(state, group, on_datastore)
    end = start + JOB_SECONDS
    name = backup_name(group, policy, start)
    snapshots, skipped = snapshot_plan(state, datastore_morefs, name)
    entities = group_entities(state, group)
    if not snapshots:
        if with_job:
            seed_job(state, "backup", _backup_job_name(group, policy), start, end, "FAILED", group["id"],
                     entities=entities, messages=["No datastore could be backed up: backup failed"])
        group["lastRunStatus"] = "FAILED"
        return None
    snapped = {s["datastoreMoref"] for s in snapshots}
    if records_cache is not None and group["id"] in records_cache:
        records = records_cache[group["id"]]
    else:
        records = vm_records(state, vm_morefs, snapped)
        if records_cache is not None:
            records_cache[group["id"]] = records
    backup = backup_record(state, group, policy, start, end, snapshots, bool(skipped), records)
    state["backups"][str(backup["backupId"])] = backup
    status = "WARNING" if skipped else "COMPLETED"
    if with_job:
        messages = [f"Created snapshot {name} of volume {s['svm']}:{s['volume']} (datastore {s['datastore']})"
                    for s in snapshots]
        messages.append(f"Backup {name} (id {backup['backupId']}) {backup['status']}")
        seed_job(state, "backup", _backup_job_name(group, policy), start, end, status, group["id"],
                 backup["backupId"], entities, messages)
    group["lastRunStatus"] = status
    return backup


def backup_times(now: float, count: int, policy: dict) -> list[float]:
    """`count` start times one day apart, the newest an hour ago, oldest first; the policy's retention
    decides how many of them would still exist."""
    # COUNT n keeps n backups; DAYS n keeps the n daily ones
    count = min(count, policy["retention"]["value"])
    return [now - HOUR - day * DAY for day in reversed(range(count))]
