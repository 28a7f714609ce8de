# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one reconcile engine for configuration objects (storage systems, policies, resource groups).

A resource is described by a `Declaration` (resources/*.py): its endpoints by name, its natural key,
and one `Field` per module option saying which API field it maps to, how to convert it each way and
how to compare it.  The engine does the rest, the same way for every resource:

    read current (one list call per kind, cached for the run) -> build the desired API fragment from
    the options the user set (names resolved to ids/morefs first) -> compare only those fields ->
    plan create / update / rename / delete -> check-mode gate (no write, ever) -> apply -> re-read
    -> result with `changed`, the resource in the module's vocabulary, and diff {before, after}.

`Engine.plan(items)` and `Engine.apply(plan)` are separate so a bulk module can plan many items of
several kinds in one task, reusing the list results, with no second copy of this logic.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import (
    ScvConflictError,
    ScvInputError,
    ScvLookupError,
    ScvNotFoundError,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils.vcenter import looks_like_moref

# What a secret looks like in a diff or a predicted result.
MASK = "********"

# Options that steer the engine rather than describe the resource.
CONTROL_OPTIONS = ("state", "from_name", "update_password")

_UNSET = object()


def _lower_enum(value):
    return value.lower() if isinstance(value, str) else value


def _upper_enum(value):
    return value.upper() if isinstance(value, str) else value


def _identity(value):
    return value


def id_text(value):
    """Ids are opaque scalars (42 or "42"): compare them as strings."""
    return None if value is None else str(value)


class Field:
    """One module option and the API field it lives in.

    option: the module's option name (snake_case).
    api: the API field name it is stored in.  Several options may share one API field (for example
        retention_count and retention_days both live in `retention`); the declaration's
        `combine` hook then builds that field from all of them.
    enum: True when the API spells the value in upper case and the module in lower case.
    to_api(value, context) -> API value; from_api(api_object) -> option value;
    canonical(api_value) -> a value that compares equal when the appliance would store the same thing.
    write_only: the appliance never returns it (passwords): never compared, sent on create and when
        the declaration says so (update_password: always).
    secret: masked in diff and predicted results.
    action: {api_value: endpoint name} when the field is changed through its own endpoint rather
        than the PUT body (suspend/resume).
    """

    def __init__(self, option, api, enum=False, to_api=None, from_api=None, canonical=None,
                 write_only=False, secret=False, action=None):
        self.option = option
        self.api = api
        self.enum = enum
        self._to_api = to_api
        self._from_api = from_api
        self._canonical = canonical
        self.write_only = write_only
        self.secret = secret
        self.action = action

    def to_api(self, value, context):
        if self._to_api:
            return self._to_api(value, context)
        return _upper_enum(value) if self.enum else value

    def from_api(self, api_object):
        if self._from_api:
            return self._from_api(api_object)
        value = api_object.get(self.api)
        return _lower_enum(value) if self.enum else value

    def canonical(self, api_value):
        if self._canonical:
            return self._canonical(api_value)
        if self.enum:
            return _upper_enum(api_value)
        if isinstance(api_value, list):
            return sorted(api_value, key=repr)
        return api_value


class Declaration:
    """What the engine needs to know about one kind of configuration object.

    kind: the result key of the module (`policy`); plural: the list key of the info module.
    label: how messages name the kind ("storage system").
    endpoints: {'list', 'create', 'update', 'delete'[, 'rename']} -> names in api.ENDPOINTS.
    key_field: the API field holding the natural key (the name); the option is always `name`.
    key_folds_case: names compare case-insensitively (host names).
    id_field: the API field holding the id.
    fields: the Field list (every option but name/state and the CONTROL_OPTIONS).
    read_only: API fields never sent back in a POST/PUT body.
    create_defaults: API fields sent on create when the user did not set them.
    update_path_id: the update endpoint addresses the object by {id} in the path.
    """

    def __init__(self, kind, plural, label, endpoints, fields, key_field="name", id_field="id",
                 key_folds_case=False, read_only=(), create_defaults=None, update_path_id=True):
        self.kind = kind
        self.plural = plural
        self.label = label
        self.endpoints = endpoints
        self.fields = tuple(fields)
        self.key_field = key_field
        self.id_field = id_field
        self.key_folds_case = key_folds_case
        self.read_only = tuple(read_only)
        self.create_defaults = dict(create_defaults or {})
        self.update_path_id = update_path_id

    # -- hooks a resource may override -------------------------------------------------------------

    def validate_params(self, params):
        """Check the options alone, before any request.  Raise ScvInputError."""

    def validate_plan(self, plan):
        """Check the planned object (plan.merged, API form; plan.action says create or update),
        before any write.  Raise ScvInputError naming the option."""

    def vcenter_names(self, params):
        """[(kind, option, [names])] this item needs resolved through vCenter."""
        return []

    def combine(self, fragment, params, current, context):
        """Adjust the desired fragment where several options share API fields.  Returns it."""
        return fragment

    def write_form(self, body):
        """The POST/PUT body from the merged object in its read form."""
        return body

    def rename_body(self, old_name, new_name):
        raise NotImplementedError

    def send_write_only_on_update(self, params):
        """A password cannot be read back: send it on update only when the user asks for it."""
        return params.get("update_password") == "always"

    # -- conversions --------------------------------------------------------------------------------

    def key_of(self, name):
        if name is None:
            return None
        return name.lower() if self.key_folds_case else name

    def field(self, option):
        for candidate in self.fields:
            if candidate.option == option:
                return candidate
        raise KeyError(option)

    def to_options(self, api_object):
        """The API object in the module's vocabulary: option names (plus `id`), never a secret."""
        if api_object is None:
            return {}
        result = {"id": id_text(api_object.get(self.id_field)), "name": api_object.get(self.key_field)}
        for field in self.fields:
            if not field.write_only:
                result[field.option] = field.from_api(api_object)
        return result

    def set_options(self, params):
        """The resource options the user set (None means not set)."""
        return dict((field.option, params.get(field.option)) for field in self.fields
                    if params.get(field.option) is not None)


class ItemPlan:
    """What the engine will do for one item, and what it saw while deciding."""

    def __init__(self, declaration, params):
        self.declaration = declaration
        self.params = params
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

    def diff(self):
        declaration = self.declaration
        before = declaration.to_options(self.rename_from if self.rename_from is not None else self.current)
        after = declaration.to_options(self.merged) if self.action != "delete" else {}
        if self.send_write_only:
            for field in declaration.fields:
                if field.write_only and field.secret and self.params.get(field.option) is not None:
                    after[field.option] = MASK
        return {"before": before, "after": after}


class PlanContext:
    """What a Field's to_api and a declaration's combine hook may use while building the fragment."""

    def __init__(self, engine, plan):
        self.engine = engine
        self.plan = plan

    @property
    def current(self):
        return self.plan.current

    def lookup(self, declaration, name, option):
        """The object of that kind named `name` (API form); fails naming the option."""
        found = self.engine.find(declaration, name)
        if found is None:
            raise ScvLookupError(option, declaration.label, name)
        if found.get(declaration.id_field) is None:
            # Planned in this run, not created yet: plan this item again once it exists.
            self.plan.needs_replan = True
        return found

    def moref(self, kind, name):
        return self.engine.moref(kind, name)


class Engine:
    """Plans and applies items (declaration, params) against one appliance.

    client: ScvClient; vcenter: a callable returning a VcenterClient (only called when a name needs
    resolving); check_mode: never write.
    """

    def __init__(self, client, vcenter=None, check_mode=False):
        self.client = client
        self._vcenter_factory = vcenter
        self.check_mode = check_mode
        self._lists = {}       # declaration.kind -> [API objects] (one list call per kind per run)
        self._morefs = {}      # (vcenter kind, name) -> moref

    # -- reading -----------------------------------------------------------------------------------

    def list(self, declaration, refresh=False):
        if refresh or declaration.kind not in self._lists:
            self._lists[declaration.kind] = list(self.client.call(declaration.endpoints["list"]))
        return self._lists[declaration.kind]

    def find(self, declaration, name, refresh=False):
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

    def resolve_names(self, items):
        """Resolve every vCenter name all items need: one request per kind, before any write."""
        wanted = {}     # kind -> {name: option}
        for declaration, params in items:
            for kind, option, names in declaration.vcenter_names(params):
                for name in names or []:
                    if looks_like_moref(kind, name):
                        self._morefs[(kind, name)] = name
                    elif (kind, name) not in self._morefs:
                        wanted.setdefault(kind, {}).setdefault(name, option)
        for kind, names in wanted.items():
            options = sorted(set(names.values()))
            try:
                resolved = self._vcenter().resolve(kind, list(names), option=options[0])
            except ScvLookupError as error:
                # Name the option that really holds the unknown name.
                raise ScvLookupError(names.get(error.name, error.option), error.kind, error.name,
                                     error.candidates)
            for name, moref in resolved.items():
                self._morefs[(kind, name)] = moref

    def moref(self, kind, name):
        return self._morefs[(kind, name)]

    def _vcenter(self):
        if self._vcenter_factory is None:
            raise ScvInputError("vcenter_hostname", "a vCenter connection is needed to resolve names")
        return self._vcenter_factory()

    # -- planning ----------------------------------------------------------------------------------

    def plan(self, items):
        """Plan every (declaration, params) item; no write happens here.  Returns [ItemPlan]."""
        for declaration, params in items:
            declaration.validate_params(params)
        self.resolve_names([item for item in items if item[1].get("state", "present") != "absent"])
        plans = []
        for declaration, params in items:
            plans.append(self._plan_item(declaration, params))
        return plans

    def _plan_item(self, declaration, params, current=_UNSET):
        plan = ItemPlan(declaration, params)
        name = params["name"]
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
            plan.rename_from = source
            plan.current = dict(source)
            plan.current[declaration.key_field] = name

        context = PlanContext(self, plan)
        set_options = declaration.set_options(params)
        fragment = {}
        for option, value in set_options.items():
            field = declaration.field(option)
            fragment[field.api] = field.to_api(value, context)
        fragment = declaration.combine(fragment, params, plan.current, context)
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

        declaration.validate_plan(plan)
        self._remember(declaration, plan.rename_from if plan.rename_from is not None else plan.current,
                       plan.merged)
        return plan

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
                plan = plans[index] = self._plan_item(plan.declaration, plan.params, current=current)
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
        return self.find(plan.declaration, plan.params["name"])

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
                stored = self.client.call(declaration.endpoints["create"], body=self._body(plan))
            except ScvConflictError:
                # Someone created it between our read and our write: converge on what is there now.
                existing = self.find(declaration, plan.params["name"], refresh=True)
                if existing is None:
                    raise
                retry = self._plan_item(declaration, plan.params, current=existing)
                if retry.changed:
                    return self._apply_item(retry)
                return retry
        elif plan.action == "update":
            path_params = {"id": id_text(plan.current[declaration.id_field])} if declaration.update_path_id else None
            self.client.call(declaration.endpoints["update"], path_params=path_params, body=self._body(plan))
        if plan.state_actions:
            if not isinstance(stored, dict) or stored.get(declaration.id_field) is None:
                stored = self.find(declaration, plan.params["name"], refresh=True)
            for endpoint in plan.state_actions:
                self.client.call(endpoint, path_params={"id": id_text(stored[declaration.id_field])})
        return plan

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
    engine = Engine(module.client, vcenter=lambda: module.vcenter, check_mode=module.check_mode)
    params = dict(module.params)
    result = engine.apply(engine.plan([(declaration, params)]))[0]
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


def run_info_module(declaration):
    """The whole main() of an info module: option `name` filters, everything else is listed."""
    # Imported here so the engine itself does not need AnsibleModule (a bulk caller brings its own).
    from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import ScvModule

    module = ScvModule(argument_spec=dict(name=dict(type="str")), supports_check_mode=True)
    module.run(lambda m: describe(m, declaration))
