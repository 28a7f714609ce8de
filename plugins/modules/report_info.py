#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: report_info
short_description: Report protected and unprotected VMs
version_added: 0.1.0
description:
  - Returns the appliance's reports of protected VMs (a good backup in the last 7 days) and of unprotected
    VMs, with their counts.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
options:
  report:
    description: Which report.
    type: str
    choices: [protected, unprotected, all]
    default: all
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.info_module
"""

EXAMPLES = r"""
- name: Protection report
  snapcenter.vsphere.report_info:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vault_scv_password }}"
    ca_path: /etc/pki/scv-ca.pem
  register: report

- name: Fail when a VM is unprotected
  ansible.builtin.assert:
    that: report.counts.unprotected == 0
    fail_msg: "Unprotected: {{ report.unprotected | map(attribute='name') | join(', ') }}"
"""

RETURN = r"""
protected:
  description: The protected VMs.
  returned: when O(report) is V(protected) or V(all)
  type: list
  elements: dict
  contains:
    name:
      description: VM name.
      type: str
    moref:
      description: VM moref.
      type: str
    resource_groups:
      description: Names of the resource groups that protect the VM.
      type: list
      elements: str
    last_backup_name:
      description: Name of the VM's newest backup.
      type: str
    last_backup_time:
      description: Its time as the appliance sends it.
      type: str
    last_backup_time_iso:
      description: Its time in ISO 8601.
      type: str
    last_backup_status:
      description: Its status, lowercase.
      type: str
  sample: [{"name": "web01", "moref": "vm-101", "resource_groups": ["rg_web"], "last_backup_status": "completed"}]
unprotected:
  description: The unprotected VMs (C(name), C(moref); the other keys of RV(protected) are null).
  returned: when O(report) is V(unprotected) or V(all)
  type: list
  elements: dict
counts:
  description: How many VMs each returned report lists.
  returned: always
  type: dict
  sample: {"protected": 3, "unprotected": 1}
"""

from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops import reports
from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_operation

OPTIONS = dict(
    report=dict(type="str", choices=["protected", "unprotected", "all"], default="all"),
)


def main():
    run_operation(reports.report_info, OPTIONS)


if __name__ == "__main__":
    main()
