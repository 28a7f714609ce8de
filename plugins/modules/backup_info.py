#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: backup_info
short_description: List the backups of a VM, a deleted VM, a datastore or a resource group
version_added: 0.1.0
description:
  - Lists backups newest first, with the appliance's own time strings and their ISO 8601 forms.
  - Exactly one of O(vm), O(vm_uuid), O(datastore) and O(resource_group) says whose backups.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
options:
  vm:
    description: VM name or moref (V(vm-42)); names are looked up in vCenter.
    type: str
  vm_uuid:
    description: Instance UUID of a VM, which also works after the VM was deleted.
    type: str
  datastore:
    description: Datastore name or moref (V(datastore-11)).
    type: str
  resource_group:
    description: Resource group name; lists the backups of all its VMs and datastores made by that group.
    type: str
  name:
    description: Only the backup with this name.
    type: str
  status:
    description: Only backups with one of these statuses.
    type: list
    elements: str
    choices: [completed, failed, partial]
  latest:
    description: Only the newest backup that passes the other filters.
    type: bool
    default: false
  newer_than:
    description:
      - Only backups started after this point.
      - A duration back from now (V(24h), V(7d), V(1w)) or an ISO 8601 local time (V(2026-11-01T08:00)).
    type: str
  older_than:
    description:
      - Only backups started before this point; same forms as O(newer_than).
    type: str
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.info_module
"""

EXAMPLES = r"""
- name: Newest backup of a VM
  snapcenter.vsphere.backup_info:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vault_scv_password }}"
    ca_path: /etc/pki/scv-ca.pem
    vm: web01
    latest: true
  register: newest

- name: Completed backups of a resource group from the last week
  snapcenter.vsphere.backup_info:
    resource_group: rg_web
    status: [completed]
    newer_than: 7d

- name: Backups of a VM that was deleted in vCenter, by its instance UUID
  snapcenter.vsphere.backup_info:
    vm_uuid: 50123e4a-0006-4c6b-9a10-000000000106
"""

RETURN = r"""
backups:
  description: The backups, newest first.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Backup id (as the appliance sends it).
      type: raw
    name:
      description: Backup name.
      type: str
    status:
      description: V(completed), V(failed) or V(partial).
      type: str
    time:
      description: Start time in ISO 8601 (appliance-local).
      type: str
    start_time:
      description: Start time as the appliance sends it (C(MM/DD/YYYY hh:mm:ss AM|PM)).
      type: str
    start_time_iso:
      description: ISO 8601 form of RV(backups[].start_time).
      type: str
    end_time:
      description: End time as the appliance sends it.
      type: str
    end_time_iso:
      description: ISO 8601 form of RV(backups[].end_time).
      type: str
    resource_group:
      description: Name of the resource group that made the backup.
      type: str
    resource_group_id:
      description: Id of that resource group.
      type: raw
    policy:
      description: Name of the policy the backup was made with.
      type: str
    policy_id:
      description: Id of that policy.
      type: raw
    vm_consistent:
      description: Whether VMware snapshots made the backup VM-consistent.
      type: bool
    mounted:
      description: Whether a copy of the backup is mounted.
      type: bool
    locations:
      description: V(primary), and V(secondary) when the backup was replicated.
      type: list
      elements: str
    entities:
      description: The VMs and datastores in the backup (C(moref), C(name), C(type)).
      type: list
      elements: dict
  sample:
    - id: "42"
      name: rg_web_11-28-2026_01.30.05.0012
      status: completed
      time: "2026-11-28T01:30:05"
      start_time: 11/28/2026 01:30:05 AM
      locations: [primary]
"""

from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops import backups
from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_operation

SOURCES = ["vm", "vm_uuid", "datastore", "resource_group"]

OPTIONS = dict(
    vm=dict(type="str"),
    vm_uuid=dict(type="str"),
    datastore=dict(type="str"),
    resource_group=dict(type="str"),
    name=dict(type="str"),
    status=dict(type="list", elements="str", choices=["completed", "failed", "partial"]),
    latest=dict(type="bool", default=False),
    newer_than=dict(type="str"),
    older_than=dict(type="str"),
)


def main():
    run_operation(backups.backup_info, OPTIONS, mutually_exclusive=[SOURCES], required_one_of=[SOURCES])


if __name__ == "__main__":
    main()
