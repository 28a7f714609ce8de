"""Builds the two ASGI applications (SCV and vCenter) that share one SimContext."""
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from .auth import require_token
from .docs import camel_operation_id, install_docs
from .envelope import error_response
from .errors import ApiError
from .faults import InstrumentedApp
from .jobs import advance
from .routes import auth as auth_routes
from .routes import audit as audit_routes
from .routes import datastores, jobs, policies, reports, resource_groups, schedules, storage, vcenter, vm
from .routes import sim as sim_routes

SCV_PREFIX = "/api"


def validation_messages(error: RequestValidationError) -> list[str]:
    """Pydantic errors as 'field.path: reason' lines (the `body`/`query` location dropped)."""
    messages = []
    for item in error.errors():
        location = [str(part) for part in item.get("loc", ())]
        if location and location[0] in ("body", "query", "path", "header"):
            where = location[0]
            location = location[1:]
        else:
            where = "request"
        field = ".".join(location) or where
        reason = item.get("msg", "invalid")
        if item.get("type") == "json_invalid":
            field, reason = "body", "not valid JSON"
        messages.append(f"{field}: {reason}")
    return messages or ["Invalid request"]


def protected_routers(config) -> list:
    """The token-protected API areas this SCV version has (later ones are simply not there: 404)."""
    routers = [storage.router, storage.build_rename_router(config), policies.router, resource_groups.router,
               vm.router, datastores.build_router(config.paths)]
    if config.supports("jobs"):
        routers.append(jobs.router)
    if config.supports("reports"):
        routers.append(reports.router)
    if config.supports("schedules"):
        routers.append(schedules.router)
    if config.supports("audit"):
        routers.append(audit_routes.router)
    return routers


def build_scv_app(sim) -> FastAPI:
    # the API description is served by install_docs where the played version publishes it
    app = FastAPI(title="SnapCenter Plug-in for VMware vSphere REST API (simulator)", version=sim.config.version,
                  openapi_url=None, docs_url=None, redoc_url=None,
                  generate_unique_id_function=camel_operation_id)
    app.state.sim = sim
    app.include_router(auth_routes.router, prefix=SCV_PREFIX)
    for router in protected_routers(sim.config):
        app.include_router(router, prefix=SCV_PREFIX, dependencies=[Depends(require_token)])
    app.include_router(sim_routes.router)
    install_docs(app, sim.config)

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, error: ApiError):
        return error_response(error.status, error.messages)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, error: RequestValidationError):
        return error_response(400, validation_messages(error))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        if error.status_code == 404:
            return error_response(404, [f"No such path: {request.url.path}"])
        return error_response(error.status_code, [str(error.detail)], getattr(error, "headers", None))

    return app


def build_vcenter_app(sim) -> FastAPI:
    app = FastAPI(title="vCenter (simulated subset of the vSphere Automation API)", version="8.0",
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None)
    app.state.sim = sim
    app.include_router(vcenter.router)

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, error: ApiError):
        error_type = getattr(error, "error_type", vcenter.ERROR_TYPES.get(error.status, "ERROR"))
        return JSONResponse(vcenter.vcenter_error_body(error_type, error.messages), status_code=error.status)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, error: RequestValidationError):
        return JSONResponse(vcenter.vcenter_error_body("INVALID_ARGUMENT", validation_messages(error)), 400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, error: StarletteHTTPException):
        error_type = vcenter.ERROR_TYPES.get(error.status_code, "ERROR")
        return JSONResponse(vcenter.vcenter_error_body(error_type, [str(error.detail)]), error.status_code)

    return app


def build_listeners(sim) -> dict:
    """{"scv": asgi_app, "vcenter": asgi_app}, each wrapped for faults, logging and job advancement."""
    def before_request():
        advance(sim)

    return {"scv": InstrumentedApp(build_scv_app(sim), sim, "scv", before_request),
            "vcenter": InstrumentedApp(build_vcenter_app(sim), sim, "vcenter", before_request)}
