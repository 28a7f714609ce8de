#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: backup
short_description: Run an on-demand backup of a resource group
version_added: 0.1.0
description:
  - Starts an on-demand backup (C(backupnow)) of a resource group with one of its policies and, by default,
    waits for the job.
  - With O(max_age) the backup is skipped (C(changed=false)) when the newest completed backup of that group
    and policy is younger, which makes "make sure a fresh backup exists" idempotent.
  - A failed job fails the task with the job's own messages and id.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
options:
  resource_group:
    description:
      - Name of the resource group to back up.
    type: str
    required: true
  policy:
    description:
      - Name of the policy to back up with; it must be attached to the resource group.
      - Defaults to the group's only policy; a group with several policies needs this option.
    type: str
  max_age:
    description:
      - Skip the backup when the newest completed backup of this group and policy is younger than this.
      - A number and a unit C(s), C(m), C(h), C(d) or C(w), for example V(90m), V(24h), V(7d), V(1d12h).
      - Backup times are the appliance's local times; they are compared with the local time of the host
        the module runs on.
    type: str
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.wait
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.check_mode_full
  - snapcenter.vsphere.attributes.diff_none
notes:
  - In check mode nothing is sent to the appliance but reads; the task reports C(changed=true) unless
    O(max_age) finds a fresh backup.
"""

EXAMPLES = r"""
- name: Back up the web servers now
  snapcenter.vsphere.backup:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vault_scv_password }}"
    ca_path: /etc/pki/scv-ca.pem
    resource_group: rg_web
  register: web_backup

- name: Make sure a backup younger than a day exists (skipped when there is one)
  snapcenter.vsphere.backup:
    resource_group: rg_db
    policy: daily_7
    max_age: 24h

- name: Start the backup and go on without waiting
  snapcenter.vsphere.backup:
    resource_group: rg_web
    wait: false
  register: started

- name: Wait for it later
  snapcenter.vsphere.job_info:
    id: "{{ started.job.id }}"
    wait: true
"""

RETURN = r"""
job:
  description:
    - The backup job as M(snapcenter.vsphere.job_info) returns it (C(id), C(status), C(messages), times).
    - Only C(id) and C(status=running) when O(wait=false); null when nothing was started.
  returned: always
  type: dict
  sample: {"id": "17", "status": "completed", "type": "backup", "messages": ["Backup completed"]}
backup:
  description:
    - The backup the job made (when waited for), or the fresh backup that made O(max_age) skip.
    - Keys as in RV(snapcenter.vsphere.backup_info#module:backups); C(time) is the start time in ISO 8601.
  returned: always
  type: dict
  sample: {"id": "42", "name": "rg_web_11-28-2026_01.30.05.0012", "time": "2026-11-28T01:30:05",
           "status": "completed", "locations": ["primary"]}
msg:
  description: Why the backup was skipped.
  returned: when O(max_age) skipped the backup
  type: str
"""

from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops import backups
from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_operation

OPTIONS = dict(
    resource_group=dict(type="str", required=True),
    policy=dict(type="str"),
    max_age=dict(type="str"),
)


def main():
    run_operation(backups.backup, OPTIONS, wait=True)


if __name__ == "__main__":
    main()
