"""The appliance's own API description: where each version publishes it, that it validates, that it
lists exactly the served paths with every request field of the contract, and fuzzing finds no 5xx."""
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate

from harness import Simulator

FUZZ_EXAMPLES_PER_OPERATION = 6

# The contract's endpoints, written out independently of the simulator's code: (method, path, since).
# {snapshots} and {hosts} are the datastore segments that depend on the path dialect.
CONTRACT = [
    ("post", "/4.1/auth/login", "4.1"),
    ("get", "/4.1/storage-system", "4.1"), ("post", "/4.1/storage-system", "4.1"),
    ("put", "/4.1/storage-system", "4.1"), ("patch", "/4.1/storage-system", "5.0"),
    ("delete", "/4.1/storage-system/{storageSystemId}", "4.1"),
    ("get", "/4.1/policies", "4.1"), ("post", "/4.1/policies", "4.1"),
    ("get", "/4.1/policies/{policyId}", "4.1"), ("put", "/4.1/policies/{policyId}", "4.1"),
    ("delete", "/4.1/policies/{policyId}", "4.1"),
    ("get", "/4.1/resource-groups", "4.1"), ("post", "/4.1/resource-groups", "4.1"),
    ("get", "/4.1/resource-groups/{resourceGroupId}", "4.1"), ("put", "/4.1/resource-groups/{resourceGroupId}", "4.1"),
    ("delete", "/4.1/resource-groups/{resourceGroupId}", "4.1"),
    ("post", "/4.1/resource-groups/{resourceGroupId}/suspend", "4.1"),
    ("post", "/4.1/resource-groups/{resourceGroupId}/resume", "4.1"),
    ("post", "/4.1/resource-groups/backupnow", "4.1"),
    ("get", "/4.1/vm/{vmMoref}/backups", "4.1"), ("get", "/4.1/vm/backups/{backupId}/snapshotlocations", "4.1"),
    ("get", "/4.1/vm/{vmMoref}/backups/availableesxhosts", "4.1"),
    ("post", "/4.1/vm/{vmMoref}/backups/{backupId}/restore", "4.1"),
    ("get", "/4.1/vm/{vmMoref}/backups/{backupId}/vmdklocations", "4.1"),
    ("get", "/4.1/vm/{vmMoref}/backups/vmdklocations", "4.1"),
    ("get", "/4.1/vm/{vmMoref}/backups/{backupId}/availabledatastores", "4.1"),
    ("post", "/4.1/vm/{vmMoref}/backups/{backupId}/restorevmdks", "4.1"),
    ("post", "/4.1/vm/{vmMoref}/attachvmdks", "4.1"), ("post", "/4.1/vm/{vmMoref}/detachvmdks", "4.1"),
    ("get", "/4.1/datastores/{datastoreMoref}/backups", "4.1"),
    ("get", "/4.1/datastores/backups/{backupId}/{snapshots}", "4.1"),
    ("get", "/4.1/datastores/{datastoreMoref}/{hosts}", "4.1"),
    ("post", "/4.1/datastores/backups/{backupId}/mount", "4.1"),
    ("get", "/4.1/datastores/backups/{backupId}/mounted", "4.1"), ("post", "/4.1/datastores/unmount", "4.1"),
    ("get", "/4.1/jobs", "4.4"), ("get", "/4.1/jobs/{jobId}", "4.4"), ("get", "/4.1/jobs/{jobId}/logs", "4.4"),
    ("put", "/4.1/jobs/{jobId}/failJobs", "4.4"),
    ("get", "/4.1/reports/protectedVM", "4.4"), ("get", "/4.1/reports/unProtectedVM", "4.4"),
    ("get", "/4.1/schedules", "4.4"), ("put", "/4.1/schedules", "4.4"),
    ("get", "/4.1/audit/logs", "4.8"), ("get", "/4.1/audit/logs/{filename}", "4.8"),
    ("post", "/4.1/audit/verify", "4.8"), ("get", "/4.1/audit/config", "4.8"), ("put", "/4.1/audit/config", "4.8"),
]
SEGMENTS = {"published": {"snapshots": "snapshotlocators", "hosts": "availableEsxHosts"},
            "lowercase": {"snapshots": "snapshotlocations", "hosts": "availableesxhosts"}}
STORAGE_FIELDS = {"name", "userName", "password", "protocol", "port", "timeout", "preferredIp", "platformType",
                  "asup", "syslog"}
POLICY_FIELDS = {"name", "description", "frequency", "retention", "snapMirror", "snapVault", "snapshotLabel",
                 "vmConsistency", "includeIndependentDisks"}
