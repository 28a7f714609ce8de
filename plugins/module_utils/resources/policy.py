# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Backup policies: frequency, retention, replication and snapshot settings."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import fold
from ansible_collections.snapcenter.vsphere.plugins.module_utils.declaration import Declaration, Field, name_option, state_option
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvInputError
from ansible_collections.snapcenter.vsphere.plugins.module_utils.options import Option
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources._names import check_object_name

RETENTION_COUNT_RANGE = (1, 1018)
# SnapVault needs at least two snapshots to transfer a difference.
RETENTION_COUNT_MIN_WITH_SNAPVAULT = 2
SNAPSHOT_LABEL_MAX = 31


def _retention_field(option, retention_type, doc):
    """retention_count / retention_days: one API field {type, value}, read back only for its type."""

    def to_api(value, context):
        return {"type": retention_type, "value": value}

    def from_api(api_object):
        retention = api_object.get("retention") or {}
        if str(retention.get("type", "")).upper() == retention_type:
            return retention.get("value")
        return None

    return Field(option, "retention", type="int", doc=doc, to_api=to_api, from_api=from_api, canonical=_retention_key)


def _retention_key(retention):
    if not retention:
        return None
    return (str(retention.get("type", "")).upper(), int(retention["value"]) if retention.get("value") is not None else None)


def _locking_period_to_api(value, context):
    return {"value": value["value"], "unit": value["unit"].upper()}


def _locking_period_from_api(api_object):
    period = api_object.get("lockingPeriod")
    if not period:
        return None
    return {"value": period.get("value"), "unit": fold(str(period.get("unit", "")))}


def _locking_period_key(period):
    if not period:
        return None
    return (int(period["value"]), str(period.get("unit", "")).upper())


class PolicyDeclaration(Declaration):

    def validate_params(self, params):
        check_object_name("name", params.get("name"), "policy")
        label = params.get("snapshot_label")
        if label is not None and len(label) > SNAPSHOT_LABEL_MAX:
            raise ScvInputError("snapshot_label", "at most %d characters, got %d" % (SNAPSHOT_LABEL_MAX, len(label)))
        days = params.get("retention_days")
        if days is not None and days < 1:
            raise ScvInputError("retention_days", "must be at least 1, got %d" % days)
        period = params.get("locking_period")
        if period is not None and period.get("value") is not None and period["value"] < 1:
            raise ScvInputError("locking_period.value", "must be at least 1, got %d" % period["value"])

    def validate_plan(self, plan):
        after = self.to_options(plan.merged)
        if after.get("frequency") is None:
            raise ScvInputError("frequency", "required to create policy '%s'" % after["name"])
        if after.get("retention_count") is None and after.get("retention_days") is None:
            raise ScvInputError("retention_count", "one of retention_count or retention_days is required "
                                                   "to create policy '%s'" % after["name"])
        count = after.get("retention_count")
        if count is not None:
            low, high = RETENTION_COUNT_RANGE
            if after.get("snapvault"):
                low = RETENTION_COUNT_MIN_WITH_SNAPVAULT
            if not low <= count <= high:
                reason = "must be between %d and %d" % (low, high)
                if after.get("snapvault"):
                    reason += " with snapvault"
                raise ScvInputError("retention_count", "%s, got %d" % (reason, count))


POLICY = PolicyDeclaration(
    kind="policy",
    plural="policies",
    label="policy",
    endpoints={
        "list": "policies.list",
        "create": "policies.create",
        "update": "policies.update",
        "delete": "policies.delete",
    },
    create_defaults={"description": "", "snapMirror": False, "snapVault": False, "snapshotLabel": "",
                     "vmConsistency": False, "includeIndependentDisks": False, "lockingPeriod": None},
    mutually_exclusive=[("retention_count", "retention_days")],
    controls=[
        name_option("Name of the policy: letters, digits and C(_). SCV refuses spaces and the characters "
                    "C(%&*$#@!\\/:?\"<>-|;',)."),
        state_option([
            "V(present) creates or updates the policy, V(absent) deletes it.",
            "SCV refuses to delete a policy that a resource group uses.",
        ]),
    ],
    fields=[
        Field("description", "description", doc="Free text shown in the SCV UI."),
        Field("frequency", "frequency", enum=True, choices=["hourly", "daily", "weekly", "monthly", "on_demand"], doc=[
            "How often resource groups back up with this policy; their schedules must fit it.",
            "Required to create a policy.",
        ]),
        _retention_field("retention_count", "COUNT", [
            "Keep this many backups (1 to 1018, at least 2 with O(snapvault)).",
            "One of O(retention_count) and O(retention_days) is required to create a policy.",
        ]),
        _retention_field("retention_days", "DAYS", "Keep backups this many days."),
        Field("snapmirror", "snapMirror", type="bool", doc="Update the SnapMirror destination after each backup."),
        Field("snapvault", "snapVault", type="bool", doc="Update the SnapVault destination after each backup."),
        Field("snapshot_label", "snapshotLabel",
              doc="SnapMirror label for the snapshots (at most 31 characters); V(\"\") for none."),
        Field("vm_consistency", "vmConsistency", type="bool",
              doc="Take a VMware snapshot (quiesced VMs) before each backup."),
        Field("include_independent_disks", "includeIndependentDisks", type="bool",
              doc="Also back up datastores holding only independent disks."),
        Field("locking_period", "lockingPeriod", type="dict", to_api=_locking_period_to_api,
              from_api=_locking_period_from_api, canonical=_locking_period_key,
              doc="Snapshot locking (tamper-proof snapshots, SCV 5.0+).",
              suboptions=[
                  Option("value", "int", "How many O(locking_period.unit)s the snapshots stay locked.", required=True),
                  Option("unit", "str", "Unit of O(locking_period.value).", choices=["days", "months", "years"],
                         required=True),
              ]),
    ],
)
