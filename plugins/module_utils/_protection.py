# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The whole protection setup as protection_config and protection_config_info see it: the kinds, in the
order writes are sent, and the export (the appliance's objects as protection_config items).

INTERNAL to snapcenter.vsphere: not a public API, it may change in any release.

The export is built on the declarations: `Declaration.to_item()` turns each object into the item a user
would write (names, not morefs or ids), and every exported item is then planned against the very object it
came from (check mode, no request beyond the lists and the name look-ups already made).  An item whose plan
is not "no change", or that the options cannot hold at all, is left out of `desired_state`, named in a
warning and listed in `prune_keep`, so that applying the export with pruning on neither changes nor deletes
it.  That makes the round trip (export, then protection_config with prune) a no-op by construction.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.snapcenter.vsphere.plugins.module_utils import api
from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import id_text
from ansible_collections.snapcenter.vsphere.plugins.module_utils.engine import Engine
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvInputError
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.policy import POLICY
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.resource_group import RESOURCE_GROUP
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.schedule import SCHEDULE
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.storage_system import STORAGE_SYSTEM
from ansible_collections.snapcenter.vsphere.plugins.module_utils.vcenter import KIND_LABELS

# (list option, declaration, the option that must be true as well for prune to reach this kind), in the
# order writes are sent; deletions go in the reverse order.
KINDS = (
    ("storage_systems", STORAGE_SYSTEM, "prune_storage_systems"),
    ("policies", POLICY, None),
    ("resource_groups", RESOURCE_GROUP, None),
    ("schedules", SCHEDULE, None),
)


class Names:
    """The names an export writes for what SCV holds by moref or id.

    A VM or datastore is written under vCenter's current name when that name finds exactly this object in
    vCenter (so protection_config resolves it back to the same moref), else as its moref, with a note.
    """

    def __init__(self, policies):
        self._policies = dict((id_text(p.get("id")), p.get("name")) for p in policies)
        self._names = {}    # (kind, moref) -> the name to write
        self.notes = []

    def learn(self, vcenter, references):
        """Look the referenced morefs up in vCenter: per kind one request by moref, one by name."""
        by_kind = {}
        for kind, moref, stored in references:
            if moref:
                known = by_kind.setdefault(kind, {})
                known[moref] = known.get(moref) or stored
        for kind in sorted(by_kind):
            id_field = api.VCENTER_LISTS[kind][1]
            current = vcenter.names_of(kind, list(by_kind[kind]))
            found = vcenter.find(kind, sorted(set(current.values())))
            for moref in sorted(by_kind[kind]):
                name = current.get(moref)
                label = KIND_LABELS[kind]
                if name is None:
                    self.notes.append("%s %s (%s in SCV) is not in vCenter: exported as its moref" % (
                        label, moref, by_kind[kind][moref] or "no name"))
                    continue
                matches = found.get(name) or []
                if len(matches) == 1 and matches[0].get(id_field) == moref:
                    self._names[(kind, moref)] = name
                else:
                    self.notes.append("%s name '%s' matches %d objects in vCenter: %s exported as its moref" % (
                        label, name, len(matches), moref))

    def vcenter(self, kind, moref, stored_name):
        return self._names.get((kind, moref), moref or stored_name)

    def policy(self, policy_id, stored_name):
        return stored_name or self._policies.get(id_text(policy_id)) or id_text(policy_id)

    def resolved(self):
        """[(kind, name, moref)] for every name written (so planning the export needs no look-up)."""
        return [(kind, name, moref) for (kind, moref), name in sorted(self._names.items())]


def _validator(declaration):
    return ArgumentSpecValidator(declaration.argument_spec,
                                 mutually_exclusive=[list(rule) for rule in declaration.mutually_exclusive] or None)


def _why_not(engine, declaration, item):
    """None when protection_config can apply `item` to the object it came from without a change, else why not."""
    result = _validator(declaration).validate(item)
    if result.error_messages:
        return "; ".join(result.error_messages)
    try:
        plan = engine.plan([(declaration, result.validated_parameters)])[0]
    except ScvInputError as error:
        return error.msg
    if plan.changed:
        changes = plan.changes()
        return "its options cannot hold what SCV has (applied as exported it would change %s)" % (
            ", ".join(sorted(changes)) or plan.summary)
    return None


def export_state(client, vcenter, warn):
    """The appliance's configuration as protection_config's items, for protection_config_info.

    client: ScvClient; vcenter: a callable returning the VcenterClient (only called when an object refers
    to a VM or datastore); warn: module.warn.
    """
    engine = Engine(client, vcenter=vcenter, check_mode=True)
    stored = dict((option, list(engine.list(declaration))) for option, declaration, dummy in KINDS)

    # A cluster brings its SVMs: they are listed through it, never as items of their own.
    covered = set()
    for system in stored["storage_systems"]:
        covered.update(STORAGE_SYSTEM.key_of(name) for name in STORAGE_SYSTEM.covered_names(system))
    stored["storage_systems"] = [system for system in stored["storage_systems"]
                                 if STORAGE_SYSTEM.key_of(system.get("name")) not in covered]

    names = Names(stored["policies"])
    references = [reference for option, declaration, dummy in KINDS for stored_object in stored[option]
                  for reference in declaration.vcenter_references(stored_object)]
    if references:
        names.learn(vcenter(), references)
    for kind, name, moref in names.resolved():
        engine.know_moref(kind, name, moref)

    desired, unmanaged = {}, []
    for option, declaration, dummy in KINDS:
        items, seen = [], set()
        # Stable order: by name (the appliance's order among equal names).
        for stored_object in sorted(stored[option], key=lambda o: str(declaration.key_of(o.get(declaration.key_field)))):
            item = declaration.to_item(stored_object, names)
            key = declaration.key_of(item["name"])
            if key in seen:
                reason = "another %s has the same name" % declaration.label
            else:
                reason = _why_not(engine, declaration, item)
            seen.add(key)
            if reason:
                unmanaged.append({"kind": declaration.kind, "option": option, "name": item["name"], "reason": reason})
                continue
            items.append(item)
        desired[option] = items

    for note in names.notes:
        warn(note)
    if unmanaged:
        warn("protection_config cannot express %d object(s); they are left out of desired_state and listed in "
             "prune_keep, so that pruning keeps them: %s" % (len(unmanaged), "; ".join(
                 "%s %s: %s" % (entry["kind"], entry["name"], entry["reason"]) for entry in unmanaged)))
    prune_keep = dict((option, [entry["name"] for entry in unmanaged if entry["option"] == option])
                      for option, declaration, dummy in KINDS if not declaration.update_only)
    return {"changed": False, "desired_state": desired, "unmanaged": unmanaged, "prune_keep": prune_keep}
