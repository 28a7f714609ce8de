# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The appliance's time strings and the durations users write (max_age, newer_than)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re

# Job and backup times are appliance-local strings like "11/28/2026 01:30:05 PM" (contract, weak wire
# evidence).  Also read, because NetApp's docs leave the format open: the same without seconds, with
# fractions of a second, on a 24-hour clock, and ISO 8601 (an offset is turned into the controller's local
# time), and numbers of seconds or milliseconds since 1970 (tests/unit/.../test_tolerance.py).
SCV_TIME_FORMATS = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %I:%M:%S.%f %p",
                    "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S.%f")
# A number above this is milliseconds since 1970, not seconds (1e11 s is the year 5138).
_EPOCH_MILLISECONDS = 1e11

_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_DURATION_PART = re.compile(r"(\d+)\s*([smhdw])")


def strptime_first(text, formats):
    """`text` read with the first of `formats` that fits, or None when none does."""
    for fmt in formats:
        try:
            return datetime.datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def read_scv_time(value):
    """datetime (naive, appliance-local) from an appliance time, None when absent.

    Raises ValueError for a time in a form this collection does not read (the caller names the call).
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("%r is not a time" % (value,))
    if isinstance(value, (int, float)):
        seconds = value / 1000.0 if value > _EPOCH_MILLISECONDS else value
        try:
            return datetime.datetime.fromtimestamp(seconds)
        except (OverflowError, OSError, ValueError):
            raise ValueError("%r is not a time (seconds since 1970 out of range)" % (value,))
    if not isinstance(value, str):
        raise ValueError("%r is not a time" % (value,))
    text = value.strip()
    parsed = strptime_first(text, SCV_TIME_FORMATS)
    if parsed is not None:
        return parsed
    try:
        parsed = datetime.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        raise ValueError("'%s' is not a time this collection reads (MM/DD/YYYY hh:mm:ss AM|PM, ISO 8601, "
                         "or seconds since 1970)" % value)
    return parsed.astimezone().replace(tzinfo=None) if parsed.tzinfo else parsed


def parse_scv_time(value):
    """datetime (naive, appliance-local) from an appliance time, or None when absent or unreadable."""
    try:
        return read_scv_time(value)
    except ValueError:
        return None


def scv_time_to_iso(value):
    """ISO 8601 form of an appliance time string, or None."""
    parsed = parse_scv_time(value)
    return parsed.isoformat() if parsed else None


def parse_duration(value):
    """Seconds from '90m', '24h', '7d', '1w', '1h30m' or a plain number of seconds.

    Raises ValueError with the reason when the text is not a duration.
    """
    if isinstance(value, bool):
        raise ValueError("expected a duration like 90m, 24h or 7d, got a boolean")
    if isinstance(value, (int, float)):
        if value <= 0:
            raise ValueError("a duration must be positive")
        return int(value)
    text = str(value).strip().lower()
    if text.isdigit():
        seconds = int(text)
    else:
        position = 0
        seconds = 0
        for match in _DURATION_PART.finditer(text):
            if text[position:match.start()].strip():
                break
            seconds += int(match.group(1)) * _DURATION_UNITS[match.group(2)]
            position = match.end()
        if position == 0 or text[position:].strip():
            raise ValueError("'%s' is not a duration; use a number with a unit s, m, h, d or w, "
                             "for example 90m, 24h, 7d or 1h30m" % value)
    if seconds <= 0:
        raise ValueError("a duration must be positive, got '%s'" % value)
    return seconds
