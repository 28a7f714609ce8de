"""HTTP routes, one module per area of the contract."""
from fastapi import Request

from ..errors import ApiError

# documented error answers (all use the envelope); shown in the OpenAPI document
ERROR_RESPONSES = {code: {"description": text} for code, text in (
    (400, "Validation error (envelope, responseMessage names the field)"),
    (401, "Missing, invalid or expired token"),
    (404, "Unknown id, moref or path"),
    (409, "Duplicate name, object in use or wrong state"),
)}


def sim_of(request: Request):
    return request.app.state.sim


def by_id(table: dict, object_id: int, what: str) -> dict:
    found = table.get(str(object_id))
    if found is None:
        raise ApiError(404, f"No {what} with id '{object_id}'")
    return found