# every request field the contract names, per (method, path)
BODY_FIELDS = {
    ("post", "/4.1/auth/login"): {"username", "password"},
    ("post", "/4.1/storage-system"): STORAGE_FIELDS,
    ("put", "/4.1/storage-system"): STORAGE_FIELDS,
    ("patch", "/4.1/storage-system"): {"existingSVM", "newSVM"},
    ("post", "/4.1/policies"): POLICY_FIELDS,
    ("put", "/4.1/policies/{policyId}"): POLICY_FIELDS,
    ("post", "/4.1/resource-groups"): {"name", "description", "entities", "policies", "spanningDatastores",
                                       "notification", "emailSettings", "latestSnapshotName", "customSnapshotFormat"},
    ("post", "/4.1/resource-groups/backupnow"): {"resourceGroupId", "policyId"},
    ("post", "/4.1/vm/{vmMoref}/backups/{backupId}/restore"): {"restartVM", "restoreLocations"},
    ("post", "/4.1/vm/{vmMoref}/backups/{backupId}/restorevmdks"): {"esxHost", "vmdkRestoreLocations"},
    ("post", "/4.1/vm/{vmMoref}/attachvmdks"): {"backupId", "vmdkLocations", "alternateVmMoref"},
    ("post", "/4.1/vm/{vmMoref}/detachvmdks"): {"vmdksToDetach"},
    ("post", "/4.1/datastores/backups/{backupId}/mount"): {"datastore", "location", "esxHostName"},
    ("post", "/4.1/datastores/unmount"): {"datastoreMoref"},
    ("put", "/4.1/schedules"): {"name", "cronExpression"},
    ("put", "/4.1/audit/config"): {"enabled", "maxFileSizeMB", "maxFiles", "syslog"},
}
BODY_FIELDS[("put", "/4.1/resource-groups/{resourceGroupId}")] = BODY_FIELDS[("post", "/4.1/resource-groups")]


def _version(text):
    return tuple(int(part) for part in text.split("."))


def _dialect(path: str, paths: str) -> str:
    for placeholder, segment in SEGMENTS[paths].items():
        path = path.replace("{%s}" % placeholder, segment)
    return path


def expected_operations(version: str, paths: str) -> set:
    played = _version(version)[:2]
    return {(method, _dialect(path, paths)) for method, path, since in CONTRACT if _version(since) <= played}


def _get(sim, path, expect=200):
    response = requests.get(f"https://{sim.host}:{sim.port}{path}", verify=sim.ca_path, timeout=30)
    assert response.status_code == expect, (path, response.status_code, response.text[:300])
    return response


def _resolve(document, schema):
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = (document.get("components", {}).get("schemas") or document["definitions"])[name]
    return schema


def _body_schema(document, operation):
    if "requestBody" in operation:   # OpenAPI 3
        return _resolve(document, operation["requestBody"]["content"]["application/json"]["schema"])
    body = [p for p in operation.get("parameters", []) if p["in"] == "body"]   # Swagger 2.0
    return _resolve(document, body[0]["schema"]) if body else None


PLAYED = [("6.1.0", "published"), ("6.1.0", "lowercase"), ("4.7", "published"), ("4.7", "lowercase")]


@pytest.fixture(scope="module", params=PLAYED, ids=[f"{v}-{p}" for v, p in PLAYED])
def played(request):
    version, paths = request.param
    with Simulator(version=version, paths=paths) as running:
        yield running


def _document_path(sim):
    return "/api/v3/api-docs" if _version(sim.version) >= (4, 9) else "/api/v2/api-docs"


def test_document_where_the_version_publishes_it(played):
    springdoc = _version(played.version) >= (4, 9)
    document = _get(played, _document_path(played)).json()
    validate(document)   # OpenAPI 3.1 or Swagger 2.0, whichever it is
    assert document["info"]["version"] == played.version
    if springdoc:
        assert document["openapi"].startswith("3.") and document["servers"][0]["url"].endswith(":%d/api" % played.port)
        _get(played, "/api/v2/api-docs", expect=404)
    else:
        assert document["swagger"] == "2.0" and document["basePath"] == "/api"
        assert document["securityDefinitions"]["APIKeyHeader"]["name"] == "Token"
        _get(played, "/api/v3/api-docs", expect=404)
    _get(played, "/api/openapi.json", expect=404)   # FastAPI's own location is not the appliance's


def test_document_lists_exactly_the_served_operations(played):
    document = _get(played, _document_path(played)).json()
    listed = {(method, path) for path, operations in document["paths"].items() for method in operations}
    assert listed == expected_operations(played.version, played.paths)
    assert not any(path.startswith("/_sim") or path.startswith("/api/") for path in document["paths"])
    for operations in document["paths"].values():
        for operation in operations.values():
            assert "422" not in operation["responses"]   # bad input is a 400 envelope, never 422


def test_every_listed_operation_is_served_and_newer_ones_are_not(played):
    token = played.login()
    listed = expected_operations(played.version, played.paths)
    every = expected_operations("9.9", played.paths)
    for method, path in sorted(every):
        url = played.scv_url + path.replace("{", "").replace("}", "")   # placeholders as literal values
        response = requests.request(method, url, headers={"Token": token}, json={}, verify=played.ca_path, timeout=30)
        no_such_path = response.status_code in (404, 405) and "No such path" in " ".join(
            response.json().get("responseMessage", []))
        if (method, path) in listed:
            assert not no_such_path and response.status_code != 405, (method, path, response.text)
        else:
            assert response.status_code == 404 and no_such_path, (method, path, response.status_code, response.text)


