"""Resource groups: /4.1/resource-groups, suspend/resume and backupnow."""
from fastapi import APIRouter, Request

from .. import inventory
from ..audit import audited, note
from ..envelope import ok
from ..errors import bad_request, conflict
from ..backups import group_entities
from ..jobs import create_job
from ..models import BackupNowBody, ResourceGroupBody
from ..validation import check_object_name, check_schedule_start, parse_path_id
from . import ERROR_RESPONSES, by_id, sim_of
from .async_answer import job_started

router = APIRouter(tags=["resource groups"], responses=ERROR_RESPONSES)


def _moref_of(item) -> str:
    return item if isinstance(item, str) else item.moref


def _validated(state, body: ResourceGroupBody) -> dict:
    check_object_name(body.name)
    entity_morefs = []
    for index, item in enumerate(body.entities):
        moref = _moref_of(item)
        if inventory.entity_of(state, moref) is None:
            raise bad_request(f"entities[{index}]: no VM or datastore with moref '{moref}'")
        if moref not in entity_morefs:
            entity_morefs.append(moref)
    attachments, seen = [], set()
    for index, attachment in enumerate(body.policies):
        policy = state["policies"].get(str(attachment.id))
        if policy is None:
            raise bad_request(f"policies[{index}].id: no policy with id '{attachment.id}'")
        if attachment.id in seen:
            raise bad_request(f"policies[{index}].id: policy {policy['name']} is attached twice")
        seen.add(attachment.id)
        schedule = attachment.schedule
        if schedule is not None:
            if policy["frequency"] == "ON_DEMAND":
                raise bad_request(f"policies[{index}].schedule: policy {policy['name']} is ON_DEMAND "
                                  "and takes no schedule")
            if schedule.frequency != policy["frequency"]:
                raise bad_request(f"policies[{index}].schedule.frequency: must equal the policy's "
                                  f"frequency {policy['frequency']}, not {schedule.frequency}")
            check_schedule_start(schedule.startTime, f"policies[{index}].schedule.startTime")
        attachments.append({"id": attachment.id,
                            "schedule": schedule.model_dump(mode="json") if schedule else None})
    spanning = body.spanningDatastores
    spanning_morefs = []
    for index, item in enumerate(spanning.datastores):
        moref = _moref_of(item)
        if moref not in inventory.datastores(state):
            raise bad_request(f"spanningDatastores.datastores[{index}]: no datastore with moref '{moref}'")
        spanning_morefs.append(moref)
    return {
        "name": body.name, "description": body.description, "_entityMorefs": entity_morefs,
        "_policies": attachments,
        "spanningDatastores": {"spanningType": spanning.spanningType, "datastores": spanning_morefs},
        "notification": body.notification,
        "emailSettings": body.emailSettings.model_dump(mode="json", by_alias=True) if body.emailSettings else None,
        "latestSnapshotName": body.latestSnapshotName, "customSnapshotFormat": body.customSnapshotFormat,
    }


def _check_unique(state, name: str, own_id: int | None = None) -> None:
    if any(g["name"] == name and g["id"] != own_id for g in state["resource_groups"].values()):
        raise conflict(f"name: a resource group named '{name}' already exists")


def group_view(state, group: dict) -> dict:
    """A resource group as answered: entities and policies resolved to names."""
    view = dict(group)
    view["entities"] = [e for e in (inventory.entity_of(state, m) for m in group["_entityMorefs"]) if e]
    view["policies"] = [{"id": att["id"], "name": state["policies"][str(att["id"])]["name"],
                         "schedule": att["schedule"]} for att in group["_policies"]]
    return view


def _running_jobs_of(state, group_id: int) -> list[dict]:
    return [job for job in state["jobs"].values()
            if job["status"] == "RUNNING" and job["resourceGroupId"] == group_id]


def _group(state, raw_id: str) -> dict:
    return by_id(state["resource_groups"], parse_path_id(raw_id, "resource group"), "resource group")


@router.get("/4.1/resource-groups")
async def list_resource_groups(request: Request):
    state = sim_of(request).state
    groups = sorted(state["resource_groups"].values(), key=lambda item: item["id"])
    return ok(request, {"resourceGroupResponseList": [group_view(state, g) for g in groups]})


def create_group_record(state, body: ResourceGroupBody) -> dict:
    """Validate and store a new resource group (the POST, and pre-existing groups of a world file)."""
    group = _validated(state, body)
    _check_unique(state, group["name"])
    group = {"id": state.next_id(), **group, "status": "PRODUCTION", "lastRunStatus": None}
    state["resource_groups"][str(group["id"])] = group
    return group


def _summary(state, group: dict) -> str:
    policies = ", ".join(state["policies"][str(a["id"])]["name"] for a in group["_policies"]) or "none"
    return (f"{len(group['_entityMorefs'])} entities, policies {policies}, spanning "
            f"{group['spanningDatastores']['spanningType']}, notification {group['notification']}")


