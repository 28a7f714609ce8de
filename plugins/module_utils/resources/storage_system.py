# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Storage systems (ONTAP clusters or SVMs), keyed by their management address or FQDN."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.snapcenter.vsphere.plugins.module_utils.engine import Declaration, Field
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvInputError

# Ports the appliance's UI fills in for each protocol.
DEFAULT_PORTS = {"HTTPS": 443, "HTTP": 80}


class StorageSystemDeclaration(Declaration):

    def combine(self, fragment, params, current, context):
        # Switching protocol without a port means the protocol's usual port.
        if current is None and "protocol" in fragment and "port" not in fragment:
            fragment["port"] = DEFAULT_PORTS[fragment["protocol"]]
        return fragment

    def validate_plan(self, plan):
        if plan.action == "create":
            for option in ("ontap_username", "ontap_password"):
                if plan.params.get(option) is None:
                    raise ScvInputError(option, "required to add storage system '%s'" % plan.params["name"])

    def rename_body(self, old_name, new_name):
        return {"existingSVM": {"name": old_name}, "newSVM": {"name": new_name}}


STORAGE_SYSTEM = StorageSystemDeclaration(
    kind="storage_system",
    plural="storage_systems",
    label="storage system",
    endpoints={
        "list": "storage_systems.list",
        "create": "storage_systems.create",
        "update": "storage_systems.update",
        "delete": "storage_systems.delete",
        "rename": "storage_systems.rename",
    },
    # Management addresses and FQDNs are host names: case does not matter.
    key_folds_case=True,
    # PUT /4.1/storage-system names the object in its body, not its path.
    update_path_id=False,
    read_only=("type", "svms"),
    create_defaults={"protocol": "HTTPS", "port": 443, "timeout": 60, "preferredIp": "",
                     "asup": False, "syslog": False},
    fields=[
        Field("ontap_username", "userName"),
        Field("ontap_password", "password", write_only=True, secret=True),
        Field("ontap_protocol", "protocol", enum=True),
        Field("ontap_port", "port"),
        Field("ontap_timeout", "timeout"),
        Field("preferred_ip", "preferredIp"),
        Field("platform_type", "platformType"),
        Field("asup", "asup"),
        Field("syslog", "syslog"),
    ],
)

# The module's options: the per-resource module and protection_config's items both take exactly these.
STORAGE_SYSTEM.argument_spec = dict(
    name=dict(type="str", required=True),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    from_name=dict(type="str"),
    ontap_username=dict(type="str"),
    ontap_password=dict(type="str", no_log=True),
    update_password=dict(type="str", choices=["on_create", "always"], default="on_create", no_log=False),
    ontap_protocol=dict(type="str", choices=["https", "http"]),
    ontap_port=dict(type="int"),
    ontap_timeout=dict(type="int"),
    preferred_ip=dict(type="str"),
    platform_type=dict(type="str"),
    asup=dict(type="bool"),
    syslog=dict(type="bool"),
)
