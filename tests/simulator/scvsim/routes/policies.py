"""Backup policies: /4.1/policies."""
from fastapi import APIRouter, Request

from ..audit import audited, note
from ..envelope import ok
from ..errors import bad_request, conflict
from ..models import PolicyBody
from ..validation import MAX_SNAPSHOT_LABEL, check_object_name, parse_path_id
from ..versions import introduced_in
from . import ERROR_RESPONSES, by_id, sim_of

router = APIRouter(tags=["policies"], responses=ERROR_RESPONSES)
MAX_RETENTION_COUNT = 1018
MAX_RETENTION_DAYS = 36500


def _validated(body: PolicyBody, config) -> dict:
    check_object_name(body.name)
    unknown_fields = set()
    if not config.supports("locking_period"):
        # an older appliance does not know the field at all: null is ignored, a value is refused
        if body.lockingPeriod is not None:
            raise bad_request(f"lockingPeriod: unknown field (SCV {config.version} has no locking periods; "
                              f"they came with SCV {introduced_in('locking_period')})")
        unknown_fields.add("lockingPeriod")
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
    return body.model_dump(mode="json", exclude=unknown_fields)


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


def create_policy_record(state, body: PolicyBody, config) -> dict:
    """Validate and store a new policy (the POST, and pre-existing policies of a world file)."""
    policy = _validated(body, config)
    _check_unique(state, policy["name"])
    policy = {"id": state.next_id(), **policy}
    state["policies"][str(policy["id"])] = policy
    return policy


def _summary(policy: dict) -> str:
    retention = policy["retention"]
    extras = [name for name in ("snapMirror", "snapVault", "vmConsistency") if policy.get(name)]
    if policy.get("lockingPeriod"):
        extras.append(f"locked {policy['lockingPeriod']['value']} {policy['lockingPeriod']['unit']}")
    return (f"{policy['frequency']}, retention {retention['type']} {retention['value']}"
            + (f", {', '.join(extras)}" if extras else ""))


@router.post("/4.1/policies", dependencies=[audited("POLICY", "CREATE")])
async def create_policy(body: PolicyBody, request: Request):
    sim = sim_of(request)
    note(request, obj=body.name)
    policy = create_policy_record(sim.state, body, sim.config)
    note(request, object_id=policy["id"], details=f"Created policy {policy['name']}: {_summary(policy)}")
    return ok(request, policy, f"Policy {policy['name']} created")


@router.get("/4.1/policies/{policyId}")
async def get_policy(policyId: str, request: Request):
    state = sim_of(request).state
    return ok(request, by_id(state["policies"], parse_path_id(policyId, "policy"), "policy"))


@router.put("/4.1/policies/{policyId}", dependencies=[audited("POLICY", "MODIFY")])
async def replace_policy(policyId: str, body: PolicyBody, request: Request):
    sim = sim_of(request)
    state = sim.state
    note(request, obj=body.name, object_id=policyId)
    policy = by_id(state["policies"], parse_path_id(policyId, "policy"), "policy")
    replacement = _validated(body, sim.config)
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
    note(request, object_id=policy_id, details=f"Modified policy {policy['name']}: {_summary(policy)}")
    return ok(request, policy, f"Policy {policy['name']} modified")


@router.delete("/4.1/policies/{policyId}", dependencies=[audited("POLICY", "DELETE")])
async def delete_policy(policyId: str, request: Request):
    state = sim_of(request).state
    note(request, object_id=policyId)
    policy = by_id(state["policies"], parse_path_id(policyId, "policy"), "policy")
    note(request, obj=policy["name"], object_id=policy["id"], details=f"Delete policy {policy['name']}")
    users = users_of_policy(state, policy["id"])
    if users:
        raise conflict(f"Policy {policy['name']} is used by resource group(s): "
                       f"{', '.join(g['name'] for g in users)}")
    del state["policies"][str(policy["id"])]
    return ok(request, None, f"Policy {policy['name']} deleted")
