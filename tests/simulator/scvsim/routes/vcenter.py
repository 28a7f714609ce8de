"""The vCenter stand-in (vSphere Automation REST API subset), served on its own listener."""
import base64
import binascii
import secrets

from fastapi import APIRouter, Header, Query, Request, Response

from .. import inventory
from ..auth import credentials_valid
from ..errors import ApiError
from . import sim_of

router = APIRouter(prefix="/api", tags=["vCenter"])
VCENTER_SESSION_TTL = 86400
ERROR_TYPES = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 404: "NOT_FOUND", 409: "ALREADY_EXISTS"}


class VcenterError(ApiError):
    """An error in vCenter's own shape: {"error_type": ..., "messages": [...]}."""

    def __init__(self, status: int, message: str, error_type: str | None = None):
        super().__init__(status, message)
        self.error_type = error_type or ERROR_TYPES.get(status, "ERROR")


def vcenter_error_body(error_type: str, messages: list[str]) -> dict:
    return {"error_type": error_type,
            "messages": [{"args": [], "default_message": text, "id": f"vapi.sim.{error_type.lower()}"}
                         for text in messages]}


def _require_session(request: Request, session_id: str | None) -> None:
    sessions = sim_of(request).state["vcenter_sessions"]
    session = sessions.get(session_id or "")
    if session is None or session["expires"] <= sim_of(request).state.now():
        raise VcenterError(401, "Authentication required: send a valid vmware-api-session-id header")


def _basic_credentials(authorization: str | None) -> tuple[str, str]:
    if not authorization or not authorization.lower().startswith("basic "):
        raise VcenterError(401, "Basic authentication required")
    try:
        user, dummy, password = base64.b64decode(authorization[6:].strip()).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError) as error:
        raise VcenterError(401, "Malformed basic authentication header") from error
    return user, password


@router.post("/session", status_code=201)
async def create_session(request: Request, authorization: str | None = Header(None)):
    user, password = _basic_credentials(authorization)
    sim = sim_of(request)
    if not credentials_valid(sim.state, user, password):
        raise VcenterError(401, "Invalid user name or password")
    session_id = secrets.token_hex(16)
    sim.state["vcenter_sessions"][session_id] = {"username": user, "expires": sim.state.now() + VCENTER_SESSION_TTL}
    return session_id


@router.delete("/session", status_code=204)
async def delete_session(request: Request, vmware_api_session_id: str | None = Header(None)):
    _require_session(request, vmware_api_session_id)
    sim_of(request).state["vcenter_sessions"].pop(vmware_api_session_id, None)
    return Response(status_code=204)


def _filtered(items, key: str, wanted_ids, names):
    wanted_ids, names = set(wanted_ids or ()), set(names or ())   # sets: many names in one request stay cheap
    return [item for item in items
            if (not wanted_ids or item[key] in wanted_ids) and (not names or item["name"] in names)]


@router.get("/vcenter/vm")
async def list_vms(request: Request, names: list[str] | None = Query(None), vms: list[str] | None = Query(None),
                   hosts: list[str] | None = Query(None), power_states: list[str] | None = Query(None),
                   datastores: list[str] | None = Query(None), vmware_api_session_id: str | None = Header(None)):
    """VMware's VM.FilterSpec (vms, names, hosts, power_states) plus `datastores`, which is a simulator
    extension: VMware's FilterSpec has no datastore filter (README, vCenter stand-in)."""
    _require_session(request, vmware_api_session_id)
    state = sim_of(request).state
    found = _filtered(inventory.vms(state).values(), "moref", vms, names)
    wanted_hosts, wanted_states, wanted_datastores = set(hosts or ()), set(power_states or ()), set(datastores or ())
    return [{"vm": vm["moref"], "name": vm["name"], "power_state": vm["power_state"], "cpu_count": vm["cpu_count"],
             "memory_size_MiB": vm["memory_size_MiB"]}
            for vm in found
            if (not wanted_hosts or vm["host"] in wanted_hosts)
            and (not wanted_states or vm["power_state"] in wanted_states)
            and (not wanted_datastores or wanted_datastores.intersection(inventory.vm_datastore_morefs(vm)))]


def _vm(request: Request, vm_id: str) -> dict:
    vm = inventory.vms(sim_of(request).state).get(vm_id)
    if vm is None:
        raise VcenterError(404, f"VM {vm_id} not found")
    return vm


