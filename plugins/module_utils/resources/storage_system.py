# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Storage systems (ONTAP clusters or SVMs), keyed by their management address or FQDN."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.snapcenter.vsphere.plugins.module_utils.declaration import (
    Declaration,
    Field,
    from_name_option,
    name_option,
    state_option,
    update_password_option,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvInputError, item_option

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

    def explain_refusal(self, plan, error):
        # SCV logs in to ONTAP when a storage system is added or changed: a refusal is almost always an
        # address it cannot reach or credentials ONTAP does not take.
        options = "name/ontap_username/ontap_password"
        ref = getattr(plan, "ref", None)
        if ref is not None and ref.index is not None:
            options = item_option(ref.option, ref.index, ref.name, options)
        return error.about(options, (
            "SCV could not log in to ONTAP at '%s': check that name is the management address or FQDN of the "
            "cluster or SVM, reachable from the SCV appliance, and that ontap_username and ontap_password log "
            "in there" % plan.params["name"]))

    def rename_body(self, old_name, new_name):
        return {"existingSVM": {"name": old_name}, "newSVM": {"name": new_name}}

    def covered_names(self, stored):
        # A cluster brings its SVMs: they are listed through it.
        return [svm.get("name") if isinstance(svm, dict) else svm for svm in stored.get("svms") or []]


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
    controls=[
        name_option([
            "Management address or FQDN of the cluster or SVM; how SCV names the storage system.",
            "Compared without regard to case.",
        ]),
        state_option([
            "V(present) adds or updates the storage system, V(absent) removes it.",
            "SCV refuses to remove a storage system while a resource group protects something on it.",
        ]),
        from_name_option([
            "Rename the storage system now called O(from_name) to O(name) (SCV 5.0+).",
            "Ignored when a storage system called O(name) already exists; fails when neither exists.",
        ]),
        update_password_option([
            "V(on_create) sends O(ontap_password) only when adding the storage system.",
            "V(always) sends it on every run, which then always reports a change.",
        ]),
    ],
    fields=[
        Field("ontap_username", "userName", doc="ONTAP user SCV logs in with. Required to add a storage system."),
        Field("ontap_password", "password", write_only=True, secret=True, doc=[
            "Password of O(ontap_username). Required to add a storage system.",
            "SCV never returns it, so it is only sent as O(update_password) says.",
        ]),
        Field("ontap_protocol", "protocol", enum=True, choices=["https", "http"],
              doc="Protocol SCV uses to reach ONTAP. V(https) when not set on create."),
        Field("ontap_port", "port", type="int",
              doc="Port SCV uses to reach ONTAP. V(443) for https and V(80) for http when not set on create."),
        Field("ontap_timeout", "timeout", type="int", doc="Seconds SCV waits for ONTAP. V(60) when not set on create."),
        Field("preferred_ip", "preferredIp",
              doc="Address SCV should prefer when the storage system has several. V(\"\") for none."),
        Field("platform_type", "platformType", doc="ONTAP platform, for example V(AFF)."),
        Field("asup", "asup", type="bool",
              doc="Send AutoSupport messages to ONTAP for failed operations. V(false) when not set on create."),
        Field("syslog", "syslog", type="bool", doc="Log SCV events to ONTAP's syslog. V(false) when not set on create."),
    ],
)
