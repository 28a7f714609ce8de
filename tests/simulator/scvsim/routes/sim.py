"""Test controls under /_sim/ (not part of SCV; no token; excluded from the OpenAPI document)."""
import re
from typing import Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from .. import audit, auth
from ..errors import bad_request
from ..jobs import JOB_TYPES
from . import sim_of

router = APIRouter(prefix="/_sim", include_in_schema=False)


class FaultBody(BaseModel):
    method: str = ".*"
    path: str = ".*"
    status: int | None = Field(None, ge=100, le=599)
    count: int | None = Field(1, ge=1)
    retry_after: int | None = Field(None, ge=0)
    latency: float = Field(0.0, ge=0, le=600)
    drop: bool = False
    after_handling: bool = False
    listener: Literal["scv", "vcenter"] | None = None


class NextJobBody(BaseModel):
    type: str
    outcome: Literal["stuck", "fail"]


class ConfigBody(BaseModel):
    job_seconds: float | None = Field(None, ge=0)
    token_ttl: int | None = Field(None, ge=1)


class ClockBody(BaseModel):
    advance_seconds: float


class TamperBody(BaseModel):
    fileName: str = "audit.log"
    line: int = Field(1, ge=1)
    field: str = "details"
    value: str | int | bool | None = "tampered"
    delete: bool = False


def _runtime_settings(sim) -> dict:
    config = sim.config
    return {"job_seconds": config.job_seconds, "token_ttl": config.token_ttl, "paths": config.paths,
            "job_ids": config.job_ids, "ids": config.ids, "version": config.version,
            "time_scale": config.time_scale, "clock_offset": sim.state["clock"]["offset"]}


@router.get("/health")
async def health(request: Request):
    return {"status": "ok", **_runtime_settings(sim_of(request))}


@router.post("/reset")
async def reset(request: Request):
    sim_of(request).reset()
    return {"reset": True}


@router.get("/requests")
async def list_requests(request: Request, clear: bool = Query(False)):
    sim = sim_of(request)
    entries = list(sim.request_log)
    if clear:
        sim.request_log.clear()
    return entries


@router.delete("/requests")
async def clear_requests(request: Request):
    sim_of(request).request_log.clear()
    return {"cleared": True}


@router.get("/faults")
async def list_faults(request: Request):
    return sim_of(request).faults.as_list()


@router.post("/faults")
async def add_fault(body: FaultBody, request: Request):
    if not (body.status or body.drop or body.after_handling or body.latency):
        raise bad_request("give at least one of status, drop, after_handling, latency")
    try:
        fault = sim_of(request).faults.add(**body.model_dump())
    except re.error as error:
        raise bad_request(f"method/path: bad regular expression: {error}") from error
    return {"id": fault.id}


@router.delete("/faults")
async def clear_faults(request: Request):
    sim_of(request).faults.clear()
    return {"cleared": True}


@router.post("/tokens/expire")
async def expire_tokens(request: Request):
    return {"expired": auth.expire_all(sim_of(request))}


@router.post("/jobs/next")
async def next_job(body: NextJobBody, request: Request):
    if body.type not in JOB_TYPES:
        raise bad_request(f"type: must be one of {', '.join(JOB_TYPES)}")
    sim_of(request).pending_outcomes.setdefault(body.type, []).append(body.outcome)
    return {"pending": sim_of(request).pending_outcomes}


@router.put("/config")
async def update_config(body: ConfigBody, request: Request):
    sim = sim_of(request)
    for key, value in body.model_dump(exclude_none=True).items():
        setattr(sim.config, key, value)
    return _runtime_settings(sim)


@router.post("/clock")
async def advance_clock(body: ClockBody, request: Request):
    """Move the simulated clock (retention by days, 7-day reports, token expiry)."""
    sim = sim_of(request)
    sim.state["clock"]["offset"] += body.advance_seconds
    return _runtime_settings(sim)


@router.post("/audit/tamper")
async def tamper_audit(body: TamperBody, request: Request):
    """Change (or delete) one audit entry without fixing its hash: the next verify reports TAMPERED."""
    state = sim_of(request).state
    return audit.tamper(state, body.fileName, body.line, body.field, body.value, body.delete)