def test_request_bodies_name_every_contract_field(played):
    document = _get(played, _document_path(played)).json()
    for (method, path), fields in BODY_FIELDS.items():
        path = _dialect(path, played.paths)
        if (method, path) not in expected_operations(played.version, played.paths):
            continue
        schema = _body_schema(document, document["paths"][path][method])
        assert schema is not None and fields <= set(schema["properties"]), (method, path, fields)
    policy = _body_schema(document, document["paths"]["/4.1/policies"]["post"])
    assert ("lockingPeriod" in policy["properties"]) == (_version(played.version) >= (5, 0))
    restore = _body_schema(document, document["paths"]["/4.1/vm/{vmMoref}/backups/{backupId}/restore"]["post"])
    location = _resolve(document, restore["properties"]["restoreLocations"]["items"])
    assert {"location", "esxHost", "locationType", "datastore", "snapshotName"} <= set(location["properties"])


def test_swagger_ui_where_the_version_serves_it(played):
    springdoc = _version(played.version) >= (4, 9)
    page, other = ("/api/swagger-ui/index.html", "/api/swagger-ui.html") if springdoc else \
        ("/api/swagger-ui.html", "/api/swagger-ui/index.html")
    html = _get(played, page).text
    assert _document_path(played) in html and "http" not in html.split("<body>")[1]   # no CDN
    _get(played, other, expect=404)
    assets = "/api/swagger-ui" if springdoc else "/api/webjars/springfox-swagger-ui"
    assert f"{assets}/swagger-ui-bundle.js" in html
    assert len(_get(played, f"{assets}/swagger-ui-bundle.js").content) > 100000


def test_older_appliance_refuses_a_locking_period():
    with Simulator(version="4.9") as old:
        token = old.login()
        body = {"name": "locked", "frequency": "DAILY", "retention": {"type": "COUNT", "value": 3},
                "lockingPeriod": {"value": 7, "unit": "DAYS"}}
        answer = requests.post(f"{old.scv_url}/4.1/policies", json=body, headers={"Token": token},
                               verify=old.ca_path, timeout=30)
        assert answer.status_code == 400 and "lockingPeriod" in answer.json()["responseMessage"][0]
        created = requests.post(f"{old.scv_url}/4.1/policies", json=dict(body, lockingPeriod=None),
                                headers={"Token": token}, verify=old.ca_path, timeout=30).json()["response"]
        assert "lockingPeriod" not in created   # the field does not exist on that appliance
        rename = requests.patch(f"{old.scv_url}/4.1/storage-system", headers={"Token": token}, verify=old.ca_path,
                                json={"existingSVM": {"name": "a"}, "newSVM": {"name": "b"}}, timeout=30)
        assert rename.status_code == 404   # renames came with 5.0 (4.9 has audit logs: 4.8+)
        assert requests.get(f"{old.scv_url}/4.1/audit/config", headers={"Token": token}, verify=old.ca_path,
                            timeout=30).status_code == 200


def test_very_old_appliance_has_no_jobs_reports_schedules():
    with Simulator(version="4.3") as old:
        token = old.login()
        for path in ("/4.1/jobs", "/4.1/reports/protectedVM", "/4.1/schedules", "/4.1/audit/logs"):
            answer = requests.get(old.scv_url + path, headers={"Token": token}, verify=old.ca_path, timeout=30)
            assert answer.status_code == 404, path


def _fuzz(sim, document, examples):
    token = sim.login()
    # some real objects so that fuzzed ids sometimes hit something
    requests.post(f"{sim.scv_url}/4.1/storage-system", headers={"Token": token}, verify=sim.ca_path, timeout=30,
                  json={"name": "cluster1.demo.local", "userName": "admin", "password": "netapp-demo-1"})
    schema = schemathesis.openapi.from_dict(document)
    operations = [result.ok() for result in schema.get_all_operations()]
    failures = []
    for operation in operations:
        @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def fuzz(case):
            case.headers = {**(case.headers or {}), "Token": token}
            response = case.call(base_url=sim.scv_url, verify=sim.ca_path, timeout=30)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} -> {response.status_code} {response.text[:200]}")

        fuzz()
    assert not failures, "\n".join(failures[:20])
    return operations


def test_fuzzing_finds_no_server_errors(sim):
    operations = _fuzz(sim, _get(sim, "/api/v3/api-docs").json(), FUZZ_EXAMPLES_PER_OPERATION)
    assert len(operations) > 40
    assert len(sim.requests()) > 2 * len(operations)   # the fuzzer really sent requests


def test_fuzzing_the_swagger2_document_finds_no_server_errors():
    with Simulator(version="4.7", paths="lowercase") as old:
        operations = _fuzz(old, _get(old, "/api/v2/api-docs").json(), 3)
        assert len(operations) > 35 and len(old.requests()) > len(operations)
