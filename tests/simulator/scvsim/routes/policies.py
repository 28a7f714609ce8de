"""Backup policies: /4.1/policies."""
from fastapi import APIRouter, Request

from ..envelope import ok
from ..errors import bad_request, conflict
from ..models import PolicyBody
from ..validation import MAX_SNAPSHOT_LABEL, check_object_name, parse_path_id
from . import ERROR_RESPONSES, by_id, sim_of

router = APIRouter(tags=["policies"], responses=ERROR_RESPONSES)
MAX_RETENTION_COUNT = 1018
MAX_RETENTION_DAYS = 36500


def _validated(body: PolicyBody) -> dict:
    check_object_name(body.name)
    retention = body.retention
    if retention.type == "COUNT":
        low = 2 if body.snapVault else 1
        if not low <= retention.value <= MAX_RETENTION_COUNT:
            why = " (at least 2 with snapVault)" if body.snapVault else ""
            raise bad_request(f"retention.value: COUNT must be between {low} and {MAX_RETENTION_COUNT}{why}")
    elif not 1 <= retention.value <= MAX_RETENTION_DAYS:
        raise bad_request(f"retention.value: DAYS must be between 1 and {MAX_RETENTION_DAYS}")
    if len(body.snapshotLabel) > MAX_SNAPSHOT_LABEL:
        raise bad_request(f"snapshotLabel: at most {MAX_SNAPSHOT_LABEL} characters")
    return body.model_dump(mode="json")


def _check_unique(state, name: str, own_id: int | None = None) -> None:
    if any(p["name"] == name and p["id"] != own_id for p in state["policies"].values()):
        raise conflict(f"name: a policy named '{name}' already exists")


def users_of_policy(state, policy_id: int) -> list[dict]:
    return [group for group in state["resource_groups"].values()
            if any(att["id"] == policy_id for att in group["_policies"])]


@router.get("/4.1/policies")
async def list_policies(request: Request):
    policies = sorted(sim_of(request).state["policies"].values(), key=lambda item: item["id"])
    return ok(request, {"policyResponseList": policies})


@router.post("/4.1/policies")
async def create_policy(body: PolicyBody, request: Request):
    state = sim_of(request).state
    policy = _validated(body)
    _check_unique(state, policy["name"])
    policy = {"id": state.next_id(), **policy}
    state["policies"][str(policy["id"])] = policy
    return ok(request, policy, f"Policy {policy['name']} created")


@router.get("/4.1/policies/{policyId}")
async def get_policy(policyId: str, request: Request):
    state = sim_of(request).state
    return ok(request, by_id(state["policies"], parse_path_id(policyId, "policy"), "policy"))


@router.put("/4.1/policies/{policyId}")
async def replace_policy(policyId: str, body: PolicyBody, request: Request):
    state = sim_of(request).state
    policy = by_id(state["policies"], parse_path_id(policyId, "policy"), "policy")
    replacement = _validated(body)
    _check_unique(state, replacement["name"], policy["id"])
    for group in users_of_policy(state, policy["id"]):
        for attachment in group["_policies"]:
            schedule = attachment["schedule"]
            if attachment["id"] == policy["id"] and schedule and schedule["frequency"] != body.frequency:
                raise conflict(f"frequency: resource group {group['name']} schedules this policy "
                               f"{schedule['frequency']}; change its schedule first")
    policy_id = policy["id"]
    policy.clear()
    policy.update({"id": policy_id, **replacement})
    return ok(request, policy, f"Policy {policy['name']} modified")


@router.delete("/4.1/policies/{policyId}")
async def delete_policy(policyId: str, request: Request):
    state = sim_of(request).state
    policy = by_id(state["policies"], parse_path_id(policyId, "policy"), "policy")
    users = users_of_policy(state, policy["id"])
    if users:
        raise conflict(f"Policy {policy['name']} is used by resource group(s): "
                       f"{', '.join(g['name'] for g in users)}")
    del state["policies"][str(policy["id"])]
    return ok(request, None, f"Policy {policy['name']} deleted")
