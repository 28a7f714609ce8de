"""Audit logs (SCV 4.8+): /4.1/audit/logs, /4.1/audit/logs/{filename}, /4.1/audit/verify, /4.1/audit/config."""
from fastapi import APIRouter, Request

from .. import audit
from ..envelope import ok
from ..errors import bad_request
from ..models import AuditConfigBody
from . import ERROR_RESPONSES, sim_of

router = APIRouter(tags=["audit logs"], responses=ERROR_RESPONSES)


@router.get("/4.1/audit/logs", description="Every audit log file (audit.log first, then rolled files, "
                                           "newest first) with its integrity information.")
async def list_audit_logs(request: Request):
    state = sim_of(request).state
    return ok(request, {"auditLogFiles": [audit.file_view(f) for f in audit.listed(state)]})


@router.get("/4.1/audit/logs/{filename}", description="One audit log file with its content (JSON lines; "
                                                      "rolled files served decompressed).")
async def get_audit_log(filename: str, request: Request):
    return ok(request, audit.file_view(audit.find_file(sim_of(request).state, filename), with_content=True))


@router.post("/4.1/audit/verify", description="Verify the hash chain of every audit log file (synchronous).")
async def verify_audit_logs(request: Request):
    result = audit.verify(sim_of(request).state)
    return ok(request, result, f"Audit log verification {result['result']}")


@router.get("/4.1/audit/config")
async def get_audit_config(request: Request):
    return ok(request, sim_of(request).state["audit"]["config"])


@router.put("/4.1/audit/config", dependencies=[audit.audited("AUDIT", "MODIFY")],
            description="Replace the audit settings (omitted fields take their defaults).")
async def replace_audit_config(body: AuditConfigBody, request: Request):
    config = body.model_dump(mode="json")
    syslog = config["syslog"]
    if syslog["server"] is not None and not syslog["server"].strip():
        syslog["server"] = None
    if syslog["enabled"] and not syslog["server"]:
        raise bad_request("syslog.server: required when syslog.enabled is true")
    state = sim_of(request).state
    audit.apply_config(state, config)
    forward = f", syslog to {syslog['server']}:{syslog['port']}/{syslog['protocol']}" if syslog["enabled"] else ""
    audit.note(request, obj="audit configuration",
               details=f"enabled={config['enabled']}, maxFileSizeMB={config['maxFileSizeMB']}, "
                       f"maxFiles={config['maxFiles']}{forward}")
    return ok(request, config, "Audit configuration updated")