@router.post("/4.1/resource-groups", dependencies=[audited("RESOURCE_GROUP", "CREATE")])
async def create_resource_group(body: ResourceGroupBody, request: Request):
    state = sim_of(request).state
    note(request, obj=body.name)
    group = create_group_record(state, body)
    note(request, object_id=group["id"], details=f"Created resource group {group['name']}: {_summary(state, group)}")
    return ok(request, group_view(state, group), f"Resource group {group['name']} created")


# backupnow is declared before /{resourceGroupId} routes so "backupnow" is never taken for an id
@router.post("/4.1/resource-groups/backupnow", dependencies=[audited("BACKUP", "BACKUP")])
async def backup_now(body: BackupNowBody, request: Request):
    sim = sim_of(request)
    state = sim.state
    note(request, object_id=body.resourceGroupId)
    group = by_id(state["resource_groups"], body.resourceGroupId, "resource group")
    note(request, obj=group["name"])
    policy = by_id(state["policies"], body.policyId, "policy")
    note(request, details=f"Backup of resource group {group['name']} with policy {policy['name']}")
    if all(att["id"] != policy["id"] for att in group["_policies"]):
        raise bad_request(f"policyId: policy {policy['name']} is not attached to resource group {group['name']}")
    if not group["_entityMorefs"]:
        raise bad_request(f"resourceGroupId: resource group {group['name']} protects nothing")
    job = create_job(sim, "backup", f"Backup of Resource Group {group['name']} with Policy {policy['name']}",
                     {"resourceGroupId": group["id"], "policyId": policy["id"]}, group["id"],
                     entities=group_entities(state, group))
    note(request, details=f"Backup of resource group {group['name']} with policy {policy['name']} "
                          f"started (job {job['id']})")
    return job_started(request, job, f"Backup of resource group {group['name']} started")


@router.get("/4.1/resource-groups/{resourceGroupId}")
async def get_resource_group(resourceGroupId: str, request: Request):
    state = sim_of(request).state
    return ok(request, group_view(state, _group(state, resourceGroupId)))


@router.put("/4.1/resource-groups/{resourceGroupId}", dependencies=[audited("RESOURCE_GROUP", "MODIFY")])
async def replace_resource_group(resourceGroupId: str, body: ResourceGroupBody, request: Request):
    state = sim_of(request).state
    note(request, obj=body.name, object_id=resourceGroupId)
    group = _group(state, resourceGroupId)
    replacement = _validated(state, body)
    _check_unique(state, replacement["name"], group["id"])
    group.update(replacement)
    note(request, object_id=group["id"], details=f"Modified resource group {group['name']}: {_summary(state, group)}")
    return ok(request, group_view(state, group), f"Resource group {group['name']} modified")


@router.delete("/4.1/resource-groups/{resourceGroupId}", dependencies=[audited("RESOURCE_GROUP", "DELETE")])
async def delete_resource_group(resourceGroupId: str, request: Request):
    state = sim_of(request).state
    note(request, object_id=resourceGroupId)
    group = _group(state, resourceGroupId)
    note(request, obj=group["name"], object_id=group["id"], details=f"Delete resource group {group['name']}")
    if _running_jobs_of(state, group["id"]):
        raise conflict(f"Resource group {group['name']} has a running job")
    del state["resource_groups"][str(group["id"])]
    return ok(request, None, f"Resource group {group['name']} deleted")


@router.post("/4.1/resource-groups/{resourceGroupId}/suspend", dependencies=[audited("RESOURCE_GROUP", "SUSPEND")])
async def suspend_resource_group(resourceGroupId: str, request: Request):
    state = sim_of(request).state
    note(request, object_id=resourceGroupId)
    group = _group(state, resourceGroupId)
    note(request, obj=group["name"], object_id=group["id"], details=f"Suspend resource group {group['name']}")
    if group["status"] == "UNDER_MAINTENANCE":
        raise conflict(f"Resource group {group['name']} is already suspended")
    group["status"] = "UNDER_MAINTENANCE"
    return ok(request, group_view(state, group), f"Resource group {group['name']} suspended")


@router.post("/4.1/resource-groups/{resourceGroupId}/resume", dependencies=[audited("RESOURCE_GROUP", "RESUME")])
async def resume_resource_group(resourceGroupId: str, request: Request):
    state = sim_of(request).state
    note(request, object_id=resourceGroupId)
    group = _group(state, resourceGroupId)
    note(request, obj=group["name"], object_id=group["id"], details=f"Resume resource group {group['name']}")
    if group["status"] == "PRODUCTION":
        raise conflict(f"Resource group {group['name']} is not suspended")
    group["status"] = "PRODUCTION"
    return ok(request, group_view(state, group), f"Resource group {group['name']} resumed")
