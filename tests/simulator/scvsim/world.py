"""The inventory the simulator starts from: vCenter objects, ONTAP clusters/SVMs and the login."""
import os

import yaml

DEFAULT_WORLD_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                  "worlds", "demo.yml")
GIB = 1024 ** 3


class WorldError(ValueError):
    """The world file is not usable; the message names the offending entry."""


def _require(mapping: dict, key: str, where: str):
    if not isinstance(mapping, dict) or key not in mapping:
        raise WorldError(f"{where}: missing '{key}'")
    return mapping[key]


def load_world_file(path: str | None) -> dict:
    with open(path or DEFAULT_WORLD_FILE, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    if not isinstance(raw, dict):
        raise WorldError(f"{path}: top level must be a mapping")
    return raw


def _disk(vm_name: str, index: int, spec: dict, datastores: dict) -> dict:
    where = f"vms[{vm_name}].disks[{index}]"
    moref = _require(spec, "datastore", where)
    if moref not in datastores:
        raise WorldError(f"{where}: unknown datastore {moref}")
    return {
        "vmdkPath": f"[{datastores[moref]['name']}] {_require(spec, 'file', where)}",
        "diskKey": 2000 + index,
        "controller": f"SCSI 0:{index}",
        "datastoreMoref": moref,
        "capacityGB": spec.get("capacity_gb", 40),
        "attachedFromBackupId": None,
    }


def build_inventory(raw: dict) -> dict:
    """Turn a world file's content into the state tables that describe the environment."""
    login = _require(raw, "login", "world")
    hosts, datacenters = {}, []
    for dc in raw.get("datacenters", []):
        dc_name = _require(dc, "name", "datacenters[]")
        datacenters.append(dc_name)
        for host in dc.get("hosts", []):
            moref = _require(host, "moref", f"datacenters[{dc_name}].hosts[]")
            hosts[moref] = {"moref": moref, "name": _require(host, "name", moref), "datacenter": dc_name,
                            "connection_state": "CONNECTED", "power_state": "POWERED_ON"}
    datastores = {}
    for ds in raw.get("datastores", []):
        moref = _require(ds, "moref", "datastores[]")
        datastores[moref] = {
            "moref": moref, "name": _require(ds, "name", moref), "type": ds.get("type", "NFS"),
            "svm": _require(ds, "svm", moref), "volume": ds.get("volume", f"vol_{ds['name']}"),
            "lun": ds.get("lun"), "capacity": int(ds.get("capacity_gb", 1024) * GIB),
            "free_space": int(ds.get("free_gb", 512) * GIB),
            "hosts": ds.get("hosts", list(hosts)), "mountedFromBackupId": None,
        }
    vms = {}
    for vm in raw.get("vms", []):
        moref = _require(vm, "moref", "vms[]")
        name = _require(vm, "name", moref)
        if vm.get("host") not in hosts:
            raise WorldError(f"vms[{name}]: unknown host {vm.get('host')}")
        vms[moref] = {
            "moref": moref, "name": name, "instanceUuid": _require(vm, "instance_uuid", name),
            "host": vm["host"], "folder": vm.get("folder", "/"),
            "power_state": vm.get("power_state", "POWERED_ON"), "template": bool(vm.get("template", False)),
            "cpu_count": vm.get("cpu_count", 2), "memory_size_MiB": vm.get("memory_size_MiB", 4096),
            "disks": [_disk(name, i, d, datastores) for i, d in enumerate(vm.get("disks", []))],
        }
    clusters = []
    for cluster in raw.get("ontap", []):
        name = _require(cluster, "cluster", "ontap[]")
        clusters.append({"name": name, "address": cluster.get("address"),
                         "username": _require(cluster, "username", name),
                         "password": str(_require(cluster, "password", name)),
                         "svms": list(cluster.get("svms", []))})
    return {
        "login": {"username": _require(login, "username", "login"),
                  "password": str(_require(login, "password", "login"))},
        "ontap": {"clusters": clusters},
        "vcenter": {"datacenters": datacenters, "hosts": hosts, "datastores": datastores, "vms": vms},
    }
