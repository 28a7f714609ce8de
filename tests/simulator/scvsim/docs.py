"""The appliance's own API description and Swagger UI, where the played SCV version publishes them.

SCV 4.9+ (springdoc): Swagger UI at /api/swagger-ui/index.html, OpenAPI 3 at /api/v3/api-docs.
Before 4.9 (springfox): Swagger UI at /api/swagger-ui.html, Swagger 2.0 at /api/v2/api-docs.
The other locations answer 404. The document lists exactly the API routes this instance serves (its
path dialect, nothing newer than its version, no /_sim), relative to the `/api` context path as a Spring
application behind a context path publishes them, with the request-body schemas the handlers accept.
"""
import copy
import json

import swagger_ui_bundle
from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

CONTEXT_PATH = "/api"
TITLE = "SnapCenter Plug-in for VMware vSphere REST API"
DESCRIPTION = ("SCV appliance (simulated). Log in with POST /4.1/auth/login (vCenter credentials), then "
               "'Authorize' with the token: every other call sends it as the `Token` header.")
SPRINGDOC = {"page": "/api/swagger-ui/index.html", "assets": "/api/swagger-ui", "document": "/api/v3/api-docs"}
SPRINGFOX = {"page": "/api/swagger-ui.html", "assets": "/api/webjars/springfox-swagger-ui",
             "document": "/api/v2/api-docs"}

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><title>SCV simulator - Swagger UI</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{assets}/swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle({{url: {doc}, dom_id: "#swagger-ui", deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout"}});
</script></body></html>
"""

# FastAPI's own validation answer (422) never happens here: bad input is a 400 envelope
FASTAPI_ONLY_SCHEMAS = ("HTTPValidationError", "ValidationError")


def camel_operation_id(route) -> str:
    """springdoc names operations after the handler method: listJobs, createPolicy..."""
    head, *rest = route.name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def build_openapi3(app: FastAPI, config) -> dict:
    document = get_openapi(title=TITLE, version=config.version, description=DESCRIPTION, routes=app.routes)
    paths = {}
    for path, operations in document["paths"].items():
        if not path.startswith(CONTEXT_PATH + "/"):
            continue
        for operation in operations.values():
            operation.get("responses", {}).pop("422", None)
        paths[path[len(CONTEXT_PATH):]] = operations
    document["paths"] = paths
    schemas = document.get("components", {}).get("schemas", {})
    for name in FASTAPI_ONLY_SCHEMAS:
        schemas.pop(name, None)
    if not config.supports("locking_period"):
        # the field is unknown to older appliances (they answer 400 when it is sent)
        schemas.get("PolicyBody", {}).get("properties", {}).pop("lockingPeriod", None)
        schemas.pop("LockingPeriod", None)
    document["servers"] = [{"url": CONTEXT_PATH}]
    return document


# --- OpenAPI 3.1 -> Swagger 2.0 (springfox) --------------------------------------------------------

SWAGGER2_SCHEMA_KEYS = {
    "$ref", "format", "title", "description", "default", "multipleOf", "maximum", "exclusiveMaximum",
    "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems",
    "uniqueItems", "maxProperties", "minProperties", "required", "enum", "type", "items", "allOf",
    "properties", "additionalProperties", "readOnly", "example",
}
SWAGGER2_PARAMETER_KEYS = {"type", "format", "items", "default", "maximum", "minimum", "maxLength",
                           "minLength", "pattern", "enum", "maxItems", "minItems"}


def _swagger2_schema(schema):
    if not isinstance(schema, dict):
        return schema
    schema = dict(schema)
    nullable = False
    for key in ("anyOf", "oneOf"):
        if key in schema:
            every = schema.pop(key)
            branches = [b for b in every if b.get("type") != "null"]
            nullable = nullable or len(branches) < len(every)
            if len(branches) == 1:
                schema = {**branches[0], **{k: v for k, v in schema.items() if k != key}}
            else:
                # several shapes (e.g. an id as integer or numeric string): Swagger 2.0 cannot say it
                kinds = " or ".join(b.get("type", b.get("$ref", "object").rsplit("/", 1)[-1]) for b in branches)
                schema.setdefault("description", f"one of: {kinds}")
    if isinstance(schema.get("type"), list):
        kinds = [kind for kind in schema["type"] if kind != "null"]
        nullable = nullable or len(kinds) < len(schema["type"])
        schema["type"] = kinds[0] if kinds else "string"
    if "const" in schema:
        schema["enum"] = [schema.pop("const")]
    for bound, flag in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(schema.get(bound), (int, float)) and not isinstance(schema.get(bound), bool):
            schema[flag] = schema.pop(bound)
            schema[bound] = True
    if "$ref" in schema:
        ref = schema["$ref"].replace("#/components/schemas/", "#/definitions/")
        return {"$ref": ref}   # Swagger 2.0: a $ref stands alone
    converted = {}
    for key, value in schema.items():
        if key not in SWAGGER2_SCHEMA_KEYS:
            continue
        if key == "properties":
            value = {name: _swagger2_schema(item) for name, item in value.items()}
        elif key in ("items", "additionalProperties") and isinstance(value, dict):
            value = _swagger2_schema(value)
        elif key == "allOf":
            value = [_swagger2_schema(item) for item in value]
        converted[key] = value
    if nullable:
        converted["x-nullable"] = True
    return converted


def _swagger2_parameter(parameter: dict) -> dict:
    schema = _swagger2_schema(parameter.get("schema", {}))
    converted = {"name": parameter["name"], "in": parameter["in"],
                 "required": bool(parameter.get("required", parameter["in"] == "path"))}
    if parameter.get("description"):
        converted["description"] = parameter["description"]
    converted.update({k: v for k, v in schema.items() if k in SWAGGER2_PARAMETER_KEYS})
    converted.setdefault("type", "string")
    if converted["type"] == "array":
        converted.setdefault("items", {"type": "string"})
        converted["collectionFormat"] = "multi"   # ?names=a&names=b
    return converted


def to_swagger2(document: dict) -> dict:
    converted = {
        "swagger": "2.0", "info": copy.deepcopy(document["info"]), "basePath": CONTEXT_PATH,
        "schemes": ["https"], "consumes": ["application/json"], "produces": ["application/json"],
        "paths": {}, "definitions": {},
        "securityDefinitions": {"APIKeyHeader": {"type": "apiKey", "name": "Token", "in": "header"}},
    }
    for path, operations in document["paths"].items():
        converted["paths"][path] = {}
        for method, operation in operations.items():
            kept = ("tags", "summary", "description", "operationId", "security")
            target = {k: copy.deepcopy(operation[k]) for k in kept if k in operation}
            parameters = [_swagger2_parameter(p) for p in operation.get("parameters", [])]
            body = operation.get("requestBody")
            if body:
                schema = body["content"]["application/json"]["schema"]
                parameters.append({"in": "body", "name": "body", "required": bool(body.get("required")),
                                   "schema": _swagger2_schema(schema)})
            if parameters:
                target["parameters"] = parameters
            target["responses"] = {}
            for status, response in operation.get("responses", {}).items():
                answer = {"description": response.get("description") or "Answer"}
                content = response.get("content", {})
                if "text/plain" in content:
                    target["produces"] = ["text/plain"]
                    answer["schema"] = {"type": "string"}
                target["responses"][status] = answer
            converted["paths"][path][method] = target
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        converted["definitions"][name] = _swagger2_schema(schema)
    return converted


def install_docs(app: FastAPI, config) -> None:
    springdoc = config.supports("springdoc")
    where = SPRINGDOC if springdoc else SPRINGFOX
    page = PAGE.format(assets=where["assets"], doc=json.dumps(where["document"]))
    cached = {}

    def document() -> dict:
        # the routes never change while the process runs: build once
        if "openapi3" not in cached:
            cached["openapi3"] = build_openapi3(app, config)
            cached["swagger2"] = to_swagger2(cached["openapi3"])
        return cached["openapi3"] if springdoc else cached["swagger2"]

    async def swagger_page():
        return HTMLResponse(page)

    async def api_document(request: Request):
        served = copy.deepcopy(document())
        # like springdoc/springfox, name the server the client reached
        if springdoc:
            served["servers"] = [{"url": f"{request.url.scheme}://{request.url.netloc}{CONTEXT_PATH}"}]
        else:
            served["host"] = request.url.netloc
        return JSONResponse(served)

    app.openapi = document
    # the page must be routed before the static mount (which would shadow it)
    app.add_api_route(where["page"], swagger_page, methods=["GET"], include_in_schema=False)
    app.add_api_route(where["document"], api_document, methods=["GET"], include_in_schema=False)
    app.mount(where["assets"], StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger-ui-assets")
