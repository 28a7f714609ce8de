# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""api_info against saved API descriptions: the simulator's own (published dialect, saved in fixtures/),
and copies of it that differ on purpose (another dialect, a call missing, a field renamed, another
spelling, an older appliance's Swagger 2.0 document)."""

import copy
import json
import os

import pytest

from ansible_collections.snapcenter.vsphere.plugins.modules import api_info

SAVED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "scv-openapi-published.json")


@pytest.fixture
def document():
    with open(SAVED) as handle:
        return json.load(handle)


def check(run_module, tmp_path, document, **args):
    path = tmp_path / "api-docs.json"
    path.write_text(json.dumps(document))
    return run_module(api_info, dict({"spec_file": str(path)}, **args), connection=False)


def by_name(result):
    return dict((entry["name"], entry) for entry in result["endpoints"])


def test_the_simulators_own_document_is_compatible(run_module, tmp_path, document, fake_http):
    result = check(run_module, tmp_path, document)
    assert result["verdict"] == "compatible", result["reasons"]
    assert set(entry["status"] for entry in result["endpoints"]) == {"present"}
    assert len(result["request_fields"]) > 50 and all(f["known"] for f in result["request_fields"])
    assert result["document"]["format"].startswith("openapi 3")
    assert fake_http.requests == [], "a saved document is read without contacting the appliance"


def test_the_lowercase_dialect_is_compatible_with_fallbacks(run_module, tmp_path, document):
    for published, lowercase in (("snapshotlocators", "snapshotlocations"), ("availableEsxHosts", "availableesxhosts")):
        for path in [p for p in document["paths"] if p.startswith("/api/4.1/datastores/") and p.endswith(published)]:
            document["paths"][path[:-len(published)] + lowercase] = document["paths"].pop(path)
    result = check(run_module, tmp_path, document)
    assert result["verdict"] == "compatible_with_fallbacks"
    assert by_name(result)["datastores.snapshot_locations"]["status"] == "fallback"
    assert by_name(result)["datastores.snapshot_locations"]["found"].endswith("/snapshotlocations")
    assert len(result["reasons"]) == 2


def test_a_missing_call_makes_it_incompatible(run_module, tmp_path, document):
    del document["paths"]["/api/4.1/resource-groups/backupnow"]
    result = check(run_module, tmp_path, document)
    assert result["verdict"] == "incompatible"
    assert by_name(result)["resource_groups.backup_now"]["status"] == "absent"
    assert any("resource_groups.backup_now" in reason for reason in result["reasons"])


def test_a_renamed_request_field_is_named(run_module, tmp_path, document):
    properties = document["components"]["schemas"]["RestoreBody"]["properties"]
    properties["restartVm"] = properties.pop("restartVM")
    result = check(run_module, tmp_path, document)
    assert result["verdict"] == "incompatible"
    unknown = [(f["endpoint"], f["field"]) for f in result["request_fields"] if f["known"] is False]
    assert unknown == [("vm.restore", "restartVM")]
    assert result["reasons"] == ["vm.restore: the request field restartVM is not in the document's body schema"]


def test_another_spelling_the_collection_does_not_try(run_module, tmp_path, document):
    document["paths"]["/api/4.1/Policies"] = document["paths"].pop("/api/4.1/policies")
    result = check(run_module, tmp_path, document)
    assert result["verdict"] == "incompatible"
    assert by_name(result)["policies.list"]["status"] == "other_spelling"
    assert by_name(result)["policies.list"]["found"] == "/4.1/Policies"


def swagger2(document, version):
    """The same calls as an older appliance's springfox Swagger 2.0 document."""
    text = json.dumps(document).replace("#/components/schemas/", "#/definitions/")
    openapi = json.loads(text)
    paths = {}
    for path, item in openapi["paths"].items():
        converted = {}
        for method, operation in item.items():
            operation = copy.deepcopy(operation)
            body = operation.pop("requestBody", None)
            if body:
                schema = body["content"]["application/json"]["schema"]
                operation.setdefault("parameters", []).append({"in": "body", "name": "body", "schema": schema})
            converted[method] = operation
        paths[path[len("/api"):]] = converted
    return {"swagger": "2.0", "basePath": "/api", "info": {"title": "SCV", "version": version},
            "paths": paths, "definitions": openapi["components"]["schemas"]}


def test_an_older_appliance_lacks_what_came_later_and_is_still_compatible(run_module, tmp_path, document):
    older = swagger2(document, "4.7")
    del older["paths"]["/4.1/storage-system"]["patch"]
    del older["definitions"]["PolicyBody"]["properties"]["lockingPeriod"]
    result = check(run_module, tmp_path, older)
    assert result["document"]["format"] == "swagger 2.0"
    assert result["version"] == "4.7" and result["version_source"] == "document"
    assert by_name(result)["storage_systems.rename"]["status"] == "not_in_version"
    locking = [f for f in result["request_fields"] if f["field"] == "lockingPeriod"]
    assert locking and all(f["known"] is False and f["expected_missing"] for f in locking)
    assert result["features"]["storage_rename"]["supported"] is False
    assert result["features"]["snapshot_locking"]["supported"] is False
    assert result["features"]["jobs"]["supported"] is True
    assert result["verdict"] == "compatible", result["reasons"]


def test_the_api_version_segment_is_not_taken_for_the_appliance_version(run_module, tmp_path, document):
    document["info"]["version"] = "4.1"
    result = check(run_module, tmp_path, document)
    assert result["version"] is None and result["version_source"] is None
    pinned = check(run_module, tmp_path, document, appliance_version="6.1.0")
    assert pinned["version"] == "6.1.0" and pinned["version_source"] == "appliance_version"


def test_the_document_is_fetched_from_the_usual_locations(run_module, fake_http, document):
    fake_http.route("GET", "/api/v3/api-docs", None, status=404, messages=["not here"])
    fake_http.route("GET", "/api/v2/api-docs", raw=swagger2(document, "4.8"))
    result = run_module(api_info, {})
    assert result["document"]["source"] == "/api/v2/api-docs"
    assert result["version"] == "4.8"


def test_no_document_at_all_says_where_it_looked(run_module, fake_http):
    fake_http.route("GET", "/api/v3/api-docs", None, status=404, messages=["not here"])
    fake_http.route("GET", "/api/v2/api-docs", None, status=404, messages=["not here"])
    result = run_module(api_info, {})
    assert result["failed"] and "/api/v3/api-docs" in result["msg"] and "spec_file" in result["msg"]


def test_an_unreadable_spec_file_names_the_option(run_module, tmp_path):
    result = run_module(api_info, {"spec_file": str(tmp_path / "missing.json")}, connection=False)
    assert result["failed"] and result["option"] == "spec_file"
