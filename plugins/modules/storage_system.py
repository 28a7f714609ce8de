#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: storage_system
short_description: Add, change, rename or remove an ONTAP storage system in SCV
version_added: 0.1.0
description:
  - Adds an ONTAP cluster or SVM to the SnapCenter Plug-in for VMware vSphere appliance, changes its
    settings, renames it, or removes it.
  - Adding a cluster also adds the SVMs it brings.
  - Options for the ONTAP side carry the C(ontap_) prefix so they never collide with the connection
    options (O(username), O(password), O(port), O(timeout)) that reach SCV, also under C(module_defaults).
author:
  - snapcenter.vsphere maintainers (@snapcenter)
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.check_mode_full
  - snapcenter.vsphere.attributes.diff_full
options:
  # BEGIN generated: STORAGE_SYSTEM -- edit plugins/module_utils/resources/storage_system.py, then run `make generate`
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
      - Rename the storage system now called O(from_name) to O(name) (SCV 5.0+).
      - Ignored when a storage system called O(name) already exists; fails when neither exists.
    type: str
  update_password:
    description:
      - V(on_create) sends O(ontap_password) only when adding the storage system.
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
      - Password of O(ontap_username). Required to add a storage system.
      - SCV never returns it, so it is only sent as O(update_password) says.
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
notes:
  - Only the options you set are compared and changed; the others keep what the appliance has.
seealso:
  - module: snapcenter.vsphere.storage_system_info
"""

EXAMPLES = r"""
- name: Add an ONTAP cluster
  snapcenter.vsphere.storage_system:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vcenter_password }}"
    ca_path: /etc/pki/scv-ca.pem
    name: cluster1.example.com
    ontap_username: admin
    ontap_password: "{{ ontap_password }}"
    asup: true

- name: Add an SVM of another cluster on its own, with its SVM administrator
  snapcenter.vsphere.storage_system:
    name: svm1.example.com
    ontap_username: vsadmin
    ontap_password: "{{ ontap_password }}"

- name: Rename the SVM after its address changed
  snapcenter.vsphere.storage_system:
    name: svm2.example.com
    from_name: svm1.example.com

- name: Remove a storage system
  snapcenter.vsphere.storage_system:
    name: cluster1.example.com
    state: absent
"""

RETURN = r"""
storage_system:
  description:
    - The storage system as SCV has it now (as it would be, in check mode), with the module's option
      names plus C(id). Never includes the password.
    - Empty when O(state=absent).
  returned: always
  type: dict
  sample:
    id: "3"
    name: cluster1.example.com
    ontap_username: vsadmin
    ontap_protocol: https
    ontap_port: 443
    ontap_timeout: 60
    preferred_ip: ""
    platform_type: AFF
    asup: true
    syslog: false
"""

from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_resource_module
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.storage_system import STORAGE_SYSTEM


def main():
    run_resource_module(STORAGE_SYSTEM)


if __name__ == "__main__":
    main()
