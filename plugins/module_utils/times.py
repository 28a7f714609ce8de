# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The appliance's time strings and the durations users write (max_age, newer_than)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re

# Job and backup times are appliance-local strings like "11/28/2026 01:30:05 PM".
SCV_TIME_FORMATS = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p")

_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_DURATION_PART = re.compile(r"(\d+)\s*([smhdw])")


def parse_scv_time(value):
    """datetime (naive, appliance-local) from an appliance time string, or None when absent/unparsable."""
    if not value or not isinstance(value, str):
        return None
    for fmt in SCV_TIME_FORMATS:
        try:
            return datetime.datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
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
