"""Generated large worlds: `--generate vms=N[,datastores=M][,hosts=H][,backups=B][,jobs=J][,group_size=G][,seed=S]`.

What it builds (deterministic for a seed):
  - datacenter DC1 with H hosts esx001.gen.local... (host-1001...), M datastores ds0001... (datastore-1001...;
    every 5th VMFS on svm_san, the others NFS on svm_nfs) of ONTAP cluster cluster1.gen.local (admin /
    netapp-demo-1), N VMs vm00001... (vm-1001...): every 10th spans two datastores, every 50th is a
    template, every 7th (of the others) is powered off; login as in the demo world;
  - pre-existing configuration: the cluster is registered (every datastore is protectable), policies
    gen_daily (DAILY, COUNT max(7, B)) and gen_adhoc (ON_DEMAND), resource groups rg_gen_0001... of G VMs
    each (default 50) covering the first 80% of the VMs (every other group INCLUDE_ALL spanning), so the
    last 20% are unprotected;
  - with backups=B: B backups of every group (one a day, the newest an hour ago), so every VM of a group
    has B backups; with jobs=J: the newest J backup jobs that made them, and older backup jobs (their
    backups long expired) when J is larger than the number of backups.
"""
import math
import random
import uuid

from .backups import datastore_index, group_entities
from .models import PolicyBody, ResourceGroupBody, StorageSystemBody
from .routes.policies import create_policy_record
from .routes.resource_groups import create_group_record
from .routes.storage import register_storage_record
from .seeding import DAY, HOUR, JOB_SECONDS, seed_backup, seed_job
from .world import GIB

GENERATE_HELP = ("build a large world instead of --world: vms=N[,datastores=M][,hosts=H][,backups=B]"
                 "[,jobs=J][,group_size=G][,seed=S] (see tests/simulator/README.md)")
KEYS = ("vms", "datastores", "hosts", "backups", "jobs", "group_size", "seed")
LOGIN = {"username": "administrator@vsphere.local", "password": "scv-demo-password"}
CLUSTER = {"name": "cluster1.gen.local", "username": "admin", "password": "netapp-demo-1",
           "svms": ["svm_nfs", "svm_san"]}
FIRST_NUMBER = 1001
PROTECTED_SHARE = 0.8


class GenerateError(ValueError):
    pass


