#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: storage_system_info
short_description: List the ONTAP storage systems SCV knows
version_added: 0.1.0
description:
  - Lists every storage system (ONTAP cluster or SVM) of the SnapCenter Plug-in for VMware vSphere
    appliance, or the one with a given name.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.info_module
options:
  name:
    description:
      - Only the storage system with this management address or FQDN (compared without regard to case).
    type: str
seealso:
  - module: snapcenter.vsphere.storage_system
"""

EXAMPLES = r"""
- name: List all storage systems
  snapcenter.vsphere.storage_system_info:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vcenter_password }}"
    ca_path: /etc/pki/scv-ca.pem
  register: storage

- name: Show their names
  ansible.builtin.debug:
    msg: "{{ storage.storage_systems | map(attribute='name') }}"
"""

RETURN = r"""
storage_systems:
  description:
    - Every storage system (or the one named), with the option names of
      M(snapcenter.vsphere.storage_system) plus C(id). Never includes a password.
  returned: always
  type: list
  elements: dict
  sample:
    - id: "3"
      name: cluster1.example.com
      ontap_username: vsadmin
      ontap_protocol: https
      ontap_port: 443
      ontap_timeout: 60
      preferred_ip: ""
      platform_type: AFF
      asup: false
      syslog: false
"""

from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_info_module
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.storage_system import STORAGE_SYSTEM


def main():
    run_info_module(STORAGE_SYSTEM)


if __name__ == "__main__":
    main()
