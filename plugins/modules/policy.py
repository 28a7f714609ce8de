#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: policy
short_description: Create, change or delete an SCV backup policy
version_added: 0.1.0
description:
  - Creates, changes or deletes a backup policy of the SnapCenter Plug-in for VMware vSphere appliance, saying
    how often resource groups using it are backed up, how long backups are kept, and whether they are
    replicated.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.check_mode_full
  - snapcenter.vsphere.attributes.diff_full
options:
  # BEGIN generated: POLICY -- edit plugins/module_utils/resources/policy.py, then run `make generate`
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
      - Keep this many backups (1 to 1018, at least 2 with O(snapvault)).
      - One of O(retention_count) and O(retention_days) is required to create a policy.
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
          - How many O(locking_period.unit)s the snapshots stay locked.
        type: int
        required: true
      unit:
        description:
          - Unit of O(locking_period.value).
        type: str
        required: true
        choices: [days, months, years]
  # END generated
notes:
  - Only the options you set are compared and changed; the others keep what the appliance has.
seealso:
  - module: snapcenter.vsphere.policy_info
  - module: snapcenter.vsphere.resource_group
"""

EXAMPLES = r"""
- name: Daily backups kept for two weeks, replicated with SnapVault
  snapcenter.vsphere.policy:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vcenter_password }}"
    ca_path: /etc/pki/scv-ca.pem
    name: daily_14d
    frequency: daily
    retention_days: 14
    snapvault: true
    snapshot_label: daily

- name: Keep the last 10 hourly backups, locked for 7 days
  snapcenter.vsphere.policy:
    name: hourly_10
    frequency: hourly
    retention_count: 10
    locking_period:
      value: 7
      unit: days

- name: Delete a policy
  snapcenter.vsphere.policy:
    name: hourly_10
    state: absent
"""

RETURN = r"""
policy:
  description:
    - The policy as SCV has it now (as it would be, in check mode), with the module's option names plus C(id).
    - Empty when O(state=absent).
  returned: always
  type: dict
  sample:
    id: "7"
    name: daily_14d
    description: ""
    frequency: daily
    retention_count: null
    retention_days: 14
    snapmirror: false
    snapvault: true
    snapshot_label: daily
    vm_consistency: false
    include_independent_disks: false
    locking_period: null
"""

from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_resource_module
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.policy import POLICY


def main():
    run_resource_module(POLICY)


if __name__ == "__main__":
    main()
