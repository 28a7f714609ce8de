"""Mounting a datastore backup on an ESX host (a new datastore appears) and unmounting it."""
from . import inventory
from .backups import find_location, require_backup
from .errors import ApiError, bad_request, conflict, not_found
from .jobs import completes, create_job, job_entity, log


def _pending(state, job_type: str, **params) -> bool:
    return any(job["type"] == job_type and job["status"] == "RUNNING"
               and all(job["_params"].get(k) == v for k, v in params.items())
               for job in state["jobs"].values())


def start_mount(sim, backup_id: int, body) -> dict:
    state = sim.state
    backup = require_backup(state, backup_id)
    snapshot = next((s for s in backup["_snapshots"] if body.datastore in (s["datastore"], s["datastoreMoref"])), None)
    if snapshot is None:
        raise bad_request(f"datastore: '{body.datastore}' is not part of backup {backup['backupName']}")
    location = find_location(state, backup, body.location, "location")
    if location["datastoreMoref"] != snapshot["datastoreMoref"]:
        raise bad_request(f"location: '{body.location}' is not a copy of datastore {snapshot['datastore']}")
    source = inventory.datastores(state).get(snapshot["datastoreMoref"], {})
    if source.get("type") == "VVOL":
        raise bad_request(f"datastore: {snapshot['datastore']} is a vVol datastore; vVol datastores cannot be mounted")
    host = inventory.host_by_name_or_moref(state, body.esxHostName, "esxHostName")
    key = {"backupId": backup_id, "sourceMoref": snapshot["datastoreMoref"], "hostMoref": host["moref"]}
    if any(m["backupId"] == backup_id and m["_sourceMoref"] == key["sourceMoref"] and m["_hostMoref"] == host["moref"]
           for m in state["mounts"]) or _pending(state, "mountBackup", **key):
        raise conflict(f"Backup {backup['backupName']} ({snapshot['datastore']}) is already mounted on {host['name']}")
    name = f"Mount backup {backup['backupName']} of datastore {snapshot['datastore']} on {host['name']}"
    return create_job(sim, "mountBackup", name,
                      {**key, "location": location["location"]}, backup["resourceGroupId"], backup_id=backup_id,
                      entities=[job_entity(snapshot["datastoreMoref"], snapshot["datastore"], "DATASTORE")])


@completes("mountBackup")
def complete_mount(sim, job: dict) -> str:
    state, params = sim.state, job["_params"]
    backup = state["backups"].get(str(params["backupId"]))
    host = inventory.hosts(state).get(params["hostMoref"])
    if backup is None or host is None:
        raise ApiError(404, "The backup or the ESX host disappeared while the mount ran")
    snapshot = next(s for s in backup["_snapshots"] if s["datastoreMoref"] == params["sourceMoref"])
    source = inventory.datastores(state).get(params["sourceMoref"], {})
    moref = state.next_moref("datastore")
    name = f"{snapshot['datastore']}_b{backup['backupId']}_{host['name'].split('.')[0]}"
    inventory.datastores(state)[moref] = {
        "moref": moref, "name": name, "type": source.get("type", "NFS"), "svm": snapshot["svm"],
        "volume": f"{snapshot['volume']}_clone_{backup['backupId']}", "lun": None,
        "capacity": source.get("capacity", 0), "free_space": source.get("free_space", 0),
        "hosts": [host["moref"]], "mountedFromBackupId": backup["backupId"],
    }
    state["mounts"].append({"datastoreMoref": moref, "datastoreName": name, "esxHostName": host["name"],
                            "backupId": backup["backupId"], "_sourceMoref": params["sourceMoref"],
                            "_hostMoref": host["moref"]})
    log(sim, job, f"Mounted {params['location']} as datastore {name} ({moref}) on {host['name']}")
    return "COMPLETED"


def start_unmount(sim, body) -> dict:
    state = sim.state
    datastore = inventory.datastores(state).get(body.datastoreMoref)
    if datastore is None:
        raise not_found(f"datastoreMoref: no datastore with moref '{body.datastoreMoref}'")
    if datastore["mountedFromBackupId"] is None:
        raise bad_request(f"datastoreMoref: {datastore['name']} was not mounted from a backup")
    users = [vm["name"] for vm in inventory.vms_on_datastore(state, datastore["moref"])]
    if users:
        raise conflict(f"Datastore {datastore['name']} is in use by VM(s): {', '.join(users)}")
    if _pending(state, "unmountBackup", datastoreMoref=datastore["moref"]):
        raise conflict(f"Datastore {datastore['name']} is already being unmounted")
    backup = state["backups"].get(str(datastore["mountedFromBackupId"]))
    of_backup = f" (backup {backup['backupName']})" if backup else ""
    return create_job(sim, "unmountBackup", f"Unmount datastore {datastore['name']}{of_backup}",
                      {"datastoreMoref": datastore["moref"]}, backup_id=datastore["mountedFromBackupId"],
                      entities=[job_entity(datastore["moref"], datastore["name"], "DATASTORE")])


@completes("unmountBackup")
def complete_unmount(sim, job: dict) -> str:
    state = sim.state
    moref = job["_params"]["datastoreMoref"]
    datastore = inventory.datastores(state).pop(moref, None)
    state["mounts"][:] = [m for m in state["mounts"] if m["datastoreMoref"] != moref]
    if datastore is None:
        log(sim, job, f"Datastore {moref} was already gone", "WARNING")
        return "WARNING"
    log(sim, job, f"Unmounted datastore {datastore['name']} ({moref})")
    return "COMPLETED"
