# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one reconcile engine for configuration objects (storage systems, policies, resource groups,
the built-in schedules).

INTERNAL to snapcenter.vsphere: not a public API, it may change in any release.

A resource is described by a `Declaration` (declaration.py, one per kind in resources/*.py).  The engine
does the rest, the same way for every resource:

    read current (one list call per kind, cached for the run) -> build the desired API fragment from
    the options the user set (names resolved to ids/morefs first) -> compare only those fields ->
    plan create / update / rename / delete -> check-mode gate (no write, ever) -> apply -> re-read
    -> result with `changed`, the resource in the module's vocabulary, and diff {before, after}.

`Engine.plan(items)` and `Engine.apply(plans)` are separate so that `Engine.reconcile_bulk(kinds)` can
plan many items of several kinds in one task (uniqueness, per-item checks, prune selection and its two
guards, every error naming its item), reusing the list results, with no second copy of this logic.

The prune guards hold before any write and in check mode alike: a kind whose list names nothing to keep is
not pruned unless its BulkKind says `prune_empty`, and a plan deleting more than `max_deletions` objects
fails listing them (ScvPruneGuardError).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import contextlib
import copy

from ansible_collections.snapcenter.vsphere.plugins.module_utils import api
from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import id_text
from ansible_collections.snapcenter.vsphere.plugins.module_utils.declaration import MASK
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import (
    ScvApiError,
    ScvConflictError,
    ScvInputError,
    ScvLookupError,
    ScvNotFoundError,
    ScvPruneGuardError,
    item_option,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils.vcenter import looks_like_moref

_UNSET = object()

# Where an item of a bulk task sits: protection_config's `resource_groups[17]` named `rg_web`.
ItemRef = collections.namedtuple("ItemRef", ["option", "index", "name"])


@contextlib.contextmanager
def about(ref):
    """Errors raised inside name the item they are about (nothing changes for a single-item task)."""
    try:
        yield
    except ScvInputError as error:
        if ref is None or ref.index is None:
            raise
        raise error.in_item(ref.option, ref.index, ref.name)


class ItemPlan:
    """What the engine will do for one item, and what it saw while deciding."""

    def __init__(self, declaration, params, ref=None):
        self.declaration = declaration
        self.params = params
        self.ref = ref              # ItemRef in a bulk task, else None
        self.action = None          # None, 'create', 'update', 'delete'
        self.rename_from = None     # the current object under its old name, when renaming
        self.current = None         # the object as read (API form)
        self.merged = None          # the object as it will be stored (API form)
        self.changed_options = []
        self.send_write_only = False
        self.state_actions = []     # endpoint names for fields changed through their own endpoint
        self.needs_replan = False   # referenced an object this run only plans to create

    @property
    def changed(self):
        return bool(self.action or self.rename_from is not None or self.state_actions)

    @property
    def summary(self):
        """create, update, delete or none: what a reader of a plan wants to know first."""
        if self.action in ("create", "delete"):
            return self.action
        return "update" if self.changed else "none"

    def changes(self):
        """What this plan does, for a reader of the plan: {option: {before, after}} for an update (the
        options that differ, a rename as `name`, a password sent again as masked), the object as it will be
        created for a create, the object as it is for a delete; {} when nothing changes.  Never an id,
        never a secret."""
        declaration = self.declaration
        if self.action == "create":
            return _without_id(self.diff()["after"])
        if self.action == "delete":
            return _without_id(declaration.to_options(self.current))
        if not self.changed:
            return {}
        before = declaration.to_options(self.rename_from if self.rename_from is not None else self.current)
        after = declaration.to_options(self.merged)
        changes = {}
        if self.rename_from is not None:
            changes["name"] = {"before": self.rename_from.get(declaration.key_field), "after": after["name"]}
        for option in self.changed_options:
            changes[option] = {"before": before.get(option), "after": after.get(option)}
        if self.send_write_only:
            for field in declaration.fields:
                if field.write_only and self.params.get(field.option) is not None:
                    # Never readable, so "before" is unknown; the value sent is never shown.
                    changes[field.option] = {"before": None, "after": MASK if field.secret else after.get(field.option)}
        return changes

    def diff(self):
        declaration = self.declaration
        before = declaration.to_options(self.rename_from if self.rename_from is not None else self.current)
        after = declaration.to_options(self.merged) if self.action != "delete" else {}
        if self.send_write_only:
            for field in declaration.fields:
                if field.write_only and field.secret and self.params.get(field.option) is not None:
                    after[field.option] = MASK
        return {"before": before, "after": after}


def _without_id(view):
    view = dict(view)
    view.pop("id", None)
    return view


class PlanContext:
    """What a Field's to_api and a declaration's combine hook may use while building the fragment."""

    def __init__(self, engine, plan):
        self.engine = engine
        self.plan = plan

    @property
    def current(self):
        return self.plan.current

    def lookup(self, declaration, name, option):
        """The object of that kind named `name` (API form); fails naming the option.

        In check mode a missing object may be one that an earlier task of the same checked play only
        planned (a policy for a group): that is a warning naming it, and the plan goes on with a
        stand-in that carries just the name.  Outside check mode it stays an error, before any write.
        """
        found = self.engine.find(declaration, name)
        if found is None and self.engine.check_mode:
            ref = self.plan.ref
            where = item_option(ref.option, ref.index, ref.name, option) if ref and ref.index is not None else option
            self.engine.warn("%s: no %s named '%s' exists yet; check mode plans as if an earlier task had "
                             "created it, a real run fails here unless it exists by then" % (
                                 where, declaration.label, name))
            return {declaration.key_field: name}
        if found is None:
            raise ScvLookupError(option, declaration.label, name, hint=(
                "create it first (snapcenter.vsphere.%s, in an earlier task) or correct the name; "
                "snapcenter.vsphere.%s_info lists them" % (declaration.kind, declaration.kind)))
        if declaration.id_field and found.get(declaration.id_field) is None:
            # Planned in this run, not created yet: plan this item again once it exists.
            self.plan.needs_replan = True
        return found

    def moref(self, kind, name):
        return self.engine.moref(kind, name)


class BulkKind:
    """One list option of a bulk task: its declaration, its items, and whether to prune.

    items: the option's list (None: the kind was not given, so it is neither read nor changed).
    prune: delete the objects the appliance has that the list does not name.
    keep: names pruning never deletes.
    prune_empty: prune even when the list names nothing to keep (empty, only `state: absent` items, or not
        given at all): the user said so explicitly.  Without it such a kind is refused, not emptied.
    """

    def __init__(self, option, declaration, items, prune=False, keep=(), prune_empty=False):
        self.option = option
        self.declaration = declaration
        self.prune = prune and not declaration.update_only
        self.prune_empty = bool(prune_empty) and self.prune
        # "Prune it even if empty" about a kind not given at all means: read it and delete every object.
        self.items = [] if items is None and self.prune_empty else items
        self.keep = list(keep or [])

    @property
    def lists_nothing(self):
        """The list names no object to keep: pruning it would delete everything not in `keep`."""
        return not any(item.get("state", "present") != "absent" for item in self.items or [])


class Engine:
    """Plans and applies items (declaration, params) against one appliance.

    client: ScvClient; vcenter: a callable returning a VcenterClient (only called when a name needs
    resolving); check_mode: never write; warn: how warnings reach the user (module.warn).
    """

    def __init__(self, client, vcenter=None, check_mode=False, warn=None):
        self.client = client
        self._vcenter_factory = vcenter
        self.check_mode = check_mode
        self.warn = warn or (lambda message: None)
        self._lists = {}       # declaration.kind -> [API objects] (one list call per kind per run)
        self._morefs = {}      # (vcenter kind, name) -> moref

    # -- reading -----------------------------------------------------------------------------------

    def list(self, declaration, refresh=False):
        if refresh or declaration.kind not in self._lists:
            answer = self.client.call(declaration.endpoints["list"])
            if declaration.singleton:
                answer = [] if answer is None else [answer]
            self._lists[declaration.kind] = list(answer)
        return self._lists[declaration.kind]

    def find(self, declaration, name, refresh=False):
        if declaration.singleton:
            # The one object there is, whatever the name (it has none).
            objects = self.list(declaration, refresh=refresh)
            return objects[0] if objects else None
        wanted = declaration.key_of(name)
        for item in self.list(declaration, refresh=refresh):
            if declaration.key_of(item.get(declaration.key_field)) == wanted:
                return item
        return None

    def _remember(self, declaration, old, new):
        """Keep the cached list in step with a write (or a planned write in check mode)."""
        # A list dropped after a write is not read again just to be updated; the next
        # reader reads the appliance's truth (else a bulk apply re-lists a kind once per item).
        objects = self._lists.get(declaration.kind)
        if objects is None:
            return
        if old is not None:
            objects[:] = [item for item in objects if item is not old]
        if new is not None:
            objects.append(new)

    # -- vCenter names -----------------------------------------------------------------------------

    def resolve_names(self, plans):
        """Resolve every vCenter name the items need: one request per kind, before any write."""
        wanted = {}     # kind -> {name: (option, ref)} of the first item that asked
        for plan in plans:
            for kind, option, names in plan.declaration.vcenter_names(plan.params):
                for name in names or []:
                    if looks_like_moref(kind, name):
                        self._morefs[(kind, name)] = name
                    elif (kind, name) not in self._morefs:
                        wanted.setdefault(kind, {}).setdefault(name, (option, plan.ref))
        for kind, names in wanted.items():
            try:
                options = sorted(set(option for option, dummy_ref in names.values()))
                resolved = self._vcenter().resolve(kind, list(names), option=options[0])
            except ScvLookupError as error:
                # Name the option, and the item, that really hold the unknown name.
                option, ref = names.get(error.name, (error.option, None))
                with about(ref):
                    raise ScvLookupError(option, error.kind, error.name, error.candidates, hint=error.hint)
            for name, moref in resolved.items():
                self._morefs[(kind, name)] = moref

    def moref(self, kind, name):
        return self._morefs[(kind, name)]

    def know_moref(self, kind, name, moref):
        """A name resolved elsewhere in this run (the export's own look-ups): planning it asks vCenter nothing."""
        self._morefs[(kind, name)] = moref

    def _vcenter(self):
        if self._vcenter_factory is None:
            raise ScvInputError("vcenter_hostname", "a vCenter connection is needed to resolve names")
        return self._vcenter_factory()

    # -- planning ----------------------------------------------------------------------------------

    def plan(self, items):
        """Check and plan every (declaration, params[, ref]) item; no write happens here.  [ItemPlan]."""
        plans = [ItemPlan(*item) for item in items]
        for plan in plans:
            with about(plan.ref):
                plan.declaration.validate_params(plan.params)
        return self._plan_checked(plans)

    def _plan_checked(self, plans):
        """Plan items whose options were checked already."""
        self.resolve_names([plan for plan in plans if plan.params.get("state", "present") != "absent"])
        return [self._plan_item(plan) for plan in plans]

    def _plan_item(self, plan, current=_UNSET):
        with about(plan.ref):
            return self._plan_one(ItemPlan(plan.declaration, plan.params, plan.ref), current)

    def _plan_one(self, plan, current):
        declaration, params = plan.declaration, plan.params
        name = params.get("name")
        plan.current = self.find(declaration, name) if current is _UNSET else current
        if params.get("state", "present") == "absent":
            if plan.current is not None:
                plan.action = "delete"
                self._remember(declaration, plan.current, None)
            return plan

        if plan.current is None and params.get("from_name"):
            source = self.find(declaration, params["from_name"])
            if source is None:
                raise ScvInputError("from_name", "no %s named '%s' to rename to '%s'" % (
                    declaration.label, params["from_name"], name))
            # Checked while planning, so a bulk task fails before its first write.
            rename = api.ENDPOINTS[declaration.endpoints["rename"]]
            self.client.require("renaming a %s" % declaration.label, rename.since, "from_name")
            plan.rename_from = source
            plan.current = dict(source)
            plan.current[declaration.key_field] = name
        if plan.current is None and declaration.singleton:
            raise ScvInputError(declaration.kind, "the appliance answered no %s" % declaration.label)
        if plan.current is None and declaration.update_only:
            raise ScvInputError("name", "the appliance has no %s named '%s'" % (declaration.label, name))

        context = PlanContext(self, plan)
        set_options = declaration.set_options(params)
        fragment = {}
        for option, value in set_options.items():
            field = declaration.field(option)
            self.client.require(option, api.FIELD_SINCE.get(field.api), option)
            fragment[field.api] = field.to_api(value, context)
        fragment = declaration.combine(fragment, params, plan.current, context)
        if declaration.key_field:
            fragment[declaration.key_field] = name

        if plan.current is None:
            plan.action = "create"
            plan.merged = dict(declaration.create_defaults)
            plan.merged.update(fragment)
            plan.send_write_only = True
            plan.changed_options = sorted(set_options)
        else:
            plan.merged = copy.deepcopy(plan.current)
            plan.merged.update(fragment)
            for option in sorted(set_options):
                field = declaration.field(option)
                if field.write_only or field.action:
                    continue
                if field.canonical(plan.current.get(field.api)) != field.canonical(plan.merged.get(field.api)):
                    plan.changed_options.append(option)
            plan.send_write_only = any(field.write_only and field.option in set_options
                                       for field in declaration.fields) and \
                declaration.send_write_only_on_update(params)
            if plan.changed_options or plan.send_write_only:
                plan.action = "update"

        for field in declaration.fields:
            if field.action and field.option in set_options:
                wanted = plan.merged.get(field.api)
                was = (plan.current or declaration.create_defaults).get(field.api)
                if field.canonical(wanted) != field.canonical(was):
                    plan.state_actions.append(field.action[wanted])
                    if plan.current is not None:
                        plan.changed_options.append(field.option)

        declaration.validate_plan(plan)
        self._remember(declaration, plan.rename_from if plan.rename_from is not None else plan.current,
                       plan.merged)
        return plan

    # -- bulk planning -----------------------------------------------------------------------------

    def plan_bulk(self, kinds, max_deletions=None):
        """Check and plan the items of several kinds (BulkKind) in one run, every error naming its item.

        Uniqueness and each item's own checks come first (no request), then the prune selection (one list
        call per pruned kind) and its guards, then the plan.  Present items go in the order of `kinds`
        (dependencies first), deletions in the reverse order (a group goes before the policy it uses).

        Guards (ScvPruneGuardError, before any vCenter lookup and any write, in check mode too): a pruned
        kind whose list names nothing to keep is refused unless `prune_empty`; more than `max_deletions`
        deletions in all (pruned objects and `state: absent` items that exist) are refused.  [ItemPlan].
        """
        present, absent = [], []
        for kind in kinds:
            if kind.items is None:
                continue
            plans = [ItemPlan(kind.declaration, dict(item), ItemRef(kind.option, index, item["name"]))
                     for index, item in enumerate(kind.items)]
            self._check_unique(kind, plans)
            for plan in plans:
                with about(plan.ref):
                    kind.declaration.validate_params(plan.params)
            present.append([plan for plan in plans if plan.params.get("state") != "absent"])
            deletions = [plan for plan in plans if plan.params.get("state") == "absent"]
            pruned = self._pruned_names(kind)
            self._guard_empty(kind, pruned)
            deletions += [ItemPlan(kind.declaration, {"name": name, "state": "absent"},
                                   ItemRef(kind.option, None, name))
                          for name in pruned]
            absent.append(deletions)
        ordered = [plan for group in present for plan in group]
        for group in reversed(absent):
            ordered.extend(group)
        self._guard_deletions([plan for group in reversed(absent) for plan in group], max_deletions)
        return self._plan_checked(ordered)

    @staticmethod
    def _guard_empty(kind, pruned):
        """A pruned list that names nothing to keep is most often a mistake (a misspelt variable gives an
        empty list): refuse it, unless the user said `prune_empty` for this kind."""
        if not (kind.prune and pruned and kind.lists_nothing) or kind.prune_empty:
            return
        declaration = kind.declaration
        raise ScvPruneGuardError(
            kind.option,
            "the list names no %s to keep, so prune would delete %d %s (%s); nothing was changed. "
            "An empty list is never pruned unless you say so: add %s to prune_empty "
            "(scv_prune_empty in the roles and playbooks), or check the variable that fills %s" % (
                declaration.label, len(pruned), declaration.plural.replace("_", " "), ", ".join(pruned),
                kind.option, kind.option),
            [{"kind": declaration.kind, "name": name} for name in pruned])

    def _guard_deletions(self, deletions, max_deletions):
        """Refuse a plan that deletes more objects than `max_deletions`, listing them all."""
        if max_deletions is None:
            return
        doomed = [plan for plan in deletions
                  if plan.ref.index is None or self.find(plan.declaration, plan.params["name"]) is not None]
        if len(doomed) <= max_deletions:
            return
        by_option = collections.OrderedDict()
        for plan in doomed:
            by_option.setdefault(plan.ref.option, []).append(plan.params["name"])
        listed = "; ".join("%s: %s" % (option, ", ".join(names)) for option, names in by_option.items())
        raise ScvPruneGuardError(
            "max_deletions",
            "this run would delete %d objects, more than max_deletions=%d; nothing was changed. It would delete "
            "%s. If that is what you want, raise max_deletions (scv_max_deletions in the roles and playbooks)" % (
                len(doomed), max_deletions, listed),
            [{"kind": plan.declaration.kind, "name": plan.params["name"]} for plan in doomed])

    @staticmethod
    def _check_unique(kind, plans):
        seen = {}
        for plan in plans:
            key = kind.declaration.key_of(plan.params["name"])
            if key in seen:
                with about(plan.ref):
                    raise ScvInputError("name", "'%s' is listed twice (also %s[%d])" % (
                        plan.params["name"], kind.option, seen[key]))
            seen[key] = plan.ref.index

    def _pruned_names(self, kind):
        """Names of objects the appliance has that the kind's list does not mention, when it is pruned."""
        if not kind.prune:
            return []
        declaration = kind.declaration
        # Names the user asked pruning to leave alone count as listed; so does an old name being renamed.
        listed = set(declaration.key_of(name) for name in kind.keep)
        for item in kind.items:
            listed.add(declaration.key_of(item["name"]))
            if item.get("from_name"):
                listed.add(declaration.key_of(item["from_name"]))
        existing = self.list(declaration)
        for stored in existing:
            if declaration.key_of(stored.get(declaration.key_field)) in listed:
                listed.update(declaration.key_of(name) for name in declaration.covered_names(stored))
        return sorted(stored.get(declaration.key_field) for stored in existing
                      if declaration.key_of(stored.get(declaration.key_field)) not in listed)

    def reconcile_bulk(self, kinds, diff=False, max_deletions=None):
        """Plan and apply several kinds at once; the bulk module's result (objects per option, actions with
        their changes, changed, and with `diff` the before/after of every changed object grouped by option
        and name)."""
        plans = self.plan_bulk(kinds, max_deletions=max_deletions)
        results = self.apply(plans)
        result = dict((kind.option, []) for kind in kinds if kind.items is not None)
        actions, before, after = [], {}, {}
        for plan, item_result in zip(plans, results):
            declaration, option, name = plan.declaration, plan.ref.option, plan.params["name"]
            actions.append({"kind": declaration.kind, "name": name, "action": plan.summary,
                            "changed_options": list(plan.changed_options), "changes": plan.changes()})
            if plan.params.get("state", "present") != "absent":
                result[option].append(item_result[declaration.kind])
            if plan.changed:
                before.setdefault(option, {})[name] = item_result["diff"]["before"]
                after.setdefault(option, {})[name] = item_result["diff"]["after"]
        result["changed"] = any(action["action"] != "none" for action in actions)
        result["actions"] = actions
        if diff:
            result["diff"] = {"before": before, "after": after}
        return result

    # -- applying ----------------------------------------------------------------------------------

    def apply(self, plans):
        """Carry out the plans (nothing in check mode).  Returns one result dict per plan."""
        if self.check_mode:
            return [self._result(plan, plan.merged) for plan in plans]
        for index, plan in enumerate(plans):
            if plan.needs_replan:
                # It referenced an object planned earlier in this run, which now exists: plan again.
                # Against the object as read before planning (plan.current), not a
                # fresh list of its own kind per item, which made a bulk first apply O(N^2).
                current = plan.current if plan.rename_from is None else \
                    self.find(plan.declaration, plan.params["name"], refresh=True)
                plan = plans[index] = self._plan_item(plan, current=current)
            if plan.changed:
                # After a 409 on create the plan that took effect is another one (maybe no change).
                plan = plans[index] = self._apply_item(plan)
                # The cached list held the planned object; read the kind again when next needed.
                self._lists.pop(plan.declaration.kind, None)
        return [self._result(plan, self._stored(plan)) for plan in plans]

    def _stored(self, plan):
        """The object as the appliance now has it: re-read (one list call per kind) after a write."""
        if plan.action == "delete":
            return None
        if not plan.changed:
            return plan.current
        return self.find(plan.declaration, plan.params.get("name"))

    def _apply_item(self, plan):
        """Send the writes of one plan.  Returns the plan that took effect."""
        declaration = plan.declaration
        if plan.action == "delete":
            try:
                self.client.call(declaration.endpoints["delete"],
                                 path_params={"id": id_text(plan.current[declaration.id_field])})
            except ScvNotFoundError:
                pass    # deleted meanwhile by someone else: the goal is reached
            return plan
        if plan.rename_from is not None:
            self.client.call(declaration.endpoints["rename"],
                             body=declaration.rename_body(plan.rename_from[declaration.key_field],
                                                          plan.params["name"]))
        stored = plan.current
        if plan.action == "create":
            try:
                stored = self._write(plan, "create", body=self._body(plan))
            except ScvConflictError:
                # Someone created it between our read and our write: converge on what is there now.
                existing = self.find(declaration, plan.params["name"], refresh=True)
                if existing is None:
                    raise
                retry = self._plan_item(plan, current=existing)
                if retry.changed:
                    return self._apply_item(retry)
                return retry
        elif plan.action == "update":
            path_params = {"id": id_text(plan.current[declaration.id_field])} if declaration.update_path_id else None
            self._write(plan, "update", path_params=path_params, body=self._body(plan))
        if plan.state_actions:
            if not isinstance(stored, dict) or stored.get(declaration.id_field) is None:
                stored = self.find(declaration, plan.params["name"], refresh=True)
            for endpoint in plan.state_actions:
                self.client.call(endpoint, path_params={"id": id_text(stored[declaration.id_field])})
        return plan

    def _write(self, plan, role, **kwargs):
        """A create or update call; bad input the appliance refused says what to check, where it can."""
        try:
            return self.client.call(plan.declaration.endpoints[role], **kwargs)
        except ScvApiError as error:
            if error.status == 400:
                raise plan.declaration.explain_refusal(plan, error)
            raise

    def _body(self, plan):
        declaration = plan.declaration
        body = dict((key, value) for key, value in plan.merged.items() if key not in declaration.read_only)
        for field in declaration.fields:
            if field.action:
                body.pop(field.api, None)
            if field.write_only and not plan.send_write_only:
                body.pop(field.api, None)
        return declaration.write_form(body)

    def _result(self, plan, stored):
        declaration = plan.declaration
        result = {"changed": plan.changed, "diff": plan.diff()}
        if plan.params.get("state", "present") == "absent":
            result[declaration.kind] = {}
        else:
            result[declaration.kind] = declaration.to_options(stored if stored is not None else plan.merged)
        return result


def reconcile(module, declaration):
    """Run one module's item through the engine; the module result dict."""
    engine = Engine(module.client, vcenter=lambda: module.vcenter, check_mode=module.check_mode, warn=module.warn)
    result = engine.apply(engine.plan([(declaration, dict(module.params))]))[0]
    if not module._diff:
        result.pop("diff")
    return result


def describe(module, declaration):
    """The info modules: every object of the kind, in the module's vocabulary, filtered by name."""
    engine = Engine(module.client)
    name = module.params.get("name")
    objects = engine.list(declaration)
    if name is not None:
        wanted = declaration.key_of(name)
        objects = [item for item in objects if declaration.key_of(item.get(declaration.key_field)) == wanted]
    return {"changed": False, declaration.plural: [declaration.to_options(item) for item in objects]}
