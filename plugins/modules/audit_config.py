#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: audit_config
short_description: Set the appliance's audit log settings and their forwarding to syslog
version_added: 0.2.0
description:
  - Sets whether the appliance (SCV 4.8 and later) writes its audit log, how large and how many its files may
    grow, and whether every entry is forwarded to a syslog server.
  - Only the options given are compared and changed; nothing is sent when the appliance already has them.
    Without any option the task returns the current settings.
  - Against an appliance older than SCV 4.8 the task fails saying that audit logs need SCV 4.8.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
options:
  # BEGIN generated: AUDIT_CONFIG -- edit plugins/module_utils/resources/audit_config.py, then run `make generate`
  enabled:
    description:
      - Write the audit log.
      - When V(false) the appliance writes nothing but the changes of these settings themselves.
    type: bool
  max_file_size_mb:
    description:
      - Size in MB at which the appliance starts a new audit log file (it keeps the old one, compressed).
      - The appliance's default is 10.
    type: int
  max_files:
    description:
      - How many audit log files the appliance keeps; the oldest go first.
      - 'Lowering it removes the oldest files at once: download them first (M(snapcenter.vsphere.audit_log_info) with
        O(snapcenter.vsphere.audit_log_info#module:dest)).'
      - The appliance's default (and, on the appliances this collection knows, its maximum) is 10.
    type: int
  syslog:
    description:
      - Forwarding of the audit entries to a syslog server.
      - Only the suboptions given are changed; the others keep the appliance's values.
    type: dict
    suboptions:
      enabled:
        description:
          - Forward every audit entry to the syslog server.
        type: bool
      server:
        description:
          - Address (FQDN or IP) of the syslog server.
          - Required when forwarding is enabled (here or already on the appliance).
        type: str
      port:
        description:
          - Port of the syslog server (the appliance's default is 514).
        type: int
      protocol:
        description:
          - Transport to the syslog server.
          - V(tls) needs the server's certificate on the appliance (set in the SCV UI).
        type: str
        choices: [udp, tcp, tls]
  # END generated
notes:
  - The shapes of the audit calls are not published by NetApp; see the collection's API notes.
seealso:
  - module: snapcenter.vsphere.audit_log_info
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.check_mode_full
  - snapcenter.vsphere.attributes.diff_full
"""

EXAMPLES = r"""
- name: Keep the audit log and forward it to the SIEM over TCP
  snapcenter.vsphere.audit_config:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vault_scv_password }}"
    enabled: true
    max_files: 10
    syslog:
      enabled: true
      server: siem.example.com
      port: 6514
      protocol: tcp

- name: Read the audit settings
  snapcenter.vsphere.audit_config:
  register: audit_settings
"""

RETURN = r"""
audit_config:
  description: The settings after the change (in check mode, as they would be).
  returned: always
  type: dict
  contains:
    enabled:
      description: Whether the audit log is written.
      type: bool
    max_file_size_mb:
      description: Size in MB at which a new file is started.
      type: int
    max_files:
      description: How many files are kept.
      type: int
    syslog:
      description: Forwarding to syslog.
      type: dict
      contains:
        enabled:
          description: Whether entries are forwarded.
          type: bool
        server:
          description: Syslog server; null when none is set.
          type: str
        port:
          description: Its port.
          type: int
        protocol:
          description: V(udp), V(tcp) or V(tls).
          type: str
  sample: {"enabled": true, "max_file_size_mb": 10, "max_files": 10,
           "syslog": {"enabled": true, "server": "siem.example.com", "port": 6514, "protocol": "tcp"}}
"""

from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops import audit
from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import ScvModule
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.audit_config import AUDIT_CONFIG


def main():
    # The declaration's options through the engine, as run_resource_module does, with the message an
    # appliance older than SCV 4.8 deserves.
    ScvModule(argument_spec=AUDIT_CONFIG.argument_spec, supports_check_mode=True).run(audit.audit_config)


if __name__ == "__main__":
    main()
