"""The SCV answer envelope: {statusCode, statusMessage, responseMessage, response, uri: null}."""
from fastapi import Request
from fastapi.responses import JSONResponse

from .errors import STATUS_MESSAGES


def envelope_body(status: int, payload, messages: list[str]) -> dict:
    return {"statusCode": status, "statusMessage": STATUS_MESSAGES.get(status, "Error"),
            "responseMessage": messages, "response": payload, "uri": None}


def error_response(status: int, messages: list[str], headers: dict | None = None) -> JSONResponse:
    return JSONResponse(envelope_body(status, None, messages), status_code=status, headers=headers)


def ok(request: Request, payload, *messages: str, status: int = 200) -> JSONResponse:
    """A success envelope; the payload passes through the dialect's id presentation."""
    sim = request.app.state.sim
    return JSONResponse(envelope_body(status, sim.present(payload), list(messages) or ["Success"]),
                        status_code=status)
