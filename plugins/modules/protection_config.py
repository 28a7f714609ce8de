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
  - Two guards stop a pruning mistake before any write, in check mode too, so the plan of a merge request
    already fails. A list that names nothing to keep (empty, for example because a variable name is
    misspelt) is refused unless its kind is in O(prune_empty); a plan that deletes more than
    O(max_deletions) objects is refused, listing them.
  - In check mode with C(--diff) the task prints the whole plan (before and after of every object that
    would change, passwords masked) and sends no write. RV(actions) is the same plan as data, with the
    C(changes) of every object.
  - M(snapcenter.vsphere.protection_config_info) exports an appliance's current state in exactly these
    options (adoption of an existing appliance).
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
      # BEGIN generated: STORAGE_SYSTEM prefix=storage_systems[] -- edit plugins/module_utils/resources/storage_system.py, then run `make generate`
      name:
        description:
          - Management address or FQDN of the cluster or SVM; how SCV names the storage system.
          - Compared without regard to case.
        type: str
        required: true
      state:
        description:
          - V(present) adds or updates the storage system, V(absent) removes it.
          - SCV refuses to remove a storage system while a resource group protects something on it.
        type: str
        default: present
        choices: [present, absent]
      from_name:
        description:
          - Rename the storage system now called O(storage_systems[].from_name) to O(storage_systems[].name) (SCV 5.0+).
          - Ignored when a storage system called O(storage_systems[].name) already exists; fails when neither exists.
        type: str
      update_password:
        description:
          - V(on_create) sends O(storage_systems[].ontap_password) only when adding the storage system.
          - V(always) sends it on every run, which then always reports a change.
        type: str
        default: on_create
        choices: [on_create, always]
      ontap_username:
        description:
          - ONTAP user SCV logs in with. Required to add a storage system.
        type: str
      ontap_password:
        description:
          - Password of O(storage_systems[].ontap_username). Required to add a storage system.
          - SCV never returns it, so it is only sent as O(storage_systems[].update_password) says.
        type: str
      ontap_protocol:
        description:
          - Protocol SCV uses to reach ONTAP. V(https) when not set on create.
        type: str
        choices: [https, http]
      ontap_port:
        description:
          - Port SCV uses to reach ONTAP. V(443) for https and V(80) for http when not set on create.
        type: int
      ontap_timeout:
        description:
          - Seconds SCV waits for ONTAP. V(60) when not set on create.
        type: int
      preferred_ip:
        description:
          - Address SCV should prefer when the storage system has several. V("") for none.
        type: str
      platform_type:
        description:
          - ONTAP platform, for example V(AFF).
        type: str
      asup:
        description:
          - Send AutoSupport messages to ONTAP for failed operations. V(false) when not set on create.
        type: bool
      syslog:
        description:
          - Log SCV events to ONTAP's syslog. V(false) when not set on create.
        type: bool
      # END generated
  policies:
    description:
      - Backup policies, each with the options of M(snapcenter.vsphere.policy).
    type: list
    elements: dict
    suboptions:
      # BEGIN generated: POLICY prefix=policies[] -- edit plugins/module_utils/resources/policy.py, then run `make generate`
      name:
        description:
          - 'Name of the policy: letters, digits and C(_). SCV refuses spaces and the characters C(%&*$#@!\/:?"<>-|;'',).'
        type: str
        required: true
      state:
        description:
          - V(present) creates or updates the policy, V(absent) deletes it.
          - SCV refuses to delete a policy that a resource group uses.
        type: str
        default: present
        choices: [present, absent]
      description:
        description:
          - Free text shown in the SCV UI.
        type: str
      frequency:
        description:
          - How often resource groups back up with this policy; their schedules must fit it.
          - Required to create a policy.
        type: str
        choices: [hourly, daily, weekly, monthly, on_demand]
      retention_count:
        description:
          - Keep this many backups (1 to 1018, at least 2 with O(policies[].snapvault)).
          - One of O(policies[].retention_count) and O(policies[].retention_days) is required to create a policy.
        type: int
      retention_days:
        description:
          - Keep backups this many days.
        type: int
      snapmirror:
        description:
          - Update the SnapMirror destination after each backup.
        type: bool
      snapvault:
        description:
          - Update the SnapVault destination after each backup.
        type: bool
      snapshot_label:
        description:
          - SnapMirror label for the snapshots (at most 31 characters); V("") for none.
        type: str
      vm_consistency:
        description:
          - Take a VMware snapshot (quiesced VMs) before each backup.
        type: bool
      include_independent_disks:
        description:
          - Also back up datastores holding only independent disks.
        type: bool
      locking_period:
        description:
          - Snapshot locking (tamper-proof snapshots, SCV 5.0+).
        type: dict
        suboptions:
          value:
            description:
              - How many O(policies[].locking_period.unit)s the snapshots stay locked.
            type: int
            required: true
          unit:
            description:
              - Unit of O(policies[].locking_period.value).
            type: str
            required: true
            choices: [days, months, years]
      # END generated
  resource_groups:
    description:
      - Resource groups, each with the options of M(snapcenter.vsphere.resource_group).
      - Policies are referenced by name and may be created by this same task.
    type: list
    elements: dict
    suboptions:
      # BEGIN generated: RESOURCE_GROUP prefix=resource_groups[] -- edit plugins/module_utils/resources/resource_group.py, then run `make generate`
      name:
        description:
          - 'Name of the resource group: letters, digits and C(_). SCV refuses spaces and the characters C(%&*$#@!\/:?"<>-|;'',).'
        type: str
        required: true
      state:
        description:
          - V(present) creates or updates the resource group, V(absent) deletes it.
        type: str
        default: present
        choices: [present, absent]
      description:
        description:
          - Free text shown in the SCV UI.
        type: str
      vms:
        description:
          - The VMs to protect, by name or moref (V(vm-42)). Replaces the group's VMs; order does not matter.
          - At least one VM or datastore is required to create a group.
        type: list
        elements: str
      datastores:
        description:
          - The datastores to protect, by name or moref (V(datastore-11)). Replaces the group's datastores.
        type: list
        elements: str
      policies:
        description:
          - The policies the group backs up with, by policy name, each with its schedule. Replaces the group's policies.
          - The schedule's frequency is the policy's; V(on_demand) policies take no schedule.
          - A policy already attached keeps its schedule when O(resource_groups[].policies[].schedule) is not given.
        type: list
        elements: dict
        suboptions:
          name:
            description:
              - Name of the policy.
            type: str
            required: true
          schedule:
            description:
              - When scheduled backups run.
            type: dict
            suboptions:
              every:
                description:
                  - Every how many hours (hourly policy) or days (daily policy). V(1) when not set.
                type: int
              start_time:
                description:
                  - First run, as ISO 8601 local time of the appliance, for example V(2026-12-01T01:30).
                  - When not set, a schedule the group has already keeps its start (and it is not compared); a new schedule
                    starts at the next full hour of the controller's clock.
                type: str
              days_of_week:
                description:
                  - Days a weekly policy runs.
                type: list
                elements: str
                choices: [monday, tuesday, wednesday, thursday, friday, saturday, sunday]
              days_of_month:
                description:
                  - Days (1 to 31) a monthly policy runs.
                type: list
                elements: int
      spanning:
        description:
          - What to do with datastores that VMs of the group span besides the protected ones.
          - V(exclude_all) when not set on create.
        type: str
        choices: [exclude_all, include_all, custom]
      spanning_datastores:
        description:
          - With O(resource_groups[].spanning=custom), the spanning datastores to include, by name or moref.
        type: list
        elements: str
      notification:
        description:
          - When SCV sends email about the group's jobs. V(never) when not set on create.
        type: str
        choices: [never, always, error, error_or_warnings]
      email:
        description:
          - Email settings for O(resource_groups[].notification).
        type: dict
        suboptions:
          from:
            description:
              - Sender address.
            type: str
            required: true
          to:
            description:
              - Recipient addresses.
            type: list
            elements: str
            required: true
          subject:
            description:
              - Subject line.
            type: str
      latest_snapshot_name:
        description:
          - Keep a copy of the newest snapshot under a C(_recent) name.
        type: bool
      snapshot_name_format:
        description:
          - Custom snapshot name built from C($ResourceGroup), C($Policy), C($HostName), C($ScheduleType) and C($CustomText).
            V("") for the default name.
        type: str
      suspended:
        description:
          - V(true) suspends the group's scheduled backups, V(false) resumes them.
        type: bool
      # END generated
  schedules:
    description:
      - The appliance's built-in maintenance schedules, each with the options of M(snapcenter.vsphere.schedule).
    type: list
    elements: dict
    suboptions:
      # BEGIN generated: SCHEDULE prefix=schedules[] -- edit plugins/module_utils/resources/schedule.py, then run `make generate`
      name:
        description:
          - The built-in schedule.
        type: str
        required: true
        choices:
          - Schedule-DatabaseDump
          - Schedule-PurgeBackups
          - Schedule-AsupDataCollection
          - Schedule-ComputeStorageSaving
          - Schedule-PurgeJobs
      cron:
        description:
          - Quartz cron expression - 6 or 7 fields (seconds, minutes, hours, day of month, month, day of week, optional
            year), with V(?) in exactly one of day of month and day of week.
          - For example V(0 0 2 * * ?) (every day at 02:00) or V(0 30 1 ? * SUN) (Sundays at 01:30).
        type: str
        required: true
      # END generated
  prune:
    description:
      - Delete the resource groups and policies SCV has that are not listed in O(resource_groups) and
        O(policies). Resource groups go first, then the policies they used.
      - A kind whose list is not given at all is not pruned (not even read).
      - A kind whose list is given but names nothing to keep (V([]), or only C(state=absent) items) fails the
        task before any write when pruning would delete something, unless the kind is in O(prune_empty).
    type: bool
    default: false
  prune_empty:
    description:
      - The kinds that O(prune) may empty. Without this, a list that names nothing to keep is refused
        instead of deleting every object of its kind, because with GitOps a misspelt variable
        (C(scv_resource_group) for C(scv_resource_groups)) gives an empty list.
      - A kind listed here and not given at all is read and pruned as if its list were empty.
      - V(storage_systems) also needs O(prune_storage_systems).
    type: list
    elements: str
    choices: [storage_systems, policies, resource_groups]
    default: []
  max_deletions:
    description:
      - The most objects one run may delete (pruned objects plus C(state=absent) items that exist). A plan
        that deletes more fails before any write, listing every object it would delete, also in check mode.
      - V(0) refuses any deletion. Raise it for a planned clean-up.
    type: int
    default: 10
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
        ontap_username: admin
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
      description: For V(update), the options that differ; for V(create), the options set.
      type: list
      elements: str
    changes:
      description:
        - 'For V(update), C({option: {before, after}}) of every option that differs (a rename as C(name); a
          password sent again as C({before: null, after: "********"})).'
        - For V(create), the object as it will be created; for V(delete), the object as SCV has it; both in
          the options of the per-resource module, without C(id).
        - Empty for V(none). Never holds a password.
      type: dict
  sample:
    - kind: policy
      name: daily_7
      action: create
      changed_options: [frequency, retention_count]
      changes: {name: daily_7, description: "", frequency: daily, retention_count: 7, retention_days: null}
    - kind: policy
      name: hourly_24
      action: update
      changed_options: [retention_count]
      changes: {retention_count: {before: 24, after: 48}}
    - {kind: resource_group, name: rg_web, action: none, changed_options: [], changes: {}}
    - kind: resource_group
      name: rg_old
      action: delete
      changed_options: []
      changes: {name: rg_old, vms: [app01], policies: [{name: weekly_old, schedule: null}]}
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

