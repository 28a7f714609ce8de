#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: restore
short_description: Restore a VM, a deleted VM, or some of a VM's disks from a backup
version_added: 0.1.0
description:
  - Restores a whole VM from a backup, or with O(vmdks) only some of its virtual disks.
  - Does the lookups the API needs in one task - the backup (newest, by name or by id), its snapshot
    location (primary or secondary copy), an ESX host from the list the appliance offers, and for disks the
    datastores the appliance can restore to - and validates every choice before anything is written.
  - A deleted VM is restored by its instance UUID (O(vm_uuid)); it comes back under a new moref, returned as
    RV(restored_vm.moref).
  - Restoring a VM overwrites it and takes it out of its resource groups, so a restore is done exactly once -
    when the same restore (same VM, same backup, same kind - whole VM or VMDKs) is running on the appliance,
    the module waits on that job instead of starting another; when one ended within O(idempotency_window), it
    starts nothing. Both report C(changed=false) and name the earlier job (RV(earlier_job), RV(msg)). This makes
    a relaunched AWX job or a re-run playbook safe. Any other restore reports C(changed=true).
  - VM templates cannot be restored; the module says so before sending anything.
  - In check mode the module returns the full plan (RV(plan)) and writes nothing.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
options:
  vm:
    description: Name or moref (V(vm-42)) of the VM to restore.
    type: str
  vm_uuid:
    description: Instance UUID of the VM, for a VM that was deleted.
    type: str
  backup:
    description:
      - Which backup - V(latest) (the newest completed or partial backup), a backup name, or a backup id.
    type: str
    default: latest
  location:
    description: Restore from the V(primary) copy or from the V(secondary) (SnapMirror/SnapVault) copy.
    type: str
    choices: [primary, secondary]
    default: primary
  esx_host:
    description:
      - ESX host (name or moref) to restore through; it must be in the list the appliance offers.
      - Default - the VM's current host when the appliance offers it, else the first host offered.
    type: str
  restart_vm:
    description:
      - Power the VM on after the restore.
      - The appliance requires V(false) for a partial backup; then the module restores without restart and warns.
    type: bool
    default: true
  vmdks:
    description:
      - Restore only these virtual disks instead of the whole VM - paths as the backup lists them
        (V([nfs_ds01] web01/web01.vmdk), or without the datastore part), or V(all).
    type: list
    elements: str
  datastore:
    description:
      - With O(vmdks), the datastore to restore the disks to; it must be among the datastores the appliance
        offers for the backup.
      - Default - each disk's own datastore.
    type: str
  idempotency_window:
    description:
      - How long after an identical restore ended (same VM, backup and kind, completed or with warnings) it
        still counts as done, so that the module does not restore again - a duration such as V(1h), V(30m),
        V(2h30m) or a number of seconds.
      - V(0) turns the check of finished restores off (a running identical restore is still waited on,
        never doubled).
      - Jobs are matched by their type, backup id and the VM among their entities (moref or instance UUID);
        see the collection's API notes for how sure that is. A VMDK restore job does not say which disks it
        restored; set V(0) to restore other disks of the same VM from the same backup within the window.
    type: str
    default: 1h
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.wait
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.check_mode_full
  - snapcenter.vsphere.attributes.diff_none
"""

EXAMPLES = r"""
- name: Restore a VM from its newest backup
  snapcenter.vsphere.restore:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vault_scv_password }}"
    ca_path: /etc/pki/scv-ca.pem
    vm: web01

- name: Find the backups of web01 from the last two days
  snapcenter.vsphere.backup_info:
    vm: web01
    newer_than: 2d
  register: recent

- name: Show what would be restored from the oldest of them (its secondary copy), without restoring
  snapcenter.vsphere.restore:
    vm: web01
    backup: "{{ (recent.backups | last).name }}"   # a backup's name, like rg_web_11-28-2026_01.30.05.0012
    location: secondary
  check_mode: true
  register: plan

- name: Bring back a deleted VM (web03, deleted in vCenter) by its instance UUID
  snapcenter.vsphere.restore:
    vm_uuid: 50123e4a-0006-4c6b-9a10-000000000106
    esx_host: esx02.example.com

- name: Restore again on purpose, although the same restore ran less than an hour ago
  snapcenter.vsphere.restore:
    vm: web01
    backup: rg_web_11-28-2026_01.30.05.0012
    idempotency_window: "0"

- name: Restore one disk to another datastore
  snapcenter.vsphere.restore:
    vm: db01
    vmdks: ["[vmfs_ds01] db01/db01_1.vmdk"]
    datastore: nfs_ds02
