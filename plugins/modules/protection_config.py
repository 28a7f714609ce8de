#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: protection_config
short_description: Make the whole SCV protection setup match one declaration, in one task
version_added: 0.1.0
description:
  - Makes storage systems, backup policies, resource groups and the appliance's built-in schedules match
    the lists given, in one task. This is the GitOps entry point for sites with hundreds of objects.
  - Each list item takes exactly the options of the matching per-resource module
    (M(snapcenter.vsphere.storage_system), M(snapcenter.vsphere.policy),
    M(snapcenter.vsphere.resource_group), M(snapcenter.vsphere.schedule)) and is reconciled by the same
    engine, so an item behaves as that module's task would.
  - Reads each kind once (one list call per kind), looks all VM and datastore names up in vCenter at once
    (one request per kind), checks every item before the first write, then sends only the writes needed,
    in dependency order - storage systems, policies, resource groups, schedules - and deletions in the
    reverse order (resource groups before the policies they use, storage systems last).
  - With O(prune), objects of SCV that are not listed are deleted. Storage systems are only pruned with
    O(prune_storage_systems).
  - In check mode with C(--diff) the task prints the whole plan (before and after of every object that
    would change, passwords masked) and sends no write.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.check_mode_full
  - snapcenter.vsphere.attributes.diff_full
