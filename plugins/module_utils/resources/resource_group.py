# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Resource groups: which VMs and datastores are backed up, with which policies, on which schedule."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import fold, id_text
from ansible_collections.snapcenter.vsphere.plugins.module_utils.declaration import Declaration, Field, name_option, state_option
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvInputError
from ansible_collections.snapcenter.vsphere.plugins.module_utils.options import Option
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources._names import check_object_name
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.policy import POLICY

# How the appliance writes a schedule's start time (appliance-local), and how the module does (ISO 8601).
SCV_START_TIME_FORMAT = "%m/%d/%Y %I:%M %p"
ISO_START_TIME_FORMAT = "%Y-%m-%dT%H:%M"

ENTITY_TYPES = {"vms": "VM", "datastores": "DATASTORE"}
SUSPENDED_STATUS = {True: "UNDER_MAINTENANCE", False: "PRODUCTION"}

# Which schedule options fit which policy frequency.
SCHEDULE_OPTIONS_BY_FREQUENCY = {
    "HOURLY": ("every", "start_time"),
    "DAILY": ("every", "start_time"),
    "WEEKLY": ("days_of_week", "start_time"),
    "MONTHLY": ("days_of_month", "start_time"),
}
SCHEDULE_REQUIRED_BY_FREQUENCY = {"WEEKLY": "days_of_week", "MONTHLY": "days_of_month"}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


# -- schedules -------------------------------------------------------------------------------------

def _parse_start_time(value, option):
    for parse in (datetime.datetime.fromisoformat,
                  lambda text: datetime.datetime.strptime(text, SCV_START_TIME_FORMAT)):
        try:
            return parse(str(value).strip())
        except ValueError:
            continue
    raise ScvInputError(option, "'%s' is not a local ISO 8601 time like 2026-12-01T01:30" % value)


def default_start_time(now=None):
    """Where a new schedule starts when no start_time is given: the next full hour (controller clock)."""
    now = now or datetime.datetime.now()
    return (now.replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)).strftime(SCV_START_TIME_FORMAT)


def schedule_to_api(schedule, frequency, option, current=None):
    """The module's schedule {every, start_time, days_of_week, days_of_month} in the API's form,
    checked against the policy's frequency (None: a policy this check-mode run only plans, not checked).

    Without start_time, the schedule keeps the start it has (`current`, the API form), so a re-run
    compares nothing it was not given; a new schedule starts at default_start_time()."""
    allowed = SCHEDULE_OPTIONS_BY_FREQUENCY.get(frequency, ("every", "days_of_week", "days_of_month", "start_time"))
    for key in ("every", "days_of_week", "days_of_month"):
        if schedule.get(key) not in (None, []) and key not in allowed:
            raise ScvInputError(option, "%s does not fit a %s policy (it takes %s)" % (
                key, frequency.lower(), " and ".join(allowed)))
    required = SCHEDULE_REQUIRED_BY_FREQUENCY.get(frequency)
    if required and not schedule.get(required):
        raise ScvInputError(option, "a %s policy needs %s" % (frequency.lower(), required))
    for day in schedule.get("days_of_month") or []:
        if not 1 <= day <= 31:
            raise ScvInputError(option, "days_of_month must be between 1 and 31, got %d" % day)
    if schedule.get("start_time"):
        start = _parse_start_time(schedule["start_time"], option + ".start_time").strftime(SCV_START_TIME_FORMAT)
    elif current and current.get("startTime"):
        start = current["startTime"]
    else:
        start = default_start_time()
    result = {"frequency": frequency, "startTime": start}
    if frequency is None:
        if schedule.get("every") is not None:
            result["every"] = schedule["every"]
    elif "every" in allowed:
        result["every"] = schedule.get("every") or 1
    if schedule.get("days_of_week"):
        result["daysOfWeek"] = [day.upper() for day in schedule["days_of_week"]]
    if schedule.get("days_of_month"):
        result["daysOfMonth"] = list(schedule["days_of_month"])
    return result


def schedule_from_api(schedule):
    if not schedule:
        return None
    start = schedule.get("startTime")
    return {
        "every": schedule.get("every"),
        "start_time": _parse_start_time(start, "schedule").strftime(ISO_START_TIME_FORMAT) if start else None,
        "days_of_week": [fold(str(day)) for day in schedule.get("daysOfWeek") or []] or None,
        "days_of_month": [int(day) for day in schedule.get("daysOfMonth") or []] or None,
    }


