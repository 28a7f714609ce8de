#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: resource_group_info
short_description: List SCV resource groups
version_added: 0.1.0
description:
  - Lists every resource group of the SnapCenter Plug-in for VMware vSphere appliance, or the one with
    a given name, with its VMs, datastores, policies and schedules.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.info_module
options:
  name:
    description:
      - Only the resource group with this name.
    type: str
seealso:
  - module: snapcenter.vsphere.resource_group
"""

EXAMPLES = r"""
- name: List suspended resource groups
  snapcenter.vsphere.resource_group_info:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vcenter_password }}"
    ca_path: /etc/pki/scv-ca.pem
  register: found

- name: Show them
  ansible.builtin.debug:
    msg: "{{ found.resource_groups | selectattr('suspended') | map(attribute='name') }}"
"""

RETURN = r"""
resource_groups:
  description:
    - Every resource group (or the one named), with the option names of
      M(snapcenter.vsphere.resource_group) plus C(id); VMs and datastores by name.
    - A policy's C(schedule) holds only the options its frequency takes (the others are null), so it can be
      given back to M(snapcenter.vsphere.resource_group) as it is.
  returned: always
  type: list
  elements: dict
  sample:
    - id: "12"
      name: web_tier
      description: ""
      vms: [web01, web02]
      datastores: []
      policies:
        - name: daily_14d
          schedule: {every: 1, start_time: "2026-12-01T01:30", days_of_week: null, days_of_month: null}
      spanning: exclude_all
      spanning_datastores: []
      notification: never
      email: null
      latest_snapshot_name: false
      snapshot_name_format: null
      suspended: false
"""

from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_info_module
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.resource_group import RESOURCE_GROUP


def main():
    run_info_module(RESOURCE_GROUP)


if __name__ == "__main__":
    main()
