"""Reports: VMs with / without a good backup in the last 7 days."""
from fastapi import APIRouter, Request

from .. import inventory
from ..backups import coverage, newest_first
from ..envelope import ok
from . import ERROR_RESPONSES, sim_of

router = APIRouter(tags=["reports"], responses=ERROR_RESPONSES)
REPORT_WINDOW = 7 * 86400
GOOD_STATUSES = ("COMPLETED", "PARTIAL")   # a partial backup still protects the VM it contains


def _protection(state) -> tuple[list[dict], list[dict]]:
    since = state.now() - REPORT_WINDOW
    recent = [b for b in newest_first(state["backups"].values())
              if b["_start"] >= since and b["status"] in GOOD_STATUSES]
    protected, unprotected = [], []
    for vm in sorted(inventory.vms(state).values(), key=lambda item: item["name"]):
        if vm["template"]:
            continue
        latest = next((b for b in recent if vm["instanceUuid"] in b["_vms"]), None)
        if latest is None:
            unprotected.append({"vmName": vm["name"], "vmMoref": vm["moref"]})
            continue
        groups = [g["name"] for g in state["resource_groups"].values() if vm["moref"] in coverage(state, g)[0]]
        protected.append({"vmName": vm["name"], "vmMoref": vm["moref"], "resourceGroups": groups,
                          "lastBackupName": latest["backupName"], "lastBackupTime": latest["endTime"],
                          "lastBackupStatus": latest["status"]})
    return protected, unprotected


@router.get("/4.1/reports/protectedVM")
async def protected_vms(request: Request):
    return ok(request, _protection(sim_of(request).state)[0])


@router.get("/4.1/reports/unProtectedVM")
async def unprotected_vms(request: Request):
    return ok(request, _protection(sim_of(request).state)[1])
