"""Datastore backups, mount, mounted, unmount: /4.1/datastores/... (path casing depends on the dialect)."""
from fastapi import APIRouter, Request

from .. import inventory, mounts
from ..audit import audited, note
from ..backups import backup_view, backups_of_datastore, require_backup, snapshot_locations
from ..envelope import ok
from ..models import MountBody, UnmountBody
from ..validation import parse_path_id
from . import ERROR_RESPONSES, sim_of
from .async_answer import job_started

# contract section 4: the published docs say "snapshotlocators" and camelCase "availableEsxHosts"
DIALECT_SEGMENTS = {
    "published": {"snapshots": "snapshotlocators", "hosts": "availableEsxHosts"},
    "lowercase": {"snapshots": "snapshotlocations", "hosts": "availableesxhosts"},
}


def build_router(paths_dialect: str) -> APIRouter:
    segments = DIALECT_SEGMENTS[paths_dialect]
    router = APIRouter(tags=["datastore backups"], responses=ERROR_RESPONSES)

    @router.get("/4.1/datastores/{datastoreMoref}/backups")
    async def list_datastore_backups(datastoreMoref: str, request: Request):
        state = sim_of(request).state
        if datastoreMoref not in inventory.datastores(state) and not backups_of_datastore(state, datastoreMoref):
            inventory.require_datastore(state, datastoreMoref)
        backups = [backup_view(state, b) for b in backups_of_datastore(state, datastoreMoref)]
        return ok(request, {"backupResponseList": backups})

    @router.get(f"/4.1/datastores/backups/{{backupId}}/{segments['snapshots']}")
    async def datastore_snapshot_locations(backupId: str, request: Request):
        backup = require_backup(sim_of(request).state, parse_path_id(backupId, "backup"))
        return ok(request, {"snapshotLocationsList": snapshot_locations(backup)})

    @router.get(f"/4.1/datastores/{{datastoreMoref}}/{segments['hosts']}")
    async def datastore_available_esx_hosts(datastoreMoref: str, request: Request):
        state = sim_of(request).state
        inventory.require_datastore(state, datastoreMoref)
        hosts = [inventory.host_view(h) for h in inventory.hosts(state).values()
                 if h["connection_state"] == "CONNECTED"]
        return ok(request, {"availableEsxHostsList": hosts})

    @router.post("/4.1/datastores/backups/{backupId}/mount", dependencies=[audited("MOUNT", "MOUNT")])
    async def mount_backup(backupId: str, body: MountBody, request: Request):
        note(request, obj=backupId, object_id=backupId,
             details=f"Mount backup {backupId} of datastore {body.datastore} on {body.esxHostName}")
        job = mounts.start_mount(sim_of(request), parse_path_id(backupId, "backup"), body)
        backup = sim_of(request).state["backups"][str(job["backupId"])]
        note(request, obj=backup["backupName"], object_id=backup["backupId"], details=f"{job['name']} (job {job['id']})")
        return job_started(request, job, "Mount started")

    @router.get("/4.1/datastores/backups/{backupId}/mounted")
    async def mounted_datastores(backupId: str, request: Request):
        state = sim_of(request).state
        backup = require_backup(state, parse_path_id(backupId, "backup"))
        mounted = [m for m in state["mounts"] if m["backupId"] == backup["backupId"]]
        return ok(request, {"mountedDatastoresList": mounted})

    @router.post("/4.1/datastores/unmount", dependencies=[audited("MOUNT", "UNMOUNT")])
    async def unmount_datastore(body: UnmountBody, request: Request):
        note(request, obj=body.datastoreMoref, object_id=body.datastoreMoref,
             details=f"Unmount datastore {body.datastoreMoref}")
        job = mounts.start_unmount(sim_of(request), body)
        note(request, obj=job["entities"][0]["name"], details=f"{job['name']} (job {job['id']})")
        return job_started(request, job, "Unmount started")

    return router
