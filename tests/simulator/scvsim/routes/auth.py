"""POST /4.1/auth/login."""
from fastapi import APIRouter, Request

from ..auth import credentials_valid, issue_token
from ..audit import audited, note
from ..envelope import ok
from ..errors import ApiError
from ..models import LoginBody
from . import sim_of

router = APIRouter(tags=["auth"])


@router.post("/4.1/auth/login", responses={401: {"description": "Bad credentials"}},
             dependencies=[audited("ACCOUNT", "LOGIN")])
async def login(body: LoginBody, request: Request):
    sim = sim_of(request)
    note(request, obj=body.username, user=body.username, details="Login")
    if not credentials_valid(sim.state, body.username, body.password):
        raise ApiError(401, "Login failed: invalid vCenter user name or password")
    return ok(request, {"token": issue_token(sim, body.username)}, "Login successful")
