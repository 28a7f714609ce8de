#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: job
short_description: Mark a job stuck in running as failed
version_added: 0.1.0
description:
  - Marks a job that is stuck in the running state as failed (the appliance's C(failJobs)), so its
    resource group can be backed up again.
  - A job that is already failed is left alone (C(changed=false)); a job that ended otherwise
    (completed, warning) is an error.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
options:
  id:
    description: Id of the job.
    type: str
    required: true
  state:
    description: V(failed) marks the job failed.
    type: str
    choices: [failed]
    default: failed
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.check_mode_full
  - snapcenter.vsphere.attributes.diff_none
"""

EXAMPLES = r"""
- name: Find the backup jobs still running
  snapcenter.vsphere.job_info:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vault_scv_password }}"
    ca_path: /etc/pki/scv-ca.pem
    type: backup
    status: running
  register: running_jobs

- name: Mark them failed, so their resource groups can be backed up again
  snapcenter.vsphere.job:
    id: "{{ item.id }}"
    state: failed
  loop: "{{ running_jobs.jobs }}"
  loop_control:
    label: "{{ item.id }} {{ item.name }}"
"""

RETURN = r"""
job:
  description:
    - The job after the change, shaped like RV(snapcenter.vsphere.job_info#module:job).
    - In check mode, the job as it would be (status V(failed)).
  returned: always
  type: dict
  sample: {"id": "17", "type": "backup", "status": "failed", "messages": ["Marked failed by the user"]}
"""

from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops import jobs
from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_operation

OPTIONS = dict(
    id=dict(type="str", required=True),
    state=dict(type="str", choices=["failed"], default="failed"),
)


def main():
    run_operation(jobs.job, OPTIONS)


if __name__ == "__main__":
    main()
