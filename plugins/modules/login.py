#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: login
short_description: Log in to SCV once and return the token for later tasks
version_added: 0.1.0
description:
  - Logs in to the SnapCenter Plug-in for VMware vSphere appliance with vCenter credentials and returns
    the session token, so the tasks of a play can reuse one login through their O(token) option or
    C(module_defaults).
  - The token lasts 120 minutes by default (an appliance setting). Modules given both a token and
    credentials log in again once when the token has expired.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.info_module
options: {}
notes:
  - Always reports C(changed=false), as logging in changes nothing on the appliance.
  - A wrong password fails with C(authentication failed for <host>); the password is never shown.
seealso:
  - module: snapcenter.vsphere.policy
"""

EXAMPLES = r"""
- name: Configure SCV with one login
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Log in
      snapcenter.vsphere.login:
        hostname: scv.example.com
        username: administrator@vsphere.local
        password: "{{ vcenter_password }}"
        ca_path: /etc/pki/scv-ca.pem
      register: scv_login
      no_log: true

    - name: Use the token for the following tasks
      module_defaults:
        group/snapcenter.vsphere.scv:
          hostname: scv.example.com
          ca_path: /etc/pki/scv-ca.pem
          token: "{{ scv_login.token }}"
      block:
        - name: A policy
          snapcenter.vsphere.policy:
            name: daily_14d
            frequency: daily
            retention_days: 14
"""

RETURN = r"""
token:
  description:
    - The session token, sent as the C(Token) header by modules given it as O(token).
    - It grants access to the appliance until it expires; register it with C(no_log) to keep it out of logs.
  returned: success
  type: str
  sample: 6c1f3c5e-0f0b-4c55-9d6a-2b7f9a5c8e21
"""

from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_operation


def log_in(module):
    # Log in even in check mode: it writes nothing, and later tasks of a checked play need the token.
    return {"changed": False, "token": module.client.login()}


def main():
    run_operation(log_in)


if __name__ == "__main__":
    main()
