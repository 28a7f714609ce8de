"""The served OpenAPI document validates, Swagger UI is bundled, and fuzzing finds no 5xx."""
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate


FUZZ_EXAMPLES_PER_OPERATION = 6


def _get(sim, path):
    response = requests.get(f"https://{sim.host}:{sim.port}{path}", verify=sim.ca_path, timeout=30)
    assert response.status_code == 200, path
    return response


def test_openapi_document_validates(sim):
    document = _get(sim, "/api/v3/api-docs").json()
    validate(document)
    assert document == _get(sim, "/api/openapi.json").json()
    paths = set(document["paths"])
    assert "/api/4.1/datastores/backups/{backupId}/snapshotlocators" in paths
    assert not any(path.startswith("/_sim") for path in paths)
    assert document["components"]["securitySchemes"]["APIKeyHeader"]["name"] == "Token"


def test_swagger_ui_is_served_without_cdn(sim):
    for page in ("/api/swagger-ui/index.html", "/api/swagger-ui.html"):
        html = _get(sim, page).text
        assert "/api/swagger-ui/swagger-ui-bundle.js" in html and "http" not in html.split("<body>")[1]
    assert len(_get(sim, "/api/swagger-ui/swagger-ui-bundle.js").content) > 100000


def _operations(sim):
    document = _get(sim, "/api/v3/api-docs").json()
    schema = schemathesis.openapi.from_dict(document)
    return [result.ok() for result in schema.get_all_operations()]


def test_fuzzing_finds_no_server_errors(sim):
    token = sim.login()
    scv = f"https://{sim.host}:{sim.port}"
    # some real objects so that fuzzed ids sometimes hit something
    requests.post(f"{sim.scv_url}/4.1/storage-system", headers={"Token": token}, verify=sim.ca_path, timeout=30,
                  json={"name": "cluster1.demo.local", "userName": "admin", "password": "netapp-demo-1"})
    failures = []
    operations = _operations(sim)
    assert len(operations) > 35

    for operation in operations:
        @settings(max_examples=FUZZ_EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def fuzz(case):
            case.headers = {**(case.headers or {}), "Token": token}
            response = case.call(base_url=scv, verify=sim.ca_path, timeout=30)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} -> {response.status_code} {response.text[:200]}")

        fuzz()
    assert not failures, "\n".join(failures[:20])
    assert len(sim.requests()) > 2 * len(operations)   # the fuzzer really sent requests
