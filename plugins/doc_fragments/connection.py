# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # How every module reaches the SCV appliance (and vCenter, for name lookups).
    DOCUMENTATION = r"""
options:
  hostname:
    description:
      - Address (FQDN or IP) of the SnapCenter Plug-in for VMware vSphere appliance.
      - If not set, the environment variable E(SCV_HOSTNAME) is used.
      - Required.
    type: str
  port:
    description:
      - TCP port of the appliance's REST API.
      - If not set, E(SCV_PORT) is used, else V(8144).
    type: int
  username:
    description:
      - vCenter user the appliance authenticates, for example V(administrator@vsphere.local) or V(DOMAIN\\user).
      - If not set, E(SCV_USERNAME) is used.
      - Required unless O(token) is given.
    type: str
  password:
    description:
      - Password of O(username).
      - If not set, E(SCV_PASSWORD) is used.
    type: str
  token:
    description:
      - A token from M(snapcenter.vsphere.login), to reuse one login for a whole play.
      - If not set, E(SCV_TOKEN) is used.
      - When the token has expired and O(username)/O(password) are set, the module logs in once more.
    type: str
  validate_certs:
    description:
      - Verify the appliance's TLS certificate.
      - If not set, E(SCV_VALIDATE_CERTS) is used, else V(true).
      - Turn it off only for a throwaway lab; prefer O(ca_path) with the appliance's CA.
    type: bool
  ca_path:
    description:
      - PEM file with the CA certificate(s) that signed the appliance's certificate.
      - If not set, E(SCV_CA_PATH) is used, else the system trust store.
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP answer.
      - If not set, E(SCV_TIMEOUT) is used, else V(60).
    type: int
  retries:
    description:
      - How many times a safe call (a read, or a write that cannot do its work twice) is retried after
        a connection error or HTTP 429, 502, 503 or 504, with exponential backoff and jitter
        (honouring C(Retry-After)). Calls that start a job are never retried blindly.
      - If not set, E(SCV_RETRIES) is used, else V(3).
    type: int
  vcenter_hostname:
    description:
      - vCenter address, used to turn VM, datastore and ESXi host names into morefs.
      - If not set, E(SCV_VCENTER_HOSTNAME) is used, else O(hostname).
      - Not contacted when every object is given by moref.
    type: str
  vcenter_port:
    description:
      - vCenter HTTPS port.
      - If not set, E(SCV_VCENTER_PORT) is used, else V(443).
    type: int
  vcenter_username:
    description:
      - vCenter user for name lookups.
      - If not set, E(SCV_VCENTER_USERNAME) is used, else O(username).
    type: str
  vcenter_password:
    description:
      - Password of O(vcenter_username).
      - If not set, E(SCV_VCENTER_PASSWORD) is used, else O(password).
    type: str
  vcenter_validate_certs:
    description:
      - Verify vCenter's TLS certificate.
      - If not set, E(SCV_VCENTER_VALIDATE_CERTS) is used, else O(validate_certs).
    type: bool
  vcenter_ca_path:
    description:
      - PEM file with the CA certificate(s) of vCenter.
      - If not set, E(SCV_VCENTER_CA_PATH) is used, else O(ca_path).
    type: path
requirements:
  - requests >= 2.28
notes:
  - All options can also be set for many tasks at once with C(module_defaults) and the action group
    C(group/snapcenter.vsphere.scv).
"""
