#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: job_info
short_description: Read appliance jobs, wait for one, download its log
version_added: 0.1.0
description:
  - With O(id), returns that job as RV(job), optionally after waiting until it ends, and can write its log
    to a file (O(logs_dest)).
  - Without O(id), returns the jobs as RV(jobs), newest first, filtered by O(type), O(status) and O(newer_than).
  - A failed job is reported, not treated as an error of the task.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
options:
  id:
    description: Id of one job.
    type: str
  wait:
    description: With O(id), wait until the job has ended.
    type: bool
    default: false
  wait_timeout:
    description: Seconds to wait with O(wait=true); when they run out the task fails with the job's last status.
    type: int
    default: 900
  logs_dest:
    description:
      - With O(id), write the job's log (plain text) to this file on the host the module runs on.
      - The file is written only when its content differs (not in check mode).
    type: path
  type:
    description: Only jobs of this type.
    type: str
    choices: [backup, restore, mountBackup, unmountBackup, attachVmdk, detachVmdk, restoreVmdk]
  status:
    description: Only jobs with this status.
    type: str
    choices: [running, completed, failed, warning]
  newer_than:
    description:
      - Only jobs started after this point.
      - A duration back from now (V(24h), V(7d)) or an ISO 8601 local time (V(2026-11-01T08:00)).
    type: str
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.info_module
"""

EXAMPLES = r"""
- name: Download the log of a job
  snapcenter.vsphere.job_info:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vault_scv_password }}"
    ca_path: /etc/pki/scv-ca.pem
    id: "{{ restored.job.id }}"
    logs_dest: /tmp/restore-job.log

- name: Failed backup jobs of the last day
  snapcenter.vsphere.job_info:
    type: backup
    status: failed
    newer_than: 24h
  register: failed_backups

- name: Wait for a job started with wait=false
  snapcenter.vsphere.job_info:
    id: "{{ started.job.id }}"
    wait: true
    wait_timeout: 1800
"""

RETURN = r"""
job:
  description: The job asked for with O(id).
  returned: when O(id) is given
  type: dict
  contains:
    id:
      description: Job id, as a string.
      type: str
    name:
      description: Job name.
      type: str
    type:
      description: Job type (V(backup), V(restore), V(mountBackup), ...).
      type: str
    status:
      description: V(running), V(completed), V(failed) or V(warning).
      type: str
    start_time:
      description: Start time as the appliance sends it.
      type: str
    end_time:
      description: End time as the appliance sends it; null while running.
      type: str
    start_time_iso:
      description: ISO 8601 form of the start time.
      type: str
    end_time_iso:
      description: ISO 8601 form of the end time.
      type: str
    resource_group_id:
      description: Id of the resource group of a backup job.
      type: str
    backup_id:
      description:
        - Id of the backup the job works on (restore, VMDK, mount jobs) or that a completed backup job made.
      type: str
    entities:
      description:
        - What the job works on - C(moref), C(name), C(type) (V(vm) or V(datastore)) and, for the VM of a
          restore, C(uuid) (its instance UUID; C(moref) is null for a deleted VM until it exists again).
        - Empty when the appliance does not say.
      type: list
      elements: dict
    messages:
      description: The job's own messages.
      type: list
      elements: str
  sample: {"id": "17", "type": "backup", "status": "completed", "messages": ["Backup completed"]}
jobs:
  description: The jobs that pass the filters, newest first, each shaped like RV(job).
  returned: when O(id) is not given
  type: list
  elements: dict
logs_dest:
  description: Where the log was written.
  returned: when O(logs_dest) is given
  type: str
logs_changed:
  description: Whether the log file was written (or would be, in check mode).
  returned: when O(logs_dest) is given
  type: bool
"""

from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops import jobs
from ansible_collections.snapcenter.vsphere.plugins.module_utils.api import JOB_TYPES
from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_operation

OPTIONS = dict(
    id=dict(type="str"),
    wait=dict(type="bool", default=False),
    wait_timeout=dict(type="int", default=900),
    logs_dest=dict(type="path"),
    type=dict(type="str", choices=list(JOB_TYPES)),
    status=dict(type="str", choices=["running", "completed", "failed", "warning"]),
    newer_than=dict(type="str"),
)


def main():
    run_operation(jobs.job_info, OPTIONS, mutually_exclusive=[("id", "type"), ("id", "status"), ("id", "newer_than")],
                  required_by={"logs_dest": "id"})


if __name__ == "__main__":
    main()
