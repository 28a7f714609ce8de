"""Input rules the contract states: object names, ids in paths, schedule times."""
import datetime

from .errors import bad_request, not_found
from .state import SCHEDULE_TIME_FORMAT

# policy, resource group and backup names may not contain these characters (contract section 1)
FORBIDDEN_NAME_CHARACTERS = set("%&*$#@!\\/:?\"<>-|;',")
MAX_NAME_LENGTH = 256
MAX_SNAPSHOT_LABEL = 31


def check_object_name(name: str, field: str = "name") -> None:
    if not name:
        raise bad_request(f"{field}: must not be empty")
    if len(name) > MAX_NAME_LENGTH:
        raise bad_request(f"{field}: at most {MAX_NAME_LENGTH} characters")
    bad = sorted({char for char in name if char in FORBIDDEN_NAME_CHARACTERS or char.isspace()})
    if bad:
        shown = " ".join("space" if char.isspace() else char for char in bad)
        raise bad_request(f"{field}: '{name}' contains characters that are not allowed: {shown}")


def parse_path_id(raw: str, what: str) -> int:
    """Ids are opaque scalars to clients (`42` or `"42"`); anything else names no object."""
    text = str(raw).strip().strip('"')
    if not text.isdigit() or not text.isascii():
        raise not_found(f"No {what} with id '{raw}'")
    return int(text)


def check_schedule_start(value: str | None, field: str) -> None:
    if value is None:
        return
    try:
        datetime.datetime.strptime(value, SCHEDULE_TIME_FORMAT)
    except ValueError as error:
        raise bad_request(f"{field}: '{value}' is not of the form MM/DD/YYYY hh:mm AM|PM") from error
