#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: policy_info
short_description: List SCV backup policies
version_added: 0.1.0
description:
  - Lists every backup policy of the SnapCenter Plug-in for VMware vSphere appliance, or the one with a
    given name.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.info_module
options:
  name:
    description:
      - Only the policy with this name.
    type: str
seealso:
  - module: snapcenter.vsphere.policy
"""

EXAMPLES = r"""
- name: Read one policy
  snapcenter.vsphere.policy_info:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vcenter_password }}"
    ca_path: /etc/pki/scv-ca.pem
    name: daily_14d
  register: found

- name: Copy it under another name (the result uses the policy module's option names)
  snapcenter.vsphere.policy:
    name: daily_copy
    frequency: "{{ found.policies[0].frequency }}"
    retention_count: "{{ found.policies[0].retention_count | default(omit, true) }}"
    retention_days: "{{ found.policies[0].retention_days | default(omit, true) }}"
    snapvault: "{{ found.policies[0].snapvault }}"
    snapshot_label: "{{ found.policies[0].snapshot_label }}"
  when: found.policies | length == 1
"""

RETURN = r"""
policies:
  description:
    - Every policy (or the one named), with the option names of M(snapcenter.vsphere.policy) plus C(id).
  returned: always
  type: list
  elements: dict
  sample:
    - id: "7"
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

from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_info_module
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.policy import POLICY


def main():
    run_info_module(POLICY)


if __name__ == "__main__":
    main()