@router.get("/vcenter/vm/{vm}")
async def get_vm(vm: str, request: Request, vmware_api_session_id: str | None = Header(None)):
    _require_session(request, vmware_api_session_id)
    state = sim_of(request).state
    found = _vm(request, vm)
    return {
        "name": found["name"], "power_state": found["power_state"], "template": found["template"],
        "host": found["host"], "folder": found["folder"],
        "identity": {"name": found["name"], "instance_uuid": found["instanceUuid"],
                     "bios_uuid": found["instanceUuid"][::-1]},
        "cpu": {"count": found["cpu_count"]}, "memory": {"size_MiB": found["memory_size_MiB"]},
        "disks": {str(d["diskKey"]): {"label": f"Hard disk {i + 1}",
                                      "backing": {"type": "VMDK_FILE", "vmdk_file": d["vmdkPath"]},
                                      "capacity": int(d["capacityGB"] * 1024 ** 3)}
                  for i, d in enumerate(found["disks"])},
        "placement": {"host": found["host"], "datastore": (inventory.vm_datastore_morefs(found) or [None])[0],
                      "cluster": None, "resource_pool": None},
        "datastores": [inventory.datastores(state)[m]["name"] for m in inventory.vm_datastore_morefs(found)
                       if m in inventory.datastores(state)],
    }


@router.post("/vcenter/vm/{vm}/power", status_code=204)
async def power_vm(vm: str, request: Request, action: str = Query(...),
                   vmware_api_session_id: str | None = Header(None)):
    _require_session(request, vmware_api_session_id)
    found = _vm(request, vm)
    targets = {"stop": "POWERED_OFF", "start": "POWERED_ON", "reset": "POWERED_ON", "suspend": "SUSPENDED"}
    if action not in targets:
        raise VcenterError(400, f"action: must be one of {', '.join(targets)}")
    if found["template"]:
        raise VcenterError(400, f"{found['name']} is a template", "NOT_ALLOWED_IN_CURRENT_STATE")
    if action != "reset" and found["power_state"] == targets[action]:
        raise VcenterError(400, f"VM {found['name']} is already {targets[action]}", "ALREADY_IN_DESIRED_STATE")
    found["power_state"] = targets[action]
    return Response(status_code=204)


@router.delete("/vcenter/vm/{vm}", status_code=204)
async def delete_vm(vm: str, request: Request, vmware_api_session_id: str | None = Header(None)):
    _require_session(request, vmware_api_session_id)
    state = sim_of(request).state
    found = _vm(request, vm)
    if found["power_state"] != "POWERED_OFF":
        raise VcenterError(400, f"VM {found['name']} is {found['power_state']}; power it off first",
                           "NOT_ALLOWED_IN_CURRENT_STATE")
    del inventory.vms(state)[vm]
    # SCV drops a deleted VM from the resource groups that protected it; its backups stay (by UUID)
    for group in state["resource_groups"].values():
        if vm in group["_entityMorefs"]:
            group["_entityMorefs"].remove(vm)
    return Response(status_code=204)


def _datastore_summary(ds: dict) -> dict:
    return {"datastore": ds["moref"], "name": ds["name"], "type": ds["type"], "free_space": ds["free_space"],
            "capacity": ds["capacity"]}


@router.get("/vcenter/datastore")
async def list_datastores(request: Request, names: list[str] | None = Query(None),
                          datastores: list[str] | None = Query(None), types: list[str] | None = Query(None),
                          vmware_api_session_id: str | None = Header(None)):
    """Datastores, including those mounted from SCV backups (until they are unmounted)."""
    _require_session(request, vmware_api_session_id)
    found = _filtered(inventory.datastores(sim_of(request).state).values(), "moref", datastores, names)
    return [_datastore_summary(ds) for ds in found if not types or ds["type"] in types]


@router.get("/vcenter/datastore/{datastore}")
async def get_datastore(datastore: str, request: Request, vmware_api_session_id: str | None = Header(None)):
    """VMware's Datastore.Info (name, type, accessible, free_space, multiple_host_access,
    thin_provisioning_supported) plus `capacity`, which VMware gives in the list (Summary) only."""
    _require_session(request, vmware_api_session_id)
    found = inventory.datastores(sim_of(request).state).get(datastore)
    if found is None:
        raise VcenterError(404, f"Datastore {datastore} not found")
    return {"name": found["name"], "type": found["type"], "accessible": True, "free_space": found["free_space"],
            "capacity": found["capacity"], "multiple_host_access": len(found["hosts"]) > 1,
            "thin_provisioning_supported": found["type"] in ("NFS", "VVOL")}


@router.get("/vcenter/host")
async def list_hosts(request: Request, names: list[str] | None = Query(None), hosts: list[str] | None = Query(None),
                     vmware_api_session_id: str | None = Header(None)):
    _require_session(request, vmware_api_session_id)
    found = _filtered(inventory.hosts(sim_of(request).state).values(), "moref", hosts, names)
    return [{"host": h["moref"], "name": h["name"], "connection_state": h["connection_state"],
             "power_state": h["power_state"]} for h in found]
