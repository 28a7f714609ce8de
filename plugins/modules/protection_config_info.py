#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: protection_config_info
short_description: Export the whole SCV protection setup as protection_config's desired state
version_added: 0.1.0
description:
  - Reads the storage systems, backup policies, resource groups and built-in schedules of the SnapCenter
    Plug-in for VMware vSphere appliance and returns them as RV(desired_state), in exactly the options of
    M(snapcenter.vsphere.protection_config)'s items. This is how an existing appliance is adopted into
    GitOps - nobody retypes what was made in the UI.
  - VMs and datastores are written by their vCenter names, policies of a resource group by policy name,
    schedules with their options, start times as ISO 8601. A VM or datastore whose name is not unique in
    vCenter is written as its moref, with a warning, so that the export applies to the same object.
  - Storage systems come without passwords (SCV never returns them); an SVM that a registered cluster
    brings is not listed on its own. Items are sorted by name, lists of names are sorted.
  - Every exported item is checked by planning it against the object it came from. An object the options
    cannot express is left out of RV(desired_state), named in a warning and listed in RV(prune_keep), so
    that applying the export with pruning neither changes nor deletes it.
  - Applying RV(desired_state) to the same appliance with M(snapcenter.vsphere.protection_config)
    (O(snapcenter.vsphere.protection_config#module:prune=true), with RV(prune_keep)) reports no change
    and sends no write.
  - The playbook C(snapcenter.vsphere.export) writes the result as group_vars YAML, each ONTAP password as a
    reference to a vaulted variable, never as a value.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.info_module
options: {}
notes:
  - Requests are one login (none with O(token)), one list call per kind, and when resource groups protect
    VMs or datastores one vCenter session plus two look-ups per kind of name (by moref, then by name to
    check that each name finds one object).
seealso:
  - module: snapcenter.vsphere.protection_config
"""

EXAMPLES = r"""
- name: Read the appliance's current protection state
  snapcenter.vsphere.protection_config_info:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vault_vcenter_password }}"
    ca_path: /etc/pki/scv-ca.pem
  register: current

- name: Applying it again changes nothing (the round trip)
  snapcenter.vsphere.protection_config:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vault_vcenter_password }}"
    ca_path: /etc/pki/scv-ca.pem
    storage_systems: "{{ current.desired_state.storage_systems }}"
    policies: "{{ current.desired_state.policies }}"
    resource_groups: "{{ current.desired_state.resource_groups }}"
    schedules: "{{ current.desired_state.schedules }}"
    prune: true
    prune_keep: "{{ current.prune_keep }}"

# Write it as group_vars ready to commit (passwords as vault references):
#   ansible-playbook -i inventory snapcenter.vsphere.export -e scv_export_file=group_vars/scv_appliances/protection.yml
"""

RETURN = r"""
desired_state:
  description:
    - The appliance's configuration as M(snapcenter.vsphere.protection_config) options, one list per kind,
      each item in that module's item options (never C(id), never a password), sorted by name.
    - Options SCV has no value for are left out (for example C(locking_period) of a policy without locking).
  returned: always
  type: dict
  contains:
    storage_systems:
      description: Registered clusters and SVMs (not the SVMs a registered cluster brings).
      type: list
      elements: dict
    policies:
      description: Backup policies.
      type: list
      elements: dict
    resource_groups:
      description: Resource groups, VMs and datastores by name, policies by name with their schedules.
      type: list
      elements: dict
    schedules:
      description: The built-in schedules with their cron expressions.
      type: list
      elements: dict
  sample:
    storage_systems:
      - {name: cluster1.demo.local, ontap_username: admin, ontap_protocol: https, ontap_port: 443,
         ontap_timeout: 60, preferred_ip: "", platform_type: AFF, asup: false, syslog: false}
    policies:
      - {name: daily_7, description: "", frequency: daily, retention_count: 7, snapmirror: false,
         snapvault: false, snapshot_label: "", vm_consistency: false, include_independent_disks: false}
    resource_groups:
      - name: rg_web
        description: Web tier
        vms: [web01, web02]
        datastores: []
        policies: [{name: daily_7, schedule: {every: 1, start_time: "2026-12-01T01:30"}}]
        spanning: exclude_all
        notification: never
        latest_snapshot_name: false
        snapshot_name_format: ""
        suspended: false
    schedules:
      - {name: Schedule-PurgeBackups, cron: "0 0 2 * * ?"}
unmanaged:
  description: The objects left out of RV(desired_state) because the options cannot express them, and why.
  returned: always
  type: list
  elements: dict
  contains:
    kind:
      description: V(storage_system), V(policy), V(resource_group) or V(schedule).
      type: str
    option:
      description: The list option of M(snapcenter.vsphere.protection_config) it belongs to.
      type: str
    name:
      description: Name of the object.
      type: str
    reason:
      description: Why it cannot be expressed.
      type: str
prune_keep:
  description:
    - The names of RV(unmanaged) per kind, ready for
      O(snapcenter.vsphere.protection_config#module:prune_keep), so that pruning leaves them alone.
  returned: always
  type: dict
  sample: {storage_systems: [], policies: [], resource_groups: []}
"""

from ansible_collections.snapcenter.vsphere.plugins.module_utils._protection import export_state
from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_operation


def main():
    run_operation(lambda module: export_state(module.client, lambda: module.vcenter, module.warn))


if __name__ == "__main__":
    main()