def parse_generate_spec(text: str) -> dict:
    spec = {}
    for item in str(text).split(","):
        key, equals, value = item.strip().partition("=")
        if not equals or key not in KEYS:
            raise GenerateError(f"'{item}': expected key=value with key one of {', '.join(KEYS)}")
        if not value.isdigit():
            raise GenerateError(f"{key}: '{value}' is not a whole number")
        spec[key] = int(value)
    if spec.get("vms", 0) < 1:
        raise GenerateError("vms=N (N >= 1) is required")
    spec.setdefault("datastores", max(1, spec["vms"] // 100))
    spec.setdefault("hosts", max(1, spec["vms"] // 200))
    spec.setdefault("backups", 0)
    spec.setdefault("jobs", 0)
    spec.setdefault("group_size", 50)
    spec.setdefault("seed", 1)
    for key in ("datastores", "hosts", "group_size"):
        if spec[key] < 1:
            raise GenerateError(f"{key}: must be at least 1")
    return spec


def generated_inventory(spec: dict) -> dict:
    """The environment (the same tables world.build_inventory makes from a world file)."""
    rng = random.Random(spec["seed"])
    hosts = {}
    for index in range(spec["hosts"]):
        moref = f"host-{FIRST_NUMBER + index}"
        hosts[moref] = {"moref": moref, "name": f"esx{index + 1:03d}.gen.local", "datacenter": "DC1",
                        "connection_state": "CONNECTED", "power_state": "POWERED_ON"}
    host_morefs = list(hosts)
    datastores = {}
    for index in range(spec["datastores"]):
        moref = f"datastore-{FIRST_NUMBER + index}"
        vmfs = index % 5 == 4
        name = f"ds{index + 1:04d}"
        capacity_gb = 4096
        datastores[moref] = {
            "moref": moref, "name": name, "type": "VMFS" if vmfs else "NFS", "svm": "svm_san" if vmfs else "svm_nfs",
            "volume": f"vol_{name}", "lun": f"/vol/vol_{name}/lun0" if vmfs else None,
            "capacity": capacity_gb * GIB, "free_space": rng.randint(capacity_gb // 10, capacity_gb // 2) * GIB,
            "hosts": host_morefs, "mountedFromBackupId": None,
        }
    datastore_morefs = list(datastores)
    vms = {}
    for index in range(spec["vms"]):
        moref = f"vm-{FIRST_NUMBER + index}"
        name = f"vm{index + 1:05d}"
        template = index % 50 == 49
        home = datastore_morefs[index % len(datastore_morefs)]
        disk_datastores = [home]
        if index % 10 == 9 and len(datastore_morefs) > 1:
            disk_datastores.append(datastore_morefs[(index + 1) % len(datastore_morefs)])
        disks = []
        for number, ds_moref in enumerate(disk_datastores):
            suffix = "" if number == 0 else f"_{number}"
            disks.append({"vmdkPath": f"[{datastores[ds_moref]['name']}] {name}/{name}{suffix}.vmdk",
                          "diskKey": 2000 + number, "controller": f"SCSI 0:{number}", "datastoreMoref": ds_moref,
                          "capacityGB": rng.choice((20, 40, 80, 160)), "attachedFromBackupId": None})
        vms[moref] = {
            "moref": moref, "name": name, "instanceUuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "host": host_morefs[index % len(host_morefs)], "folder": f"/DC1/vm/{datastores[home]['name']}",
            "power_state": "POWERED_OFF" if template or index % 7 == 6 else "POWERED_ON", "template": template,
            "cpu_count": rng.choice((1, 2, 4, 8)), "memory_size_MiB": rng.choice((2048, 4096, 8192, 16384)),
            "disks": disks,
        }
    return {"login": dict(LOGIN), "ontap": {"clusters": [dict(CLUSTER, address=None, svms=list(CLUSTER["svms"]))]},
            "vcenter": {"datacenters": ["DC1"], "hosts": hosts, "datastores": datastores, "vms": vms}}


def _groups_of(state, spec: dict) -> list[list[str]]:
    candidates = [vm["moref"] for vm in state["vcenter"]["vms"].values() if not vm["template"]]
    covered = candidates[:math.ceil(len(candidates) * PROTECTED_SHARE)]
    size = spec["group_size"]
    return [covered[start:start + size] for start in range(0, len(covered), size)]


def apply_generated_configuration(state, spec: dict, config) -> None:
    """Register the storage, create policies and groups, and the backups/jobs history."""
    register_storage_record(state, StorageSystemBody(name=CLUSTER["name"], userName=CLUSTER["username"],
                                                     password=CLUSTER["password"]))
    daily = create_policy_record(state, PolicyBody.model_validate({
        "name": "gen_daily", "description": "generated", "frequency": "DAILY",
        "retention": {"type": "COUNT", "value": max(7, spec["backups"])}, "snapMirror": True,
        "snapshotLabel": "daily"}), config)
    create_policy_record(state, PolicyBody.model_validate({
        "name": "gen_adhoc", "frequency": "ON_DEMAND", "retention": {"type": "COUNT", "value": 3}}), config)
    groups = []
    for number, members in enumerate(_groups_of(state, spec), start=1):
        body = ResourceGroupBody.model_validate({
            "name": f"rg_gen_{number:04d}", "entities": members,
            "policies": [{"id": daily["id"], "schedule": {"frequency": "DAILY", "every": 1,
                                                          "startTime": "01/01/2026 01:00 AM"}}],
            "spanningDatastores": {"spanningType": "INCLUDE_ALL" if number % 2 == 0 else "EXCLUDE_ALL"},
            "notification": "ERROR_OR_WARNINGS" if number % 3 == 0 else "NEVER"})
        groups.append(create_group_record(state, body))
    _history(state, spec, groups, daily)


def _history(state, spec: dict, groups: list[dict], policy: dict) -> None:
    """Old jobs first (ids follow time), then the backups that still exist, oldest day first."""
    backups_per_group = min(spec["backups"], policy["retention"]["value"])
    kept_runs = backups_per_group * len(groups)
    jobs_wanted = spec["jobs"]
    now = state.now()
    expired_runs = max(0, jobs_wanted - kept_runs) if groups else 0
    # one entity list per group, shared by its old jobs (nothing changes a backup job's entities)
    entities = {group["id"]: group_entities(state, group) for group in groups}
    # backup jobs whose backups retention removed long ago: one a day per group, before the kept ones
    for run in range(expired_runs):
        group = groups[run % len(groups)]
        day = backups_per_group + (expired_runs - 1 - run) // len(groups) + 1
        start = now - HOUR - day * DAY
        seed_job(state, "backup", f"Backup of Resource Group {group['name']} with Policy {policy['name']}",
                 start, start + JOB_SECONDS, "COMPLETED", group["id"], state.next_id(), entities[group["id"]],
                 ["Backup completed (expired since)"])
    records_cache, on_datastore = {}, datastore_index(state)
    with_jobs_from = kept_runs - min(jobs_wanted, kept_runs)   # the newest runs have their jobs
    run = 0
    for day in reversed(range(backups_per_group)):
        for group in groups:
            start = now - HOUR - day * DAY + (group["id"] % 600)   # groups start a few minutes apart
            seed_backup(state, group, policy, start, with_job=run >= with_jobs_from,
                        records_cache=records_cache, on_datastore=on_datastore)
            run += 1
