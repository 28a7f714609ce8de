"""The answer of every POST that starts a job, in the configured job-id dialect."""
from fastapi import Request

from ..envelope import ok


def job_started(request: Request, job: dict, message: str):
    if request.app.state.sim.config.job_ids == "off":
        return ok(request, None, message)
    return ok(request, {"jobId": job["id"]}, message)
