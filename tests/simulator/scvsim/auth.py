"""SCV tokens: issued by /4.1/auth/login, sent back as the `Token` header, expiring after token_ttl."""
import secrets

from fastapi import Request, Security
from fastapi.security import APIKeyHeader

from .errors import ApiError

token_header = APIKeyHeader(name="Token", auto_error=False, description="Token from POST /4.1/auth/login")


def credentials_valid(state, username: str, password: str) -> bool:
    login = state["login"]
    # vCenter accepts the user name in any case; the password must match exactly
    return username.lower() == login["username"].lower() and secrets.compare_digest(
        password.encode(), login["password"].encode())


def issue_token(sim, username: str) -> str:
    token = secrets.token_urlsafe(32)
    sim.state["tokens"][token] = {"username": username, "expires": sim.state.now() + sim.config.token_ttl}
    return token


def check_token(sim, token: str | None) -> None:
    if not token:
        raise ApiError(401, "Missing Token header: log in with POST /4.1/auth/login")
    session = sim.state["tokens"].get(token)
    if session is None:
        raise ApiError(401, "Invalid token: log in again")
    if session["expires"] <= sim.state.now():
        raise ApiError(401, "Token expired: log in again")


async def require_token(request: Request, token: str | None = Security(token_header)) -> None:
    check_token(request.app.state.sim, token)


def expire_all(sim) -> int:
    now = sim.state.now()
    for session in sim.state["tokens"].values():
        session["expires"] = now - 1
    for session in sim.state["vcenter_sessions"].values():
        session["expires"] = now - 1
    return len(sim.state["tokens"]) + len(sim.state["vcenter_sessions"])
