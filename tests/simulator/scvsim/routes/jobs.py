"""Jobs: list (bare list, `type`/`status` filters), one job, its log (text/plain), failJobs."""
from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse

from ..audit import audited, note
from ..envelope import ok
from ..errors import bad_request, conflict
from ..jobs import JOB_STATUSES, JOB_TYPES, fail_running_job, job_log_text, job_matches
from ..validation import parse_path_id
from . import ERROR_RESPONSES, by_id, sim_of

router = APIRouter(tags=["jobs"], responses=ERROR_RESPONSES)


def _job(request: Request, raw_id: str) -> dict:
    return by_id(sim_of(request).state["jobs"], parse_path_id(raw_id, "job"), "job")


@router.get("/4.1/jobs")
async def list_jobs(request: Request,
                    type: str | None = Query(None, description=", ".join(JOB_TYPES)),  # pylint: disable=redefined-builtin
                    status: str | None = Query(None, description=", ".join(JOB_STATUSES)),
                    entity: str | None = Query(None, description="only jobs working on this VM or datastore "
                                                                 "(moref, or a VM's instance UUID)"),
                    backupId: str | None = Query(None, description="only jobs that used or made this backup")):
    if type is not None and type not in JOB_TYPES:
        raise bad_request(f"type: must be one of {', '.join(JOB_TYPES)}")
    if status is not None and status.upper() not in JOB_STATUSES:
        raise bad_request(f"status: must be one of {', '.join(JOB_STATUSES)}")
    backup_id = None
    if backupId is not None:
        text = backupId.strip().strip('"')
        if not text.isdigit() or not text.isascii():
            raise bad_request(f"backupId: '{backupId}' is not a backup id")
        backup_id = int(text)
    jobs = [job for job in sim_of(request).state["jobs"].values()
            if job_matches(job, type, status.upper() if status else None, entity, backup_id)]
    return ok(request, sorted(jobs, key=lambda job: job["id"]))


@router.get("/4.1/jobs/{jobId}")
async def get_job(jobId: str, request: Request):
    return ok(request, _job(request, jobId))


@router.get("/4.1/jobs/{jobId}/logs", response_class=PlainTextResponse)
async def job_logs(jobId: str, request: Request):
    return PlainTextResponse(job_log_text(_job(request, jobId)))


@router.put("/4.1/jobs/{jobId}/failJobs", dependencies=[audited("JOB", "FAIL")])
async def fail_job(jobId: str, request: Request):
    note(request, object_id=jobId)
    job = _job(request, jobId)
    note(request, obj=job["name"], object_id=job["id"], details=f"Mark job {job['id']} ({job['type']}) as failed")
    if job["status"] != "RUNNING":
        raise conflict(f"Job {job['id']} is {job['status']}, not RUNNING")
    fail_running_job(sim_of(request), job)
    return ok(request, job, f"Job {job['id']} marked as failed")