options:
  storage_systems:
    description:
      - ONTAP clusters or SVMs, each with the options of M(snapcenter.vsphere.storage_system).
      - When not given, storage systems are neither read nor changed.
    type: list
    elements: dict
    suboptions:
      name:
        description: Management address or FQDN of the cluster or SVM (compared without regard to case).
        type: str
        required: true
      state:
        description: V(present) adds or updates the storage system, V(absent) removes it.
        type: str
        choices: [present, absent]
        default: present
      from_name:
        description: Rename the storage system now called O(storage_systems[].from_name) to O(storage_systems[].name).
        type: str
      ontap_username:
        description: ONTAP user SCV logs in with. Required to add a storage system.
        type: str
      ontap_password:
        description:
          - Password of O(storage_systems[].ontap_username). Required to add a storage system.
          - Only sent as O(storage_systems[].update_password) says; never shown in output or diff.
        type: str
      update_password:
        description: V(on_create) sends the password only when adding; V(always) on every run.
        type: str
        choices: [on_create, always]
        default: on_create
      ontap_protocol:
        description: Protocol SCV uses to reach ONTAP. V(https) when not set on create.
        type: str
        choices: [https, http]
      ontap_port:
        description: Port SCV uses to reach ONTAP.
        type: int
      ontap_timeout:
        description: Seconds SCV waits for ONTAP.
        type: int
      preferred_ip:
        description: Address SCV should prefer when the storage system has several.
        type: str
      platform_type:
        description: ONTAP platform, for example V(AFF).
        type: str
      asup:
        description: Send AutoSupport messages to ONTAP for failed operations.
        type: bool
      syslog:
        description: Log SCV events to ONTAP's syslog.
        type: bool
  policies:
    description:
      - Backup policies, each with the options of M(snapcenter.vsphere.policy).
    type: list
    elements: dict
    suboptions:
      name:
        description: Name of the policy (letters, digits and C(_)).
        type: str
        required: true
      state:
        description: V(present) creates or updates the policy, V(absent) deletes it.
        type: str
        choices: [present, absent]
        default: present
      description:
        description: Free text shown in the SCV UI.
        type: str
      frequency:
        description: How often resource groups back up with this policy. Required to create a policy.
        type: str
        choices: [hourly, daily, weekly, monthly, on_demand]
      retention_count:
        description:
          - Keep this many backups (1 to 1018, at least 2 with O(policies[].snapvault)).
          - Mutually exclusive with O(policies[].retention_days).
        type: int
      retention_days:
        description: Keep backups this many days.
        type: int
      snapmirror:
        description: Update the SnapMirror destination after each backup.
        type: bool
      snapvault:
        description: Update the SnapVault destination after each backup.
        type: bool
      snapshot_label:
        description: SnapMirror label for the snapshots (at most 31 characters).
        type: str
      vm_consistency:
        description: Take a VMware snapshot (quiesced VMs) before each backup.
        type: bool
      include_independent_disks:
        description: Also back up datastores holding only independent disks.
        type: bool
      locking_period:
        description: Snapshot locking (SCV 5.0+).
        type: dict
        suboptions:
          value:
            description: How many units the snapshots stay locked.
            type: int
            required: true
          unit:
            description: Unit of the value.
            type: str
            choices: [days, months, years]
            required: true
  resource_groups:
    description:
      - Resource groups, each with the options of M(snapcenter.vsphere.resource_group).
      - Policies are referenced by name and may be created by this same task.
    type: list
    elements: dict
    suboptions:
      name:
        description: Name of the resource group (letters, digits and C(_)).
        type: str
        required: true
      state:
        description: V(present) creates or updates the group, V(absent) deletes it.
        type: str
        choices: [present, absent]
        default: present
      description:
        description: Free text shown in the SCV UI.
        type: str
      vms:
        description: VMs to protect, by name or moref.
        type: list
        elements: str
      datastores:
        description: Datastores to protect, by name or moref.
        type: list
        elements: str
      policies:
        description: Policies attached to the group, each with its schedule.
        type: list
        elements: dict
        suboptions:
          name:
            description: Name of the policy.
            type: str
            required: true
          schedule:
            description: When the group is backed up with this policy; fields must fit the policy's frequency.
            type: dict
            suboptions:
              every:
                description: Every N hours (hourly) or days (daily).
                type: int
              start_time:
                description: First run, ISO 8601 local time like V(2026-12-01T01:30).
                type: str
                required: true
              days_of_week:
                description: Days of a weekly policy.
                type: list
                elements: str
                choices: [monday, tuesday, wednesday, thursday, friday, saturday, sunday]
              days_of_month:
                description: Days (1-31) of a monthly policy.
                type: list
                elements: int
      spanning:
        description: Which other datastores of the VMs are backed up too.
        type: str
        choices: [exclude_all, include_all, custom]
      spanning_datastores:
        description: With O(resource_groups[].spanning=custom), the datastores to include.
        type: list
        elements: str
      notification:
        description: When SCV sends e-mail.
        type: str
        choices: [never, always, error, error_or_warnings]
      email:
        description: E-mail settings.
        type: dict
        suboptions:
          from:
            description: Sender address.
            type: str
            required: true
          to:
            description: Recipients.
            type: list
            elements: str
            required: true
          subject:
            description: Subject line.
            type: str
      latest_snapshot_name:
        description: Keep a C(_recent) copy of the newest snapshot.
        type: bool
      snapshot_name_format:
        description: Custom snapshot name format.
        type: str
      suspended:
        description: V(true) suspends scheduled backups, V(false) resumes them.
        type: bool
  schedules:
    description:
      - The appliance's built-in maintenance schedules, each with the options of M(snapcenter.vsphere.schedule).
    type: list
    elements: dict
    suboptions:
      name:
        description: The built-in schedule.
        type: str
        required: true
        choices:
          - Schedule-DatabaseDump
          - Schedule-PurgeBackups
          - Schedule-AsupDataCollection
          - Schedule-ComputeStorageSaving
          - Schedule-PurgeJobs
      cron:
        description: Quartz cron expression (6 or 7 fields, seconds first).
        type: str
        required: true
  prune:
    description:
      - Delete the resource groups and policies SCV has that are not listed in O(resource_groups) and
        O(policies). Resource groups go first, then the policies they used.
      - A kind whose list is not given at all is not pruned.
    type: bool
    default: false
  prune_storage_systems:
    description:
      - With O(prune), also remove the storage systems not listed in O(storage_systems) (and not an SVM of a
        listed cluster). Off by default, because removing storage from SCV is drastic.
    type: bool
    default: false
  prune_keep:
    description:
      - Names that O(prune) never deletes, per kind, for objects managed outside this description.
    type: dict
    suboptions:
      storage_systems:
        description: Storage system names to keep.
        type: list
        elements: str
        default: []
      policies:
        description: Policy names to keep.
        type: list
        elements: str
        default: []
      resource_groups:
        description: Resource group names to keep.
        type: list
        elements: str
        default: []