def schedule_item(schedule):
    """A schedule as a task writes it: only the options its frequency takes, days in calendar order."""
    if not schedule:
        return None
    view = schedule_from_api(schedule)
    allowed = SCHEDULE_OPTIONS_BY_FREQUENCY.get(str(schedule.get("frequency", "")).upper())
    if allowed is None:
        return view     # a frequency that takes no schedule: the export's own check reports it
    if view["days_of_week"]:
        view["days_of_week"] = sorted(view["days_of_week"], key=lambda day: WEEKDAYS.index(day) if day in WEEKDAYS else 7)
    if view["days_of_month"]:
        view["days_of_month"] = sorted(view["days_of_month"])
    return dict((key, view[key]) for key in ("every", "start_time", "days_of_week", "days_of_month")
                if key in allowed and view[key] is not None)


def _schedule_key(schedule):
    if not schedule:
        return None
    view = schedule_from_api(schedule)
    frequency = str(schedule.get("frequency", "")).upper()
    # `every` only counts where the frequency takes it (an appliance may answer every: 1 for a weekly
    # schedule), and there an unset one is 1, as schedule_to_api sends it.
    every = (view["every"] or 1) if "every" in SCHEDULE_OPTIONS_BY_FREQUENCY.get(frequency, ("every",)) else None
    return (frequency, every, view["start_time"],
            tuple(sorted(view["days_of_week"] or [])), tuple(sorted(view["days_of_month"] or [])))


# -- policies --------------------------------------------------------------------------------------

def _policies_to_api(wanted, context):
    current = dict((id_text(p.get("id")), p) for p in (context.current or {}).get("policies") or [])
    attached = []
    for index, item in enumerate(wanted):
        option = "policies[%d]" % index
        policy = context.lookup(POLICY, item["name"], "policies")
        # None: a policy that, in check mode, an earlier task only planned (its frequency is not known).
        frequency = str(policy["frequency"]).upper() if policy.get("frequency") else None
        was = current.get(id_text(policy.get("id"))) if policy.get("id") is not None else None
        schedule = item.get("schedule")
        if frequency == "ON_DEMAND":
            if schedule:
                raise ScvInputError(option + ".schedule", "policy '%s' is on_demand and takes no schedule" % item["name"])
            api_schedule = None
        elif schedule:
            api_schedule = schedule_to_api(schedule, frequency, option + ".schedule",
                                           current=(was or {}).get("schedule"))
        elif was is not None or frequency is None:
            # Attached already: keep the schedule it has.
            api_schedule = (was or {}).get("schedule")
        else:
            raise ScvInputError(option + ".schedule", "policy '%s' is %s: give a schedule, for example "
                                                      "schedule: {every: 1}" % (item["name"], frequency.lower()))
        attached.append({"id": policy.get("id"), "name": policy.get("name"), "schedule": api_schedule})
    return attached


def schedule_view(schedule):
    """A schedule as the module returns it: every option present, None where the frequency does not take it
    (an appliance answers every: 1 for a weekly schedule too), so the result can be given back as a task."""
    view = schedule_from_api(schedule)
    allowed = SCHEDULE_OPTIONS_BY_FREQUENCY.get(str((schedule or {}).get("frequency", "")).upper())
    if view is None or allowed is None:
        return view
    return dict((key, value if key in allowed else None) for key, value in view.items())


def _policies_from_api(api_object):
    return [{"name": p.get("name"), "schedule": schedule_view(p.get("schedule"))}
            for p in api_object.get("policies") or []]


def _policies_item(api_object, names):
    return sorted(({"name": names.policy(p.get("id"), p.get("name")), "schedule": schedule_item(p.get("schedule"))}
                   for p in api_object.get("policies") or []), key=lambda p: str(p["name"]))


def _policies_key(policies):
    return sorted((id_text(p.get("id")), _schedule_key(p.get("schedule"))) for p in policies or [])


# -- entities (VMs and datastores share one API list) ----------------------------------------------

def _entities_of(api_object, entity_type):
    return [e for e in (api_object or {}).get("entities") or [] if str(e.get("type", "")).upper() == entity_type]


def _entity_names(option):
    def from_api(api_object):
        return [e.get("name") or e.get("moref") for e in _entities_of(api_object, ENTITY_TYPES[option])]
    return from_api


def _entity_items(option):
    kind = option[:-1]      # vms -> vm, datastores -> datastore

    def to_item(api_object, names):
        return sorted(names.vcenter(kind, e.get("moref"), e.get("name"))
                      for e in _entities_of(api_object, ENTITY_TYPES[option]))
    return to_item


def _morefs_key(entities):
    return sorted(id_text(e.get("moref") if isinstance(e, dict) else e) for e in entities or [])


