"""Quartz cron validation (6 or 7 fields: sec min hour day-of-month month day-of-week [year])."""
import re

MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

# field name, low, high, names (mapped to low, low+1, ...)
FIELDS = [
    ("seconds", 0, 59, []), ("minutes", 0, 59, []), ("hours", 0, 23, []),
    ("day-of-month", 1, 31, []), ("month", 1, 12, MONTHS), ("day-of-week", 1, 7, WEEKDAYS),
    ("year", 1970, 2099, []),
]
SPECIAL_DAY_OF_MONTH = re.compile(r"^(L(-\d{1,2})?|LW|\d{1,2}W)$")
SPECIAL_DAY_OF_WEEK = re.compile(r"^([1-7]|[A-Z]{3})(L|#[1-5])$")


class CronError(ValueError):
    pass


def _value(text: str, field: tuple) -> int:
    name, low, high, names = field
    if text.upper() in names:
        return names.index(text.upper()) + low
    if not text.isdigit() or not text.isascii():
        raise CronError(f"{name}: '{text}' is not a number")
    number = int(text)
    if not low <= number <= high:
        raise CronError(f"{name}: {number} is outside {low}-{high}")
    return number


def _check_item(item: str, field: tuple) -> None:
    name = field[0]
    base, slash, step = item.partition("/")
    if slash and (not step.isdigit() or not step.isascii() or int(step) == 0):
        raise CronError(f"{name}: bad increment in '{item}'")
    if base == "*":
        return
    if not base:
        raise CronError(f"{name}: empty item in '{item}'")
    start, dash, end = base.partition("-")
    first = _value(start, field)
    # Quartz lets day-of-week ranges wrap around the week (FRI-MON); other ranges must go forward
    if dash and _value(end, field) < first and name != "day-of-week":
        raise CronError(f"{name}: range '{base}' runs backwards")


def _check_field(text: str, field: tuple) -> None:
    name = field[0]
    if text == "?":
        if name not in ("day-of-month", "day-of-week"):
            raise CronError(f"{name}: '?' is only allowed for day-of-month and day-of-week")
        return
    if name == "day-of-month" and SPECIAL_DAY_OF_MONTH.match(text.upper()):
        return
    if name == "day-of-week" and (text.upper() == "L" or SPECIAL_DAY_OF_WEEK.match(text.upper())):
        return
    for item in text.split(","):
        _check_item(item, field)


def validate_quartz_cron(expression: str) -> None:
    """Raise CronError naming the first problem; Quartz needs '?' in exactly one day field."""
    parts = expression.split()
    if len(parts) not in (6, 7):
        raise CronError(f"expected 6 or 7 fields (sec min hour day-of-month month day-of-week [year]), got {len(parts)}")
    for text, field in zip(parts, FIELDS):
        _check_field(text, field)
    if (parts[3] == "?") == (parts[5] == "?"):
        raise CronError("exactly one of day-of-month and day-of-week must be '?'")