notes:
  - Only the options set on an item are compared and changed; the others keep what the appliance has.
  - Every item is checked (names, options, VM and datastore names, policy names, schedules, cron
    expressions) before the first write; a bad item fails the task with nothing changed.
  - Requests for a re-run with nothing to change are one login (none with O(token)), one list call per kind
    given, and one vCenter session plus one lookup per kind of name (VMs, datastores).
seealso:
  - module: snapcenter.vsphere.storage_system
  - module: snapcenter.vsphere.policy
  - module: snapcenter.vsphere.resource_group
  - module: snapcenter.vsphere.schedule
"""

EXAMPLES = r"""
- name: Make SCV match the desired protection state (GitOps)
  snapcenter.vsphere.protection_config:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vault_vcenter_password }}"
    ca_path: /etc/pki/scv-ca.pem
    storage_systems:
      - name: cluster1.example.com
        ontap_username: vsadmin
        ontap_password: "{{ vault_ontap_password }}"
    policies:
      - name: daily_7
        frequency: daily
        retention_count: 7
      - name: hourly_24
        frequency: hourly
        retention_count: 24
        vm_consistency: true
    resource_groups:
      - name: rg_web
        vms: [web01, web02]
        policies:
          - name: daily_7
            schedule: {every: 1, start_time: "2026-12-01T01:30"}
      - name: rg_db
        vms: [db01]
        spanning: include_all
        policies:
          - name: hourly_24
            schedule: {every: 4, start_time: "2026-12-01T00:15"}
    schedules:
      - name: Schedule-PurgeBackups
        cron: "0 0 2 * * ?"
    prune: true
  register: protection

- name: Show what was done
  ansible.builtin.debug:
    msg: "{{ protection.actions | rejectattr('action', 'equalto', 'none') | list }}"

# In a pull request pipeline: print the plan, change nothing.
#   ansible-playbook reconcile.yml --check --diff
"""

RETURN = r"""
actions:
  description:
    - One entry per object considered, in the order the writes are (or, in check mode, would be) sent.
    - In check mode this is the plan.
  returned: always
  type: list
  elements: dict
  contains:
    kind:
      description: V(storage_system), V(policy), V(resource_group) or V(schedule).
      type: str
    name:
      description: Name of the object.
      type: str
    action:
      description: V(create), V(update), V(delete) or V(none).
      type: str
    changed_options:
      description: For V(update), the options that differ.
      type: list
      elements: str
  sample:
    - {kind: policy, name: daily_7, action: create, changed_options: [frequency, retention_count]}
    - {kind: resource_group, name: rg_web, action: none, changed_options: []}
    - {kind: resource_group, name: rg_old, action: delete, changed_options: []}
storage_systems:
  description: The listed storage systems as SCV has them now (as they would be, in check mode), never a password.
  returned: when O(storage_systems) is given
  type: list
  elements: dict
policies:
  description: The listed policies as SCV has them now (as they would be, in check mode), in the policy module's vocabulary.
  returned: when O(policies) is given
  type: list
  elements: dict
resource_groups:
  description: The listed resource groups as SCV has them now (as they would be, in check mode).
  returned: when O(resource_groups) is given
  type: list
  elements: dict
schedules:
  description: The listed built-in schedules after the change (as they would be, in check mode).
  returned: when O(schedules) is given
  type: list
  elements: dict
  sample: [{"name": "Schedule-PurgeBackups", "cron": "0 0 2 * * ?", "description": "Purges expired backups"}]
diff:
  description:
    - With C(--diff), before and after of every object that changes, grouped by kind and keyed by name.
      Passwords are masked.
  returned: when diff mode is on
  type: dict
  sample:
    before: {policies: {daily_7: {}}}
    after: {policies: {daily_7: {name: daily_7, frequency: daily, retention_count: 7}}}
