"""Storage systems (ONTAP clusters or SVMs): /4.1/storage-system (singular path)."""
import secrets

from fastapi import APIRouter, Request

from .. import inventory
from ..audit import audited, note
from ..envelope import ok
from ..errors import bad_request, conflict, not_found
from ..models import StorageSystemBody, StorageSystemRenameBody, StorageSystemUpdateBody
from ..validation import parse_path_id
from . import ERROR_RESPONSES, by_id, sim_of

router = APIRouter(tags=["storage systems"], responses=ERROR_RESPONSES)
PUBLIC_FIELDS = ("userName", "protocol", "port", "timeout", "preferredIp", "platformType", "asup", "syslog")


def _resolve_ontap(state, name: str) -> tuple[dict, str]:
    """Which world cluster answers at `name`, and whether it is the cluster or one of its SVMs."""
    for cluster in state["ontap"]["clusters"]:
        if name in (cluster["name"], cluster.get("address")):
            return cluster, "CLUSTER"
        if name in cluster["svms"]:
            return cluster, "SVM"
    raise bad_request(f"name: cannot reach a storage system at '{name}' (unknown address)")


def _check_credentials(cluster: dict, user: str, password: str) -> None:
    # SVMs answer with their cluster's credentials in the simulated world (house choice)
    if user != cluster["username"] or not secrets.compare_digest(password.encode(), cluster["password"].encode()):
        raise bad_request("userName/password: authentication with the storage system failed")


def _apply_fields(system: dict, body) -> None:
    for field in PUBLIC_FIELDS:
        system[field] = getattr(body, field)


def _in_use_by(state, system: dict) -> list[str]:
    """Names of resource groups protecting something whose datastore lives on this storage system."""
    users = []
    for group in state["resource_groups"].values():
        for moref in group["_entityMorefs"]:
            entity = inventory.entity_of(state, moref)
            if entity is None:
                continue
            morefs = ([moref] if entity["type"] == "DATASTORE"
                      else inventory.vm_datastore_morefs(inventory.vms(state)[moref]))
            svms = {inventory.datastores(state)[ds]["svm"] for ds in morefs}
            if any(inventory.storage_system_for_svm(state, svm) is system for svm in svms):
                users.append(group["name"])
                break
    return users


@router.get("/4.1/storage-system")
async def list_storage_systems(request: Request):
    systems = sorted(sim_of(request).state["storage_systems"].values(), key=lambda item: item["id"])
    return ok(request, {"storageSystemResponseList": systems})


def register_storage_record(state, body: StorageSystemBody) -> dict:
    """Validate and store a new storage system (the POST, and pre-existing ones of a world file)."""
    if any(system["name"] == body.name for system in state["storage_systems"].values()):
        raise conflict(f"name: storage system '{body.name}' is already registered")
    cluster, kind = _resolve_ontap(state, body.name)
    _check_credentials(cluster, body.userName, body.password)
    system = {"id": state.next_id(), "name": body.name, "type": kind,
              "svms": [{"name": svm} for svm in cluster["svms"]] if kind == "CLUSTER" else []}
    _apply_fields(system, body)
    state["storage_systems"][str(system["id"])] = system
    return system


@router.post("/4.1/storage-system", dependencies=[audited("STORAGE_SYSTEM", "CREATE")])
async def add_storage_system(body: StorageSystemBody, request: Request):
    note(request, obj=body.name, details=f"Add storage system {body.name} ({body.protocol}:{body.port}, "
                                         f"user {body.userName})")
    system = register_storage_record(sim_of(request).state, body)
    note(request, object_id=system["id"], details=f"Added {system['type'].lower()} {system['name']} "
                                                  f"({body.protocol}:{body.port}, user {body.userName})")
    return ok(request, system, f"Storage system {body.name} added")


@router.put("/4.1/storage-system", dependencies=[audited("STORAGE_SYSTEM", "MODIFY")])
async def modify_storage_system(body: StorageSystemUpdateBody, request: Request):
    state = sim_of(request).state
    note(request, obj=body.name, details=f"Modify storage system {body.name}")
    system = next((s for s in state["storage_systems"].values() if s["name"] == body.name), None)
    if system is None:
        raise not_found(f"name: no registered storage system named '{body.name}'")
    cluster, _kind = _resolve_ontap(state, system["name"])
    if body.password is not None or body.userName != system["userName"]:
        _check_credentials(cluster, body.userName, body.password or "")
    _apply_fields(system, body)
    changed = " (new password)" if body.password is not None else ""
    note(request, object_id=system["id"], details=f"Modified storage system {body.name}: {body.protocol}:"
                                                  f"{body.port}, timeout {body.timeout}s{changed}")
    return ok(request, system, f"Storage system {body.name} modified")


