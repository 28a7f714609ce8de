#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vmdk
short_description: Attach virtual disks from a backup to a VM, or detach them
version_added: 0.1.0
description:
  - With O(state=attached), attaches disks of a VM's backup to that VM or to another VM (O(target_vm)),
    for example to copy files out of them.
  - With O(state=detached), detaches disks that were attached from a backup.
  - Idempotent - disks already attached from that backup are not attached again, and detaching disks
    that are not attached reports C(changed=false). The current disks of the VM (and which backup each
    was attached from) are read from the appliance. A VM lists a disk only once its attach job has ended, so an
    attach of the same backup to the same VM that is still running - a relaunched AWX job, a re-run playbook -
    is waited on and the disks read again, instead of attaching them twice (RV(earlier_job)). In check mode the
    running attach is not waited on and is reported as what attaches the disks.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
options:
  vm:
    description: Name or moref of the VM whose backup holds the disks.
    type: str
    required: true
  backup:
    description:
      - Which backup - V(latest), a backup name, or a backup id.
      - O(state=attached) defaults to V(latest).
      - O(state=detached) without it detaches disks attached from any backup.
    type: str
  vmdks:
    description:
      - The disks - paths as the backup lists them (V([nfs_ds01] web01/web01.vmdk), or without the datastore
        part), or V(all).
    type: list
    elements: str
    required: true
  target_vm:
    description: Name or moref of another VM to attach the disks to (or detach them from). Default - O(vm).
    type: str
  state:
    description: V(attached) or V(detached).
    type: str
    choices: [attached, detached]
    default: attached
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.wait
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.check_mode_full
  - snapcenter.vsphere.attributes.diff_none
"""

EXAMPLES = r"""
- name: Attach the data disk of last night's backup to a helper VM
  snapcenter.vsphere.vmdk:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vault_scv_password }}"
    ca_path: /etc/pki/scv-ca.pem
    vm: db01
    vmdks: ["[vmfs_ds01] db01/db01_1.vmdk"]
    target_vm: app01

- name: Detach it again
  snapcenter.vsphere.vmdk:
    vm: db01
    vmdks: ["[vmfs_ds01] db01/db01_1.vmdk"]
    target_vm: app01
    state: detached
"""

RETURN = r"""
vmdks:
  description:
    - The disks attached or detached by this run (or that would be, in check mode); empty when nothing
      needed doing.
    - For attach, the disks as the backup lists them; for detach, the attached copies as the VM lists them.
  returned: always
  type: list
  elements: dict
  contains:
    path:
      description: VMDK path.
      type: str
    disk_key:
      description: vSphere device key.
      type: raw
    controller:
      description: Controller and unit, for example V(SCSI 0:1).
      type: str
    datastore:
      description: Datastore name.
      type: str
    datastore_moref:
      description: Datastore moref.
      type: str
    capacity_gb:
      description: Size in GB.
      type: raw
    attached_from_backup_id:
      description: Id of the backup the disk was attached from (null for a backup's own disks).
      type: raw
backup:
  description: The backup the disks come from, shaped like RV(snapcenter.vsphere.backup_info#module:backups[]).
  returned: when a backup was chosen
  type: dict
job:
  description:
    - The attach or detach job, shaped like RV(snapcenter.vsphere.job_info#module:job).
    - When an identical attach was running and did the work, that job.
  returned: always (null when nothing was started)
  type: dict
earlier_job:
  description:
    - The running attach of the same backup to the same VM that this task waited on, shaped like
      RV(snapcenter.vsphere.job_info#module:job); null otherwise.
  returned: always
  type: dict
msg:
  description: When an earlier identical attach was waited on, which job it was and when it ran.
  returned: when RV(earlier_job) is set
  type: str
"""

from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops import vmdk
from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_operation

OPTIONS = dict(
    vm=dict(type="str", required=True),
    backup=dict(type="str"),
    vmdks=dict(type="list", elements="str", required=True),
    target_vm=dict(type="str"),
    state=dict(type="str", choices=["attached", "detached"], default="attached"),
)


def main():
    run_operation(vmdk.vmdk, OPTIONS, wait=True)


if __name__ == "__main__":
    main()
