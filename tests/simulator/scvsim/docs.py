"""Swagger UI (bundled assets, no CDN) and the OpenAPI JSON at the contract's paths."""
import json

import swagger_ui_bundle
from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/api/swagger-ui"
OPENAPI_DOC_PATH = "/api/v3/api-docs"

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


def install_docs(app: FastAPI) -> None:
    page = PAGE.format(assets=ASSETS, doc=json.dumps(OPENAPI_DOC_PATH))

    async def swagger_page():
        return HTMLResponse(page)

    async def openapi_document():
        return JSONResponse(app.openapi())

    # SCV 4.9+ path and the older one; the page must be routed before the static mount shadows it
    app.add_api_route(f"{ASSETS}/index.html", swagger_page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/api/swagger-ui.html", swagger_page, methods=["GET"], include_in_schema=False)
    app.add_api_route(OPENAPI_DOC_PATH, openapi_document, methods=["GET"], include_in_schema=False)
    app.mount(ASSETS, StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger-ui-assets")