def _name_taken(state, name: str) -> bool:
    """A registered storage system, a world cluster (name or address) or an SVM already has the name."""
    return (any(s["name"] == name for s in state["storage_systems"].values())
            or any(name in (c["name"], c.get("address")) for c in state["ontap"]["clusters"])
            or name in inventory.all_svm_names(state))


def _rename_cluster(state, system: dict, old: str, new: str) -> None:
    # the cluster was renamed on ONTAP: the world follows, the registration keeps its id and SVMs
    for cluster in state["ontap"]["clusters"]:
        if cluster["name"] == old:
            cluster["name"] = new
        elif cluster.get("address") == old:
            cluster["address"] = new
    system["name"] = new


def _rename_svm(state, old: str, new: str) -> None:
    """The SVM was renamed on ONTAP: the world, the registrations and the backups follow it, so its
    datastores stay protected and existing backups stay restorable (old location strings included)."""
    for cluster in state["ontap"]["clusters"]:
        cluster["svms"] = [new if svm == old else svm for svm in cluster["svms"]]
    for datastore in inventory.datastores(state).values():
        if datastore["svm"] == old:
            datastore["svm"] = new
    for system in state["storage_systems"].values():
        if system["type"] == "SVM" and system["name"] == old:
            system["name"] = new
        system["svms"] = [{"name": new if s["name"] == old else s["name"]} for s in system["svms"]]
    for backup in state["backups"].values():
        for snapshot in backup["_snapshots"]:
            if snapshot["svm"] == old:
                snapshot.setdefault("secondarySvm", f"{old}_dr")
                snapshot["svm"] = new
    state["svm_renames"][old] = new


def rename_storage_record(state, old: str, new: str) -> tuple[dict, str]:
    """PATCH: rename a registered cluster, a registered SVM, or an SVM of a registered cluster."""
    systems = state["storage_systems"].values()
    system = next((s for s in systems if s["name"] == old), None)
    parent = next((s for s in systems if s["type"] == "CLUSTER" and any(v["name"] == old for v in s["svms"])), None)
    if system is None and parent is None:
        raise not_found(f"existingSVM.name: no registered cluster or SVM named '{old}'")
    answered = system or parent
    if new == old:
        return answered, "Nothing to rename"
    if _name_taken(state, new):
        raise conflict(f"newSVM.name: a cluster, SVM or storage system named '{new}' already exists")
    if system is not None and system["type"] == "CLUSTER":
        _rename_cluster(state, system, old, new)
        return system, f"Cluster {old} renamed to {new}"
    _rename_svm(state, old, new)
    return answered, f"SVM {old} renamed to {new}"


def build_rename_router(config) -> APIRouter:
    """PATCH /4.1/storage-system came with SCV 5.0; an older appliance answers 404 (house choice)."""
    rename_router = APIRouter(tags=["storage systems"], responses=ERROR_RESPONSES)
    if config.supports("storage_rename"):
        @rename_router.patch("/4.1/storage-system", dependencies=[audited("STORAGE_SYSTEM", "RENAME")],
                             description="Rename a registered cluster or SVM (the name changed on ONTAP).")
        async def rename_storage_system(body: StorageSystemRenameBody, request: Request):
            old, new = body.existingSVM.name, body.newSVM.name
            note(request, obj=old, details=f"Rename {old} to {new}")
            system, message = rename_storage_record(sim_of(request).state, old, new)
            note(request, object_id=system["id"], details=message)
            return ok(request, system, message)
    else:
        @rename_router.patch("/4.1/storage-system", include_in_schema=False)
        async def rename_not_available(request: Request):
            raise not_found(f"No such path: {request.url.path}")   # as an appliance older than 5.0 answers
    return rename_router


@router.delete("/4.1/storage-system/{storageSystemId}", dependencies=[audited("STORAGE_SYSTEM", "DELETE")])
async def delete_storage_system(storageSystemId: str, request: Request):
    state = sim_of(request).state
    note(request, object_id=storageSystemId)
    system = by_id(state["storage_systems"], parse_path_id(storageSystemId, "storage system"), "storage system")
    note(request, obj=system["name"], object_id=system["id"], details=f"Remove storage system {system['name']}")
    users = _in_use_by(state, system)
    if users:
        raise conflict(f"Storage system {system['name']} is in use by resource group(s): {', '.join(users)}")
    del state["storage_systems"][str(system["id"])]
    return ok(request, None, f"Storage system {system['name']} removed")
