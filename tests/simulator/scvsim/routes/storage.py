"""Storage systems (ONTAP clusters or SVMs): /4.1/storage-system (singular path)."""
import secrets

from fastapi import APIRouter, Request

from .. import inventory
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


@router.post("/4.1/storage-system")
async def add_storage_system(body: StorageSystemBody, request: Request):
    state = sim_of(request).state
    if any(system["name"] == body.name for system in state["storage_systems"].values()):
        raise conflict(f"name: storage system '{body.name}' is already registered")
    cluster, kind = _resolve_ontap(state, body.name)
    _check_credentials(cluster, body.userName, body.password)
    system = {"id": state.next_id(), "name": body.name, "type": kind,
              "svms": [{"name": svm} for svm in cluster["svms"]] if kind == "CLUSTER" else []}
    _apply_fields(system, body)
    state["storage_systems"][str(system["id"])] = system
    return ok(request, system, f"Storage system {body.name} added")


@router.put("/4.1/storage-system")
async def modify_storage_system(body: StorageSystemUpdateBody, request: Request):
    state = sim_of(request).state
    system = next((s for s in state["storage_systems"].values() if s["name"] == body.name), None)
    if system is None:
        raise not_found(f"name: no registered storage system named '{body.name}'")
    cluster, _kind = _resolve_ontap(state, system["name"])
    if body.password is not None or body.userName != system["userName"]:
        _check_credentials(cluster, body.userName, body.password or "")
    _apply_fields(system, body)
    return ok(request, system, f"Storage system {body.name} modified")


@router.patch("/4.1/storage-system")
async def rename_storage_system(body: StorageSystemRenameBody, request: Request):
    state = sim_of(request).state
    old, new = body.existingSVM.name, body.newSVM.name
    system = next((s for s in state["storage_systems"].values() if s["name"] == old and s["type"] == "SVM"), None)
    if system is None:
        raise not_found(f"existingSVM.name: no registered SVM named '{old}'")
    if new == old:
        return ok(request, system, "Nothing to rename")
    if new in inventory.all_svm_names(state) or any(s["name"] == new for s in state["storage_systems"].values()):
        raise conflict(f"newSVM.name: an SVM or storage system named '{new}' already exists")
    # the SVM was renamed on ONTAP: follow it in the world so its datastores stay protected
    for cluster in state["ontap"]["clusters"]:
        cluster["svms"] = [new if svm == old else svm for svm in cluster["svms"]]
    for datastore in inventory.datastores(state).values():
        if datastore["svm"] == old:
            datastore["svm"] = new
    for other in state["storage_systems"].values():
        other["svms"] = [{"name": new if s["name"] == old else s["name"]} for s in other["svms"]]
    system["name"] = new
    return ok(request, system, f"SVM {old} renamed to {new}")


@router.delete("/4.1/storage-system/{storageSystemId}")
async def delete_storage_system(storageSystemId: str, request: Request):
    state = sim_of(request).state
    system = by_id(state["storage_systems"], parse_path_id(storageSystemId, "storage system"), "storage system")
    users = _in_use_by(state, system)
    if users:
        raise conflict(f"Storage system {system['name']} is in use by resource group(s): {', '.join(users)}")
    del state["storage_systems"][str(system["id"])]
    return ok(request, None, f"Storage system {system['name']} removed")
