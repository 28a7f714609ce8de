# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # How every module reaches the SCV appliance (and vCenter, for name lookups).
    DOCUMENTATION = r"""
options:
  # BEGIN generated: CONNECTION -- edit plugins/module_utils/connection.py, then run `make generate`
  hostname:
    description:
      - Address (FQDN or IP) of the SnapCenter Plug-in for VMware vSphere appliance.
      - Required.
      - If not set, the environment variable E(SCV_HOSTNAME) is used.
    type: str
  port:
    description:
      - TCP port of the appliance's REST API.
      - If not set, the environment variable E(SCV_PORT) is used.
    type: int
    default: 8144
  username:
    description:
      - vCenter user the appliance authenticates, for example V(administrator@vsphere.local) or V(DOMAIN\\user).
      - Required unless O(token) is given.
      - If not set, the environment variable E(SCV_USERNAME) is used.
    type: str
  password:
    description:
      - Password of O(username).
      - 'Keep it out of files in clear text: use Ansible Vault, an AWX/Controller credential or the environment.'
      - If not set, the environment variable E(SCV_PASSWORD) is used.
    type: str
  token:
    description:
      - A token from M(snapcenter.vsphere.login), to reuse one login for a whole play.
      - When the token has expired and O(username)/O(password) are set, a new login is made once.
      - If not set, the environment variable E(SCV_TOKEN) is used.
    type: str
  validate_certs:
    description:
      - Verify the appliance's TLS certificate.
      - Turn it off only for a throwaway lab; prefer O(ca_path) with the appliance's CA.
      - If not set, the environment variable E(SCV_VALIDATE_CERTS) is used.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file with the CA certificate(s) that signed the appliance's certificate.
      - When not set, the CA bundle of the Python C(requests) library is used (certifi's, or the file named by E(REQUESTS_CA_BUNDLE)
        when it is set), not the operating system's trust store.
      - If not set, the environment variable E(SCV_CA_PATH) is used.
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP answer.
      - If not set, the environment variable E(SCV_TIMEOUT) is used.
    type: int
    default: 60
  retries:
    description:
      - How many times a safe call (a read, or a write that cannot do its work twice) is retried after a connection
        error or HTTP 429, 502, 503 or 504, with exponential backoff and jitter (honouring C(Retry-After)). Calls
        that start a job are never retried blindly.
      - If not set, the environment variable E(SCV_RETRIES) is used.
    type: int
    default: 3
  vcenter_hostname:
    description:
      - vCenter address, used to turn VM, datastore and ESXi host names into morefs.
      - When not set, O(hostname) is used.
      - Not contacted when every object is given by moref.
      - If not set, the environment variable E(SCV_VCENTER_HOSTNAME) is used.
    type: str
  vcenter_port:
    description:
      - vCenter HTTPS port.
      - If not set, the environment variable E(SCV_VCENTER_PORT) is used.
    type: int
    default: 443
  vcenter_username:
    description:
      - vCenter user for name lookups.
      - When not set, O(username) is used.
      - If not set, the environment variable E(SCV_VCENTER_USERNAME) is used.
    type: str
  vcenter_password:
    description:
      - Password of O(vcenter_username).
      - When not set, O(password) is used.
      - If not set, the environment variable E(SCV_VCENTER_PASSWORD) is used.
    type: str
  vcenter_validate_certs:
    description:
      - Verify vCenter's TLS certificate.
      - When not set, O(validate_certs) is used.
      - If not set, the environment variable E(SCV_VCENTER_VALIDATE_CERTS) is used.
    type: bool
  vcenter_ca_path:
    description:
      - PEM file with the CA certificate(s) of vCenter.
      - When not set, O(ca_path) is used.
      - If not set, the environment variable E(SCV_VCENTER_CA_PATH) is used.
    type: path
  appliance_version:
    description:
      - The appliance's SCV version (for example V(6.1.0)), when known; M(snapcenter.vsphere.api_info) returns it.
      - With it, a call or field the version does not have (storage rename 5.0, snapshot locking 5.0, audit logs 4.8,
        jobs, reports and schedules 4.4) fails before anything is sent, naming the version it needs.
      - Without it nothing is checked in advance; an older appliance's HTTP 404 then says which version the call needs.
      - If not set, the environment variable E(SCV_APPLIANCE_VERSION) is used.
    type: str
  trace_file:
    description:
      - Append every exchange with SCV and vCenter to this file as JSON lines (method, path, query, status, duration,
        request and response bodies, the dialect fallbacks taken), for a bug report or a replayable test.
      - Passwords, tokens, session ids, C(Authorization)/C(Token) headers and ONTAP credentials are redacted before
        anything is written; the file is created with mode C(0600). Many tasks may write to one file.
      - Off when not set.
      - If not set, the environment variable E(SCV_TRACE_FILE) is used.
    type: path
  # END generated
requirements:
  - requests >= 2.28
notes:
  - All options can also be set for many tasks at once with C(module_defaults) and the action group
    C(group/snapcenter.vsphere.scv).
"""

    # The same options for plugins (the inventory plugin), which read environment variables through
    # their own configuration system.
    PLUGINS = r"""
options:
  # BEGIN generated: CONNECTION_PLUGINS -- edit plugins/module_utils/connection.py, then run `make generate`
  hostname:
    description:
      - Address (FQDN or IP) of the SnapCenter Plug-in for VMware vSphere appliance.
      - Required.
    type: str
    env:
      - name: SCV_HOSTNAME
  port:
    description:
      - TCP port of the appliance's REST API.
    type: int
    default: 8144
    env:
      - name: SCV_PORT
  username:
    description:
      - vCenter user the appliance authenticates, for example V(administrator@vsphere.local) or V(DOMAIN\\user).
      - Required unless O(token) is given.
    type: str
    env:
      - name: SCV_USERNAME
  password:
    description:
      - Password of O(username).
      - 'Keep it out of files in clear text: use Ansible Vault, an AWX/Controller credential or the environment.'
    type: str
    env:
      - name: SCV_PASSWORD
  token:
    description:
      - A token from M(snapcenter.vsphere.login), to reuse one login for a whole play.
      - When the token has expired and O(username)/O(password) are set, a new login is made once.
    type: str
    env:
      - name: SCV_TOKEN
  validate_certs:
    description:
      - Verify the appliance's TLS certificate.
      - Turn it off only for a throwaway lab; prefer O(ca_path) with the appliance's CA.
    type: bool
    default: true
    env:
      - name: SCV_VALIDATE_CERTS
  ca_path:
    description:
      - PEM file with the CA certificate(s) that signed the appliance's certificate.
      - When not set, the CA bundle of the Python C(requests) library is used (certifi's, or the file named by E(REQUESTS_CA_BUNDLE)
        when it is set), not the operating system's trust store.
    type: path
    env:
      - name: SCV_CA_PATH
  timeout:
    description:
      - Seconds to wait for each HTTP answer.
    type: int
    default: 60
    env:
      - name: SCV_TIMEOUT
  retries:
    description:
      - How many times a safe call (a read, or a write that cannot do its work twice) is retried after a connection
        error or HTTP 429, 502, 503 or 504, with exponential backoff and jitter (honouring C(Retry-After)). Calls
        that start a job are never retried blindly.
    type: int
    default: 3
    env:
      - name: SCV_RETRIES
  vcenter_hostname:
    description:
      - vCenter address, used to turn VM, datastore and ESXi host names into morefs.
      - When not set, O(hostname) is used.
      - Not contacted when every object is given by moref.
    type: str
    env:
      - name: SCV_VCENTER_HOSTNAME
  vcenter_port:
    description:
      - vCenter HTTPS port.
    type: int
    default: 443
    env:
      - name: SCV_VCENTER_PORT
  vcenter_username:
    description:
      - vCenter user for name lookups.
      - When not set, O(username) is used.
    type: str
    env:
      - name: SCV_VCENTER_USERNAME
  vcenter_password:
    description:
      - Password of O(vcenter_username).
      - When not set, O(password) is used.
    type: str
    env:
      - name: SCV_VCENTER_PASSWORD
  vcenter_validate_certs:
    description:
      - Verify vCenter's TLS certificate.
      - When not set, O(validate_certs) is used.
    type: bool
    env:
      - name: SCV_VCENTER_VALIDATE_CERTS
  vcenter_ca_path:
    description:
      - PEM file with the CA certificate(s) of vCenter.
      - When not set, O(ca_path) is used.
    type: path
    env:
      - name: SCV_VCENTER_CA_PATH
  appliance_version:
    description:
      - The appliance's SCV version (for example V(6.1.0)), when known; M(snapcenter.vsphere.api_info) returns it.
      - With it, a call or field the version does not have (storage rename 5.0, snapshot locking 5.0, audit logs 4.8,
        jobs, reports and schedules 4.4) fails before anything is sent, naming the version it needs.
      - Without it nothing is checked in advance; an older appliance's HTTP 404 then says which version the call needs.
    type: str
    env:
      - name: SCV_APPLIANCE_VERSION
  trace_file:
    description:
      - Append every exchange with SCV and vCenter to this file as JSON lines (method, path, query, status, duration,
        request and response bodies, the dialect fallbacks taken), for a bug report or a replayable test.
      - Passwords, tokens, session ids, C(Authorization)/C(Token) headers and ONTAP credentials are redacted before
        anything is written; the file is created with mode C(0600). Many tasks may write to one file.
      - Off when not set.
    type: path
    env:
      - name: SCV_TRACE_FILE
  # END generated
requirements:
  - requests >= 2.28
"""