"""

import copy

from ansible_collections.snapcenter.vsphere.plugins.module_utils import backups as bk
from ansible_collections.snapcenter.vsphere.plugins.module_utils.engine import Engine
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvInputError
from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import ScvModule
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.policy import POLICY
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.resource_group import RESOURCE_GROUP
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.storage_system import STORAGE_SYSTEM

# (option, declaration) in the order writes are sent; deletions go in the reverse order.
KINDS = (("storage_systems", STORAGE_SYSTEM), ("policies", POLICY), ("resource_groups", RESOURCE_GROUP))
SCHEDULE_KIND = "schedule"


def item_spec(declaration):
    """A list-of-dicts option whose items take the per-resource module's own options (not retyped here)."""
    spec = dict(type="list", elements="dict", options=copy.deepcopy(declaration.argument_spec))
    for key in ("mutually_exclusive", "required_together", "required_one_of"):
        rules = getattr(declaration, key, None)
        if rules:
            spec[key] = [list(rule) for rule in rules]
    return spec


def argument_spec():
    spec = dict((option, item_spec(declaration)) for option, declaration in KINDS)
    spec["schedules"] = dict(type="list", elements="dict", options=dict(
        name=dict(type="str", required=True, choices=list(bk.BUILTIN_SCHEDULES)),
        cron=dict(type="str", required=True),
    ))
    spec["prune"] = dict(type="bool", default=False)
    spec["prune_storage_systems"] = dict(type="bool", default=False)
    spec["prune_keep"] = dict(type="dict", options=dict(
        (option, dict(type="list", elements="str", default=[])) for option, dummy in KINDS))
    return spec


# -- planning ------------------------------------------------------------------------------------------

def _check_unique(option, declaration, items):
    seen = {}
    for index, item in enumerate(items):
        key = declaration.key_of(item["name"]) if declaration is not None else item["name"]
        if key in seen:
            raise ScvInputError("%s[%d].name" % (option, index), "'%s' is listed twice (also %s[%d])" % (
                item["name"], option, seen[key]))
        seen[key] = index


def _validate_items(option, declaration, items):
    """The declaration's own checks, failing with the item's place in the list (policies[3].name)."""
    for index, item in enumerate(items):
        try:
            declaration.validate_params(item)
        except ScvInputError as error:
            raise ScvInputError("%s[%d].%s" % (option, index, error.option), error.reason)


def _pruned_names(engine, option, declaration, items, params):
    """Names of objects SCV has that the list does not mention, when this kind is pruned."""
    if items is None or not params["prune"]:
        return []
    if declaration is STORAGE_SYSTEM and not params["prune_storage_systems"]:
        return []
    # Names the user asked pruning to leave alone count as listed.
    listed = set(declaration.key_of(name) for name in (params.get("prune_keep") or {}).get(option) or [])
    for item in items:
        listed.add(declaration.key_of(item["name"]))
        if item.get("from_name"):
            listed.add(declaration.key_of(item["from_name"]))
    existing = engine.list(declaration)
    if declaration is STORAGE_SYSTEM:
        # A cluster brings its SVMs: they are listed through it.
        for stored in existing:
            if declaration.key_of(stored.get(declaration.key_field)) in listed:
                for svm in stored.get("svms") or []:
                    listed.add(declaration.key_of(svm.get("name") if isinstance(svm, dict) else svm))
    return sorted(stored.get(declaration.key_field) for stored in existing
                  if declaration.key_of(stored.get(declaration.key_field)) not in listed)


def engine_items(engine, params):
    """[(declaration, item params)]: present items in dependency order, then deletions in reverse order."""
    present, absent = [], []
    for option, declaration in KINDS:
        items = params.get(option)
        if items is None:
            continue
        _check_unique(option, declaration, items)
        _validate_items(option, declaration, items)
        present.append([(declaration, dict(item)) for item in items if item.get("state") != "absent"])
        deletions = [(declaration, dict(item)) for item in items if item.get("state") == "absent"]
        deletions += [(declaration, {"name": name, "state": "absent"})
                      for name in _pruned_names(engine, option, declaration, items, params)]
        absent.append(deletions)
    ordered = [item for group in present for item in group]
    for group in reversed(absent):
        ordered.extend(group)
    return ordered


