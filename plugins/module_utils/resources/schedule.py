# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The appliance's built-in maintenance schedules: a fixed set, each with a Quartz cron expression.

An update-only kind: the appliance has exactly these five, so there is nothing to create, delete or prune.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.snapcenter.vsphere.plugins.module_utils.declaration import Declaration, Field, name_option
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvInputError

BUILTIN_SCHEDULES = (
    "Schedule-DatabaseDump",
    "Schedule-PurgeBackups",
    "Schedule-AsupDataCollection",
    "Schedule-ComputeStorageSaving",
    "Schedule-PurgeJobs",
)


# -- Quartz cron ---------------------------------------------------------------------------------------
_MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
_DAYS = "SUN MON TUE WED THU FRI SAT".split()
# field name, low, high, names (value = index + low), special forms besides numbers/ranges/steps;
# a special's group "n" is a value that must be in range.
_CRON_FIELDS = (
    ("seconds", 0, 59, None, ()),
    ("minutes", 0, 59, None, ()),
    ("hours", 0, 23, None, ()),
    ("day-of-month", 1, 31, None, (r"\?", r"LW?", r"L-(?P<n>\d{1,2})", r"(?P<n>\d{1,2})W")),
    ("month", 1, 12, _MONTHS, ()),
    ("day-of-week", 1, 7, _DAYS, (r"\?", r"L", r"(?P<n>\w{1,3})L", r"(?P<n>\w{1,3})#[1-5]")),
    ("year", 1970, 2099, None, ()),
)


def _cron_value(text, low, high, names):
    if names and text.upper() in names:
        return True
    return text.isdigit() and low <= int(text) <= high


def _cron_item_ok(item, low, high, names, specials):
    for special in specials:
        found = re.match(r"^(?:%s)$" % special, item, re.IGNORECASE)
        if found:
            value = found.groupdict().get("n")
            return value is None or _cron_value(value, low, high, names)
    base, _sep, step = item.partition("/")
    if step and not (step.isdigit() and int(step) > 0):
        return False
    if base == "*":
        return True
    start, _dash, end = base.partition("-")
    if not _cron_value(start, low, high, names):
        return False
    return not end or _cron_value(end, low, high, names)


# What the cron errors show as a valid expression.
CRON_EXAMPLE = "for example '0 0 2 * * ?' is every day at 02:00, '0 30 1 ? * SUN' every Sunday at 01:30"


def validate_quartz_cron(expression, option="cron"):
    """A Quartz cron expression: 6 or 7 fields (seconds first, optional year); one of day-of-month and
    day-of-week must be ``?``.  Returns it with single spaces; fails naming the option and the field."""
    fields = str(expression or "").split()
    if len(fields) not in (6, 7):
        raise ScvInputError(option, "'%s' is not a Quartz cron expression: it needs 6 or 7 fields "
                                    "(seconds minutes hours day-of-month month day-of-week [year]), "
                                    "it has %d; %s" % (expression, len(fields), CRON_EXAMPLE))
    for text, (field, low, high, names, specials) in zip(fields, _CRON_FIELDS):
        for item in text.split(","):
            if not item or not _cron_item_ok(item, low, high, names, specials):
                raise ScvInputError(option, "'%s': the %s field '%s' is not valid (allowed %d-%d%s)" % (
                    expression, field, text, low, high, ", names" if names else ""))
    if (fields[3] == "?") == (fields[5] == "?"):
        raise ScvInputError(option, "'%s': exactly one of day-of-month and day-of-week must be '?' "
                                    "(Quartz rule); %s" % (expression, CRON_EXAMPLE))
    return " ".join(fields)


def _single_spaced(value):
    return " ".join(str(value or "").split())


class ScheduleDeclaration(Declaration):

    def validate_params(self, params):
        if params.get("cron") is not None:
            validate_quartz_cron(params["cron"], "cron")


SCHEDULE = ScheduleDeclaration(
    kind="schedule",
    plural="schedules",
    label="schedule",
    endpoints={"list": "schedules.list", "update": "schedules.update"},
    update_only=True,
    # Known by name; PUT /4.1/schedules names the schedule in its body.
    id_field=None,
    update_path_id=False,
    read_only=("description",),
    controls=[name_option("The built-in schedule.", choices=list(BUILTIN_SCHEDULES))],
    fields=[
        Field("cron", "cronExpression", required=True, to_api=lambda value, context: _single_spaced(value),
              canonical=_single_spaced, doc=[
                  "Quartz cron expression - 6 or 7 fields (seconds, minutes, hours, day of month, month, day of "
                  "week, optional year), with V(?) in exactly one of day of month and day of week.",
                  "For example V(0 0 2 * * ?) (every day at 02:00) or V(0 30 1 ? * SUN) (Sundays at 01:30)."]),
        Field("description", "description", read_only=True),
    ],
)
