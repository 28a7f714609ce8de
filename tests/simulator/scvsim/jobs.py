"""Asynchronous jobs: RUNNING for job_seconds, then their effect runs and decides the final status.

Evaluation is lazy and time based (every request and a light background tick call `advance`), so a
job created before a restart with --state-file still completes afterwards.
"""
from .errors import ApiError
from .state import format_time

JOB_TYPES = ("backup", "restore", "mountBackup", "unmountBackup", "attachVmdk", "detachVmdk", "restoreVmdk")
JOB_STATUSES = ("RUNNING", "COMPLETED", "FAILED", "WARNING")

# job type -> function(sim, job) -> final status; each domain module registers its own
COMPLETIONS = {}


def completes(job_type: str):
    def register(function):
        COMPLETIONS[job_type] = function
        return function
    return register


def log(sim, job: dict, text: str, level: str = "INFO") -> None:
    job["_log"].append([sim.state.now(), level, text])
    job["messages"].append(text)


def job_entity(moref: str | None, name: str, kind: str, uuid: str | None = None) -> dict:
    """What a job works on: {moref, name, type: VM|DATASTORE} (+ uuid for the VM of a restore)."""
    entity = {"moref": moref, "name": name, "type": kind}
    if uuid is not None:
        entity["uuid"] = uuid
    return entity


def create_job(sim, job_type: str, name: str, params: dict, resource_group_id: int | None = None,
               backup_id: int | None = None, entities: list[dict] | None = None) -> dict:
    """A RUNNING job. `backup_id`: the backup the job uses (a backup job gets its own at the end)."""
    state = sim.state
    now = state.now()
    outcome = sim.take_outcome(job_type)
    job = {
        "id": state.next_id(), "name": name, "type": job_type, "status": "RUNNING",
        "startTime": format_time(now), "endTime": None, "resourceGroupId": resource_group_id,
        "backupId": backup_id, "entities": list(entities or []), "messages": [],
        "_start": now, "_due": None if outcome == "stuck" else now + float(sim.config.job_seconds),
        "_outcome": outcome, "_params": params, "_log": [],
    }
    state["jobs"][str(job["id"])] = job
    log(sim, job, f"Job {job['id']} started: {name}")
    return job


def finish(sim, job: dict, status: str, when: float | None = None) -> None:
    job["status"] = status
    end = when if when is not None else sim.state.now()
    job["_end"] = end
    job["endTime"] = format_time(end)
    log(sim, job, f"Job {job['id']} finished: {status}", "ERROR" if status == "FAILED" else "INFO")


def advance(sim) -> int:
    """Complete every RUNNING job whose time is up, oldest first (effects depend on order)."""
    now = sim.state.now()
    due = [job for job in sim.state["jobs"].values()
           if job["status"] == "RUNNING" and job["_due"] is not None and job["_due"] <= now]
    if due:
        sim.state.mark_dirty()
    for job in sorted(due, key=lambda item: item["id"]):
        if job["_outcome"] == "fail":
            log(sim, job, "Job failed: failure injected by /_sim/jobs/next", "ERROR")
            finish(sim, job, "FAILED", job["_due"])
            continue
        try:
            status = COMPLETIONS[job["type"]](sim, job)
        except ApiError as error:
            # the world changed while the job ran (e.g. the VM was deleted): the job fails, saying why
            for message in error.messages:
                log(sim, job, message, "ERROR")
            status = "FAILED"
        finish(sim, job, status, job["_due"])
    return len(due)


def job_matches(job: dict, job_type=None, status=None, entity=None, backup_id=None) -> bool:
    """The GET /4.1/jobs filters: type, status, entity (moref or VM instance UUID), backupId."""
    if job_type is not None and job["type"] != job_type:
        return False
    if status is not None and job["status"] != status:
        return False
    if backup_id is not None and job["backupId"] != backup_id:
        return False
    if entity is not None and not any(entity in (item.get("moref"), item.get("uuid"))
                                      for item in job.get("entities", [])):
        return False
    return True


def fail_running_job(sim, job: dict) -> None:
    log(sim, job, "Job marked as failed by the user (failJobs)", "ERROR")
    finish(sim, job, "FAILED")


def job_log_text(job: dict) -> str:
    return "".join(f"{format_time(moment)} {level} {text}\n" for moment, level, text in job["_log"])
