"""Pre-existing SCV configuration from a world file's `scv:` section (a "brownfield" appliance).

Every object goes through the same validation as the REST call that would have made it (as if an
administrator had made it in the UI): a bad entry stops the start, naming the entry.

    scv:
      storage_systems: [<POST /4.1/storage-system body>, ...]
      policies: [<POST /4.1/policies body>, ...]
      resource_groups:                   # POST /4.1/resource-groups bodies, plus:
        - entities: [web01, datastore-12]      # morefs or names
          spanningDatastores: {spanningType: CUSTOM, datastores: [vmfs_ds01]}   # morefs or names
          policies: [{name: daily, schedule: {...}}]   # policies by name (or id)
          suspended: true                      # status UNDER_MAINTENANCE
          backups: 3                           # backups already taken, one a day, with their jobs
      schedules: [{name: Schedule-PurgeJobs, cronExpression: "0 30 1 ? * *"}]
      audit: <PUT /4.1/audit/config body>
"""
from pydantic import ValidationError

from . import inventory
from .audit import apply_config
from .cron import CronError, validate_quartz_cron
from .errors import ApiError
from .models import AuditConfigBody, PolicyBody, ResourceGroupBody, StorageSystemBody
from .routes.policies import create_policy_record
from .routes.resource_groups import create_group_record
from .routes.storage import register_storage_record
from .seeding import backup_times, seed_backup
from .world import WorldError

SECTIONS = ("storage_systems", "policies", "resource_groups", "schedules", "audit")
GROUP_EXTRAS = ("suspended", "backups")


def _problem(where: str, error: Exception) -> WorldError:
    if isinstance(error, ValidationError):
        reasons = "; ".join(f"{'.'.join(str(p) for p in item['loc']) or 'body'}: {item['msg']}"
                            for item in error.errors())
    elif isinstance(error, ApiError):
        reasons = "; ".join(error.messages)
    else:
        reasons = str(error)
    return WorldError(f"{where}: {reasons}")


def _entries(section: dict, key: str) -> list:
    entries = section.get(key) or []
    if not isinstance(entries, list):
        raise WorldError(f"scv.{key}: must be a list")
    return entries


def _moref(state, value, where: str, kinds=("VM", "DATASTORE")) -> str:
    """A moref as it is, or the moref of the one VM/datastore with that name."""
    value = value["moref"] if isinstance(value, dict) and "moref" in value else value
    if inventory.entity_of(state, str(value)) is not None:
        return str(value)
    matches = []
    if "VM" in kinds:
        matches += [vm["moref"] for vm in inventory.vms(state).values() if vm["name"] == value]
    if "DATASTORE" in kinds:
        matches += [ds["moref"] for ds in inventory.datastores(state).values() if ds["name"] == value]
    if len(matches) != 1:
        raise WorldError(f"{where}: '{value}' names {'no' if not matches else 'more than one'} "
                         f"{' or '.join(kinds).lower()}")
    return matches[0]


def _policy_id(state, attachment, where: str) -> int:
    if "id" in attachment:
        return attachment["id"]
    name = attachment.get("name")
    found = [p["id"] for p in state["policies"].values() if p["name"] == name]
    if not found:
        raise WorldError(f"{where}: no policy named '{name}' (policies come before resource groups)")
    return found[0]


def _group_body(state, raw: dict, where: str) -> dict:
    body = {k: v for k, v in raw.items() if k not in GROUP_EXTRAS}
    body["entities"] = [_moref(state, item, f"{where}.entities[{i}]") for i, item in enumerate(raw.get("entities", []))]
    attachments = []
    for index, attachment in enumerate(raw.get("policies", []) or []):
        if not isinstance(attachment, dict):
            attachment = {"name": attachment}
        attachments.append({"id": _policy_id(state, attachment, f"{where}.policies[{index}]"),
                            "schedule": attachment.get("schedule")})
    body["policies"] = attachments
    spanning = dict(raw.get("spanningDatastores") or {})
    if "datastores" in spanning:
        spanning["datastores"] = [_moref(state, item, f"{where}.spanningDatastores.datastores[{i}]", ("DATASTORE",))
                                  for i, item in enumerate(spanning["datastores"])]
        body["spanningDatastores"] = spanning
    return body


def apply_scv_section(state, section, config) -> None:
    """Create the section's objects in `state` (a State being built into the world's baseline)."""
    if not section:
        return
    if not isinstance(section, dict):
        raise WorldError("scv: must be a mapping")
    unknown = set(section) - set(SECTIONS)
    if unknown:
        raise WorldError(f"scv: unknown section(s) {', '.join(sorted(unknown))} (known: {', '.join(SECTIONS)})")
    for index, raw in enumerate(_entries(section, "storage_systems")):
        where = f"scv.storage_systems[{index}]"
        try:
            register_storage_record(state, StorageSystemBody.model_validate(raw))
        except (ValidationError, ApiError) as error:
            raise _problem(where, error) from error
    for index, raw in enumerate(_entries(section, "policies")):
        where = f"scv.policies[{index}]"
        try:
            create_policy_record(state, PolicyBody.model_validate(raw), config)
        except (ValidationError, ApiError) as error:
            raise _problem(where, error) from error
    for index, raw in enumerate(_entries(section, "resource_groups")):
        where = f"scv.resource_groups[{index}]"
        if not isinstance(raw, dict):
            raise WorldError(f"{where}: must be a mapping")
        try:
            group = create_group_record(state, ResourceGroupBody.model_validate(_group_body(state, raw, where)))
        except (ValidationError, ApiError) as error:
            raise _problem(where, error) from error
        _group_history(state, group, raw, where)
    for index, raw in enumerate(_entries(section, "schedules")):
        _schedule(state, raw, f"scv.schedules[{index}]")
    if section.get("audit") is not None:
        try:
            settings = AuditConfigBody.model_validate(section["audit"]).model_dump(mode="json")
        except ValidationError as error:
            raise _problem("scv.audit", error) from error
        if settings["syslog"]["enabled"] and not settings["syslog"]["server"]:
            raise WorldError("scv.audit: syslog.server: required when syslog.enabled is true")
        apply_config(state, settings)


def _group_history(state, group: dict, raw: dict, where: str) -> None:
    count = raw.get("backups", 0)
    if not isinstance(count, int) or count < 0:
        raise WorldError(f"{where}.backups: must be a number of backups (0 or more)")
    if count:
        if not group["_policies"]:
            raise WorldError(f"{where}.backups: the group has no policy to have backed up with")
        policy = state["policies"][str(group["_policies"][0]["id"])]
        for start in backup_times(state.now(), count, policy):
            seed_backup(state, group, policy, start)
    if raw.get("suspended"):
        group["status"] = "UNDER_MAINTENANCE"


def _schedule(state, raw, where: str) -> None:
    if not isinstance(raw, dict) or "name" not in raw or "cronExpression" not in raw:
        raise WorldError(f"{where}: needs name and cronExpression")
    schedule = state["schedules"].get(raw["name"])
    if schedule is None:
        raise WorldError(f"{where}: no built-in schedule named '{raw['name']}'")
    try:
        validate_quartz_cron(str(raw["cronExpression"]))
    except CronError as error:
        raise WorldError(f"{where}.cronExpression: {error}") from error
    schedule["cronExpression"] = " ".join(str(raw["cronExpression"]).split())