def plan_schedules(client, schedules):
    """[(name, current, wanted, changed)], every cron checked before anything is written."""
    if schedules is None:
        return []
    _check_unique("schedules", None, schedules)
    wanted = []
    for index, item in enumerate(schedules):
        wanted.append((item["name"], bk.validate_quartz_cron(item["cron"], "schedules[%d].cron" % index)))
    current = dict((s["name"], s) for s in (bk.normalize_schedule(raw) for raw in client.call("schedules.list") or []))
    planned = []
    for index, (name, cron) in enumerate(wanted):
        if name not in current:
            raise ScvInputError("schedules[%d].name" % index, "the appliance has no schedule named '%s'" % name)
        before = current[name]
        changed = " ".join(str(before.get("cron") or "").split()) != cron
        planned.append((name, before, dict(before, cron=cron), changed))
    return planned


def action_of(plan):
    if plan.action in ("create", "delete"):
        return plan.action
    return "update" if plan.changed else "none"


# -- the task --------------------------------------------------------------------------------------------

def reconcile_protection(module):
    params = module.params
    client = module.client
    engine = Engine(client, vcenter=lambda: module.vcenter, check_mode=module.check_mode)
    items = engine_items(engine, params)
    # Everything is checked and planned before the first write.
    plans = engine.plan(items)
    schedule_plans = plan_schedules(client, params.get("schedules"))
    results = engine.apply(plans)
    if not module.check_mode:
        for name, dummy_before, after, changed in schedule_plans:
            if changed:
                client.call("schedules.update", body={bk.SCHEDULE_BODY["name"]: name,
                                                      bk.SCHEDULE_BODY["cron"]: after["cron"]})
        if any(changed for dummy_name, dummy_before, dummy_after, changed in schedule_plans):
            normalized = (bk.normalize_schedule(raw) for raw in client.call("schedules.list") or [])
            stored = dict((s["name"], s) for s in normalized)
            schedule_plans = [(name, before, stored.get(name, after), changed)
                              for name, before, after, changed in schedule_plans]

    actions = []
    objects = dict((option, []) for option, dummy in KINDS if params.get(option) is not None)
    before_diff, after_diff = {}, {}
    option_of = dict((declaration.kind, option) for option, declaration in KINDS)
    for plan, result in zip(plans, results):
        declaration = plan.declaration
        option = option_of[declaration.kind]
        actions.append({"kind": declaration.kind, "name": plan.params["name"], "action": action_of(plan),
                        "changed_options": list(plan.changed_options)})
        if plan.params.get("state", "present") != "absent":
            objects[option].append(result[declaration.kind])
        if plan.changed:
            diff = result["diff"]
            before_diff.setdefault(option, {})[plan.params["name"]] = diff["before"]
            after_diff.setdefault(option, {})[plan.params["name"]] = diff["after"]
    if schedule_plans:
        objects["schedules"] = []
    for name, before, after, changed in schedule_plans:
        actions.append({"kind": SCHEDULE_KIND, "name": name, "action": "update" if changed else "none",
                        "changed_options": ["cron"] if changed else []})
        objects["schedules"].append(after)
        if changed:
            before_diff.setdefault("schedules", {})[name] = before
            after_diff.setdefault("schedules", {})[name] = after

    result = dict(objects)
    result["changed"] = any(action["action"] != "none" for action in actions)
    result["actions"] = actions
    if module._diff:
        result["diff"] = {"before": before_diff, "after": after_diff}
    return result


def main():
    module = ScvModule(argument_spec=argument_spec(), supports_check_mode=True)
    module.run(reconcile_protection)


if __name__ == "__main__":
    main()