from ansible_collections.snapcenter.vsphere.plugins.module_utils._protection import KINDS
from ansible_collections.snapcenter.vsphere.plugins.module_utils.engine import BulkKind, Engine
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvInputError
from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_operation

# The documented default of max_deletions.
DEFAULT_MAX_DELETIONS = 10


def item_spec(declaration):
    """A list-of-dicts option whose items take the per-resource module's own options (not retyped here)."""
    spec = dict(type="list", elements="dict", options=copy.deepcopy(declaration.argument_spec))
    if declaration.mutually_exclusive:
        spec["mutually_exclusive"] = [list(rule) for rule in declaration.mutually_exclusive]
    return spec


def argument_spec():
    spec = dict((option, item_spec(declaration)) for option, declaration, dummy in KINDS)
    prunable = [option for option, declaration, dummy in KINDS if not declaration.update_only]
    spec["prune"] = dict(type="bool", default=False)
    spec["prune_storage_systems"] = dict(type="bool", default=False)
    spec["prune_empty"] = dict(type="list", elements="str", choices=prunable, default=[])
    spec["max_deletions"] = dict(type="int", default=DEFAULT_MAX_DELETIONS)
    spec["prune_keep"] = dict(type="dict", options=dict(
        (option, dict(type="list", elements="str", default=[]))
        for option, declaration, dummy in KINDS if not declaration.update_only))
    return spec


def bulk_kinds(params):
    keep = params.get("prune_keep") or {}
    empty = params.get("prune_empty") or []
    return [BulkKind(option, declaration, params.get(option), keep=keep.get(option),
                     prune=params["prune"] and (also is None or params[also]), prune_empty=option in empty)
            for option, declaration, also in KINDS]


def reconcile_protection(module):
    if module.params["max_deletions"] < 0:
        raise ScvInputError("max_deletions", "must be 0 or more, got %d" % module.params["max_deletions"])
    engine = Engine(module.client, vcenter=lambda: module.vcenter, check_mode=module.check_mode, warn=module.warn)
    return engine.reconcile_bulk(bulk_kinds(module.params), diff=module._diff,
                                 max_deletions=module.params["max_deletions"])


def main():
    run_operation(reconcile_protection, argument_spec())


if __name__ == "__main__":
    main()