def _spanning_from_api(api_object):
    spanning = api_object.get("spanningDatastores") or {}
    return fold(str(spanning["spanningType"])) if spanning.get("spanningType") else None


def _spanning_datastores_from_api(api_object):
    return list((api_object.get("spanningDatastores") or {}).get("datastores") or [])


def _spanning_datastores_item(api_object, names):
    spanning = api_object.get("spanningDatastores") or {}
    datastores = spanning.get("datastores") or []
    if not datastores and str(spanning.get("spanningType") or "").upper() != "CUSTOM":
        return None     # nothing to say besides `spanning`
    return sorted(names.vcenter("datastore", moref, None) for moref in datastores)


def _spanning_key(spanning):
    spanning = spanning or {}
    return (str(spanning.get("spanningType") or "EXCLUDE_ALL").upper(),
            tuple(sorted(id_text(d) for d in spanning.get("datastores") or [])))


# -- the rest --------------------------------------------------------------------------------------

def _email_to_api(email, context):
    return {"from": email.get("from"), "to": list(email.get("to") or []), "subject": email.get("subject")}


def _email_from_api(api_object):
    settings = api_object.get("emailSettings")
    if not settings:
        return None
    return {"from": settings.get("from"), "to": list(settings.get("to") or []), "subject": settings.get("subject")}


def _email_key(settings):
    if not settings:
        return None
    return (settings.get("from"), tuple(sorted(settings.get("to") or [])), settings.get("subject"))


def _passed_through(value, context):
    """Options whose API field the declaration's combine() builds from several options."""
    return value


class ResourceGroupDeclaration(Declaration):

    def validate_params(self, params):
        check_object_name("name", params.get("name"), "resource group")

    def vcenter_references(self, stored):
        references = [("vm" if option == "vms" else "datastore", e.get("moref"), e.get("name"))
                      for option in ("vms", "datastores") for e in _entities_of(stored, ENTITY_TYPES[option])]
        references += [("datastore", moref, None)
                       for moref in (stored.get("spanningDatastores") or {}).get("datastores") or []]
        return references

    def vcenter_names(self, params):
        return [("vm", "vms", params.get("vms")),
                ("datastore", "datastores", params.get("datastores")),
                ("datastore", "spanning_datastores", params.get("spanning_datastores"))]

    def combine(self, fragment, params, current, context):
        if params.get("vms") is not None or params.get("datastores") is not None:
            vms = self._entities(params, "vms", "vm", current, context)
            fragment["entities"] = vms + self._entities(params, "datastores", "datastore", current, context)
        if params.get("spanning") is not None or params.get("spanning_datastores") is not None:
            was = (current or {}).get("spanningDatastores") or {}
            spanning = params.get("spanning")
            datastores = params.get("spanning_datastores")
            fragment["spanningDatastores"] = {
                "spanningType": spanning.upper() if spanning else (was.get("spanningType") or "EXCLUDE_ALL"),
                "datastores": ([context.moref("datastore", d) for d in datastores] if datastores is not None
                               else list(was.get("datastores") or [])),
            }
        return fragment

    @staticmethod
    def _entities(params, option, vcenter_kind, current, context):
        entity_type = ENTITY_TYPES[option]
        if params.get(option) is None:
            return _entities_of(current, entity_type)
        known_names = dict((e.get("moref"), e.get("name")) for e in _entities_of(current, entity_type))
        entities = []
        for given in params[option]:
            moref = context.moref(vcenter_kind, given)
            name = given if given != moref else known_names.get(moref, moref)
            entities.append({"moref": moref, "name": name, "type": entity_type})
        return entities

    def validate_plan(self, plan):
        after = self.to_options(plan.merged)
        if not after.get("vms") and not after.get("datastores"):
            raise ScvInputError("vms", "resource group '%s' needs at least one VM or datastore (vms, datastores)"
                                % after["name"])
        if after.get("spanning_datastores") and after.get("spanning") != "custom":
            raise ScvInputError("spanning_datastores", "only used with spanning: custom")

    def write_form(self, body):
        body["entities"] = [e["moref"] for e in body.get("entities") or []]
        body["policies"] = [{"id": p["id"], "schedule": p.get("schedule")} for p in body.get("policies") or []]
        return body


SCHEDULE_OPTIONS = [
    Option("every", "int", "Every how many hours (hourly policy) or days (daily policy). V(1) when not set."),
    Option("start_time", "str", [
        "First run, as ISO 8601 local time of the appliance, for example V(2026-12-01T01:30).",
        "When not set, a schedule the group has already keeps its start (and it is not compared); a new "
        "schedule starts at the next full hour of the controller's clock.",
    ]),
    Option("days_of_week", "list", "Days a weekly policy runs.", elements="str", choices=WEEKDAYS),
    Option("days_of_month", "list", "Days (1 to 31) a monthly policy runs.", elements="int"),
]

