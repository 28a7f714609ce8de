"""Reports: VMs with / without a good backup in the last 7 days."""
from fastapi import APIRouter, Request

from .. import inventory
from ..backups import coverage, datastore_index, newest_first
from ..envelope import ok
from . import ERROR_RESPONSES, sim_of

router = APIRouter(tags=["reports"], responses=ERROR_RESPONSES)
REPORT_WINDOW = 7 * 86400
GOOD_STATUSES = ("COMPLETED", "PARTIAL")   # a partial backup still protects the VM it contains


def _protection(state) -> tuple[list[dict], list[dict]]:
    """Both reports in one pass over the backups and the groups (linear in VMs + backup contents)."""
    since = state.now() - REPORT_WINDOW
    latest_by_uuid = {}
    for backup in newest_first(state["backups"].values()):
        if backup["_start"] >= since and backup["status"] in GOOD_STATUSES:
            for uuid in backup["_vms"]:
                latest_by_uuid.setdefault(uuid, backup)
    groups_by_vm = {}
    on_datastore = datastore_index(state)
    for group in sorted(state["resource_groups"].values(), key=lambda item: item["id"]):
        for moref in coverage(state, group, on_datastore)[0]:
            groups_by_vm.setdefault(moref, []).append(group["name"])
    protected, unprotected = [], []
    for vm in sorted(inventory.vms(state).values(), key=lambda item: item["name"]):
        if vm["template"]:
            continue
        latest = latest_by_uuid.get(vm["instanceUuid"])
        if latest is None:
            unprotected.append({"vmName": vm["name"], "vmMoref": vm["moref"]})
            continue
        protected.append({"vmName": vm["name"], "vmMoref": vm["moref"],
                          "resourceGroups": groups_by_vm.get(vm["moref"], []),
                          "lastBackupName": latest["backupName"], "lastBackupTime": latest["endTime"],
                          "lastBackupStatus": latest["status"]})
    return protected, unprotected


@router.get("/4.1/reports/protectedVM")
async def protected_vms(request: Request):
    return ok(request, _protection(sim_of(request).state)[0])


@router.get("/4.1/reports/unProtectedVM")
async def unprotected_vms(request: Request):
    return ok(request, _protection(sim_of(request).state)[1])