"""

RETURN = r"""
plan:
  description: What the restore does (or would do, in check mode).
  returned: always
  type: dict
  contains:
    vm:
      description: The VM as given in O(vm).
      type: str
    vm_moref:
      description: The VM's moref (null for a deleted VM).
      type: str
    vm_uuid:
      description: The instance UUID given in O(vm_uuid).
      type: str
    backup:
      description: The backup chosen, shaped like RV(snapcenter.vsphere.backup_info#module:backups[]).
      type: dict
    locations:
      description:
        - For a whole-VM restore, the snapshot locations restored from, one per datastore of the VM
          (C(location_type), C(datastore), C(datastore_moref), C(storage_system), C(volume), C(snapshot),
          C(location)).
      returned: when O(vmdks) is not given
      type: list
      elements: dict
    esx_host:
      description: The ESX host (C(name), C(moref)).
      type: dict
    restart_vm:
      description: Whether the VM is restarted (whole-VM restore).
      returned: when O(vmdks) is not given
      type: bool
    vmdks:
      description:
        - With O(vmdks), the disks restored - C(path), target C(datastore), and C(location), the
          snapshot location (C(svm:volume@snapshot)) each is restored from.
      returned: when O(vmdks) is given
      type: list
      elements: dict
    power_state:
      description: The VM's power state in vCenter before the restore (V(POWERED_ON), ...; null for a deleted VM).
      type: str
  sample:
    vm: web01
    vm_moref: vm-101
    vm_uuid: null
    backup: {"id": "42", "name": "rg_web_11-28-2026_01.30.05.0012", "status": "completed"}
    locations:
      - {"location_type": "PRIMARY", "datastore": "nfs_ds01", "datastore_moref": "datastore-11",
         "storage_system": "svm_nfs", "volume": "vol_nfs_ds01", "snapshot": "rg_web_11-28-2026_01.30.05.0012",
         "location": "svm_nfs:vol_nfs_ds01@rg_web_11-28-2026_01.30.05.0012"}
    esx_host: {"name": "esx01.example.com", "moref": "host-21"}
    restart_vm: true
backup:
  description: The backup restored from (the same as RV(plan.backup)).
  returned: always
  type: dict
job:
  description:
    - The restore job, shaped like RV(snapcenter.vsphere.job_info#module:job); null in check mode.
    - When an identical restore ran already, that earlier job (the same as RV(earlier_job)).
  returned: always
  type: dict
earlier_job:
  description:
    - The identical restore that made this one unnecessary (running, then waited on, or ended within
      O(idempotency_window)), shaped like RV(snapcenter.vsphere.job_info#module:job); null when the module
      started a restore (or would, in check mode).
  returned: always
  type: dict
msg:
  description: When an earlier identical restore was found, which job it was and when it ran.
  returned: when RV(earlier_job) is set
  type: str
  sample: "restore of VM 'web01' from backup rg_web_11-28-2026_01.30.05.0012: job 57 (Restore VM web01 from backup
    rg_web_11-28-2026_01.30.05.0012) ended completed 2026-11-28T02:10:04, started 2026-11-28T02:09:58; not started again"
restored_vm:
  description:
    - The VM the restore brought back, once the job has ended (null in check mode and with O(wait=false)).
    - A deleted VM (O(vm_uuid)) comes back under a new moref; the module finds it in vCenter by the name the
      backup gives it and the instance UUID.
  returned: always
  type: dict
  contains:
    moref:
      description: The VM's moref (new for a deleted VM).
      type: str
    name:
      description: The VM's name.
      type: str
    instance_uuid:
      description: The instance UUID, for a deleted VM.
      type: str
  sample: {"moref": "vm-901", "name": "web01", "instance_uuid": "50123e4a-0001-4c6b-9a10-000000000101"}
"""

from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops import restore
from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_operation

OPTIONS = dict(
    vm=dict(type="str"),
    vm_uuid=dict(type="str"),
    backup=dict(type="str", default="latest"),
    location=dict(type="str", choices=["primary", "secondary"], default="primary"),
    esx_host=dict(type="str"),
    restart_vm=dict(type="bool", default=True),
    vmdks=dict(type="list", elements="str"),
    datastore=dict(type="str"),
    idempotency_window=dict(type="str", default="1h"),
)


def main():
    run_operation(restore.restore, OPTIONS, wait=True, mutually_exclusive=[("vm", "vm_uuid")],
                  required_one_of=[("vm", "vm_uuid")], required_by={"datastore": "vmdks"})


if __name__ == "__main__":
    main()