RESOURCE_GROUP = ResourceGroupDeclaration(
    kind="resource_group",
    plural="resource_groups",
    label="resource group",
    endpoints={
        "list": "resource_groups.list",
        "create": "resource_groups.create",
        "update": "resource_groups.update",
        "delete": "resource_groups.delete",
    },
    read_only=("lastRunStatus",),
    create_defaults={"description": "", "entities": [], "policies": [],
                     "spanningDatastores": {"spanningType": "EXCLUDE_ALL"}, "notification": "NEVER",
                     "emailSettings": None, "latestSnapshotName": False, "customSnapshotFormat": None,
                     "status": SUSPENDED_STATUS[False]},
    controls=[
        name_option("Name of the resource group: letters, digits and C(_). SCV refuses spaces and the characters "
                    "C(%&*$#@!\\/:?\"<>-|;',)."),
        state_option("V(present) creates or updates the resource group, V(absent) deletes it."),
    ],
    fields=[
        Field("description", "description", doc="Free text shown in the SCV UI."),
        Field("vms", "entities", type="list", elements="str", to_api=_passed_through, from_api=_entity_names("vms"),
              to_item=_entity_items("vms"), canonical=_morefs_key, doc=[
                  "The VMs to protect, by name or moref (V(vm-42)). Replaces the group's VMs; order does not matter.",
                  "At least one VM or datastore is required to create a group."]),
        Field("datastores", "entities", type="list", elements="str", to_api=_passed_through,
              from_api=_entity_names("datastores"), to_item=_entity_items("datastores"), canonical=_morefs_key,
              doc="The datastores to protect, by name or moref (V(datastore-11)). Replaces the group's datastores."),
        Field("policies", "policies", type="list", elements="dict", to_api=_policies_to_api,
              from_api=_policies_from_api, to_item=_policies_item, canonical=_policies_key, doc=[
                  "The policies the group backs up with, by policy name, each with its schedule. Replaces the "
                  "group's policies.",
                  "The schedule's frequency is the policy's; V(on_demand) policies take no schedule.",
                  "A policy already attached keeps its schedule when O(policies[].schedule) is not given."],
              suboptions=[
                  Option("name", "str", "Name of the policy.", required=True),
                  Option("schedule", "dict", "When scheduled backups run.", options=SCHEDULE_OPTIONS),
              ]),
        Field("spanning", "spanningDatastores", choices=["exclude_all", "include_all", "custom"],
              to_api=_passed_through, from_api=_spanning_from_api, canonical=_spanning_key, doc=[
                  "What to do with datastores that VMs of the group span besides the protected ones.",
                  "V(exclude_all) when not set on create."]),
        Field("spanning_datastores", "spanningDatastores", type="list", elements="str", to_api=_passed_through,
              from_api=_spanning_datastores_from_api, to_item=_spanning_datastores_item, canonical=_spanning_key,
              doc="With O(spanning=custom), the spanning datastores to include, by name or moref."),
        Field("notification", "notification", enum=True, choices=["never", "always", "error", "error_or_warnings"],
              doc="When SCV sends email about the group's jobs. V(never) when not set on create."),
        Field("email", "emailSettings", type="dict", to_api=_email_to_api, from_api=_email_from_api,
              canonical=_email_key, doc="Email settings for O(notification).", suboptions=[
                  Option("from", "str", "Sender address.", required=True),
                  Option("to", "list", "Recipient addresses.", elements="str", required=True),
                  Option("subject", "str", "Subject line."),
              ]),
        Field("latest_snapshot_name", "latestSnapshotName", type="bool",
              doc="Keep a copy of the newest snapshot under a C(_recent) name."),
        Field("snapshot_name_format", "customSnapshotFormat", canonical=lambda value: value or None,
              to_item=lambda api_object, names: api_object.get("customSnapshotFormat") or "", doc=[
                  "Custom snapshot name built from C($ResourceGroup), C($Policy), C($HostName), C($ScheduleType) "
                  "and C($CustomText). V(\"\") for the default name."]),
        Field("suspended", "status", type="bool", to_api=lambda value, context: SUSPENDED_STATUS[value],
              from_api=lambda api_object: api_object.get("status") == SUSPENDED_STATUS[True],
              action={SUSPENDED_STATUS[True]: "resource_groups.suspend",
                      SUSPENDED_STATUS[False]: "resource_groups.resume"},
              doc="V(true) suspends the group's scheduled backups, V(false) resumes them."),
    ],
)
