"""VM backups, restore, VMDK locations, restore/attach/detach VMDKs: /4.1/vm/..."""
from fastapi import APIRouter, Request

from .. import inventory, vm_operations
from ..audit import audited, note
from ..backups import (backup_view, backups_of_vm, require_backup, snapshot_locations, vm_record,
                       vm_uuid_for)
from ..envelope import ok
from ..models import AttachVmdksBody, DetachVmdksBody, RestoreBody, RestoreVmdksBody
from ..validation import parse_path_id
from . import ERROR_RESPONSES, sim_of
from .async_answer import job_started

router = APIRouter(tags=["VM backups"], responses=ERROR_RESPONSES)
VM_KEY_DOC = "VM moref (vm-101) or, for a deleted VM, its instance UUID"


def _host_list(state) -> list[dict]:
    return [inventory.host_view(h) for h in inventory.hosts(state).values() if h["connection_state"] == "CONNECTED"]


@router.get("/4.1/vm/{vmMoref}/backups", description=f"Backups containing the VM. {VM_KEY_DOC}.")
async def list_vm_backups(vmMoref: str, request: Request):
    state = sim_of(request).state
    return ok(request, {"backupResponseList": [backup_view(state, b) for b in backups_of_vm(state, vmMoref)]})


@router.get("/4.1/vm/backups/{backupId}/snapshotlocations")
async def vm_snapshot_locations(backupId: str, request: Request):
    backup = require_backup(sim_of(request).state, parse_path_id(backupId, "backup"))
    return ok(request, {"snapshotLocationsList": snapshot_locations(backup)})


@router.get("/4.1/vm/{vmMoref}/backups/availableesxhosts")
async def vm_available_esx_hosts(vmMoref: str, request: Request):
    state = sim_of(request).state
    vm_uuid_for(state, vmMoref)
    return ok(request, {"availableEsxHostsList": _host_list(state)})


@router.get("/4.1/vm/{vmMoref}/backups/vmdklocations",
            description="The VM's current VMDKs, including disks attached from backups.")
async def vm_current_vmdks(vmMoref: str, request: Request):
    state = sim_of(request).state
    vm = inventory.require_vm(state, vmMoref)
    return ok(request, {"vmdkLocationsList": [inventory.disk_view(state, d) for d in vm["disks"]]})


@router.get("/4.1/vm/{vmMoref}/backups/{backupId}/vmdklocations", description="The VMDKs in that backup.")
async def vm_backup_vmdks(vmMoref: str, backupId: str, request: Request):
    state = sim_of(request).state
    uuid = vm_uuid_for(state, vmMoref)
    record = vm_record(require_backup(state, parse_path_id(backupId, "backup")), uuid)
    return ok(request, {"vmdkLocationsList": [inventory.disk_view(state, d) for d in record["disks"]]})


@router.get("/4.1/vm/{vmMoref}/backups/{backupId}/availabledatastores")
async def vm_available_datastores(vmMoref: str, backupId: str, request: Request):
    state = sim_of(request).state
    vm_record(require_backup(state, parse_path_id(backupId, "backup")), vm_uuid_for(state, vmMoref))
    names = [ds["name"] for ds in inventory.datastores(state).values() if ds["mountedFromBackupId"] is None]
    return ok(request, {"DatastoreNameList": sorted(names)})


def _note_vm_job(request: Request, job: dict, action: str) -> None:
    entity = job["entities"][0]
    note(request, obj=entity["name"], object_id=entity["moref"] or entity.get("uuid"),
         details=f"{job['name']} ({action}, job {job['id']})")


@router.post("/4.1/vm/{vmMoref}/backups/{backupId}/restore", description=f"Restore a VM. {VM_KEY_DOC}.",
             dependencies=[audited("RESTORE", "RESTORE")])
async def restore_vm(vmMoref: str, backupId: str, body: RestoreBody, request: Request):
    note(request, obj=vmMoref, object_id=vmMoref, details=f"Restore VM {vmMoref} from backup {backupId}")
    job = vm_operations.start_restore(sim_of(request), vmMoref, parse_path_id(backupId, "backup"), body)
    _note_vm_job(request, job, f"restartVM={body.restartVM}")
    return job_started(request, job, "Restore started")


@router.post("/4.1/vm/{vmMoref}/backups/{backupId}/restorevmdks", dependencies=[audited("VMDK", "RESTORE")])
async def restore_vmdks(vmMoref: str, backupId: str, body: RestoreVmdksBody, request: Request):
    note(request, obj=vmMoref, object_id=vmMoref, details=f"Restore VMDKs of VM {vmMoref} from backup {backupId}")
    job = vm_operations.start_restore_vmdks(sim_of(request), vmMoref, parse_path_id(backupId, "backup"), body)
    _note_vm_job(request, job, f"ESX host {body.esxHost}")
    return job_started(request, job, "VMDK restore started")


@router.post("/4.1/vm/{vmMoref}/attachvmdks", dependencies=[audited("VMDK", "ATTACH")])
async def attach_vmdks(vmMoref: str, body: AttachVmdksBody, request: Request):
    note(request, obj=vmMoref, object_id=vmMoref, details=f"Attach VMDKs of backup {body.backupId}")
    job = vm_operations.start_attach(sim_of(request), vmMoref, body)
    _note_vm_job(request, job, f"{len(body.vmdkLocations)} disk(s)")
    return job_started(request, job, "Attach VMDKs started")


@router.post("/4.1/vm/{vmMoref}/detachvmdks", dependencies=[audited("VMDK", "DETACH")])
async def detach_vmdks(vmMoref: str, body: DetachVmdksBody, request: Request):
    note(request, obj=vmMoref, object_id=vmMoref, details=f"Detach VMDKs from VM {vmMoref}")
    job = vm_operations.start_detach(sim_of(request), vmMoref, body)
    _note_vm_job(request, job, f"{len(body.vmdksToDetach)} disk(s)")
    return job_started(request, job, "Detach VMDKs started")
