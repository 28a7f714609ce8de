# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Compatibility: what the appliance's own API description says about every call and field the
collection uses (api_info).

INTERNAL to snapcenter.vsphere: not a public API, it may change in any release.

The description is an OpenAPI 3 document (springdoc, SCV 4.9+) or a Swagger 2.0 one (springfox, before),
fetched from the appliance or read from a saved copy.  Every endpoint of the path table is looked up:
present as the collection spells it, present only in a fallback form (the collection falls back on 404
by itself: a dialect), present under another spelling (the collection would not find it), or absent
(expected when the appliance's version predates the call).  Every request field the collection writes is
looked up in the body schema of its call.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import platform
import re

from ansible_collections.snapcenter.vsphere.plugins.module_utils import api
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops.results import result
from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import REQUEST_BODIES, request_fields
from ansible_collections.snapcenter.vsphere.plugins.module_utils.client import version_tuple
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvError, ScvInputError
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.audit_config import AUDIT_CONFIG
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.policy import POLICY
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.resource_group import RESOURCE_GROUP
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.schedule import SCHEDULE
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.storage_system import STORAGE_SYSTEM
from ansible_collections.snapcenter.vsphere.plugins.module_utils.version import COLLECTION_VERSION

COMPATIBLE = "compatible"
WITH_FALLBACKS = "compatible_with_fallbacks"
INCOMPATIBLE = "incompatible"

_TEMPLATE = re.compile(r"\{[^}]*\}")
_MAX_SCHEMA_DEPTH = 12


def _scv_version(text):
    """info.version when it reads as an SCV release.  "4.1" is the API's own version segment (every path
    starts /4.1/), springdoc's default is "v0", an API revision may be "1.0": none of them says which
    appliance this is, so only 4.2 and later count."""
    numbers = version_tuple(text) if text else ()
    return str(text) if numbers and numbers >= (4, 2) else None


def _shape(path):
    """/4.1/vm/{moref}/backups and /4.1/vm/{vm}/backups are the same call."""
    return _TEMPLATE.sub("{}", path)


class Description:
    """An OpenAPI 3 or Swagger 2.0 document, asked the questions api_info has."""

    def __init__(self, document, source):
        if not isinstance(document, dict) or not isinstance(document.get("paths"), dict):
            raise ScvError("%s is not an OpenAPI or Swagger document (no 'paths' object)" % source)
        self.document = document
        self.source = source
        self.format = "openapi %s" % document["openapi"] if "openapi" in document else \
            "swagger %s" % document.get("swagger", "?")
        self.version = _scv_version((document.get("info") or {}).get("version"))
        base = document.get("basePath") or ""
        self.paths = {}
        for path, item in document["paths"].items():
            full = (base.rstrip("/") + path) if base else path
            # The collection's paths are relative to the API base, /api.
            if full.startswith(api.BASE_PATH + "/"):
                full = full[len(api.BASE_PATH):]
            if isinstance(item, dict):
                self.paths[_shape(full)] = item

    def operation(self, method, path):
        item = self.paths.get(_shape(path))
        return item.get(method.lower()) if item else None

    def other_spelling(self, path):
        wanted = _shape(path).lower()
        return next((found for found in self.paths if found.lower() == wanted), None)

    def request_properties(self, method, path):
        """The property names of the call's JSON body schema, or None when the document does not say."""
        operation = self.operation(method, path) or {}
        schema = None
        body = operation.get("requestBody")
        if isinstance(body, dict):
            content = body.get("content") or {}
            media = content.get("application/json") or next(iter(content.values()), {}) if content else {}
            schema = (media or {}).get("schema")
        for parameter in operation.get("parameters") or []:
            if isinstance(parameter, dict) and parameter.get("in") == "body":
                schema = parameter.get("schema")
        return self._properties(schema)

    def _properties(self, schema, depth=0):
        schema = self._resolve(schema)
        if not isinstance(schema, dict) or depth > _MAX_SCHEMA_DEPTH:
            return None
        properties = schema.get("properties")
        if not isinstance(properties, dict):
            return None
        found = {}
        for name, inner in properties.items():
            inner = self._resolve(inner)
            items = self._resolve(inner.get("items")) if isinstance(inner, dict) and inner.get("type") == "array" else None
            found[name] = self._properties(items, depth + 1) if items else None
        return found

    def _resolve(self, schema, depth=0):
        while isinstance(schema, dict) and "$ref" in schema and depth < _MAX_SCHEMA_DEPTH:
            target = self.document
            for part in str(schema["$ref"]).lstrip("#/").split("/"):
                target = target.get(part) if isinstance(target, dict) else None
            schema = target
            depth += 1
        return schema


def _endpoint_status(description, name, endpoint, version):
    entry = {"name": name, "method": endpoint.method, "path": endpoint.paths[0], "since": endpoint.since,
             "found": None}
    for index, path in enumerate(endpoint.paths):
        if description.operation(endpoint.method, path) is not None:
            entry.update(status="present" if index == 0 else "fallback", found=path)
            return entry
    if endpoint.since and version and version_tuple(version) < version_tuple(endpoint.since):
        entry["status"] = "not_in_version"
        return entry
    for path in endpoint.paths:
        if _shape(path) in description.paths:
            entry.update(status="method_missing", found=path)
            return entry
    for path in endpoint.paths:
        spelled = description.other_spelling(path)
        if spelled:
            entry.update(status="other_spelling", found=spelled)
            return entry
    entry["status"] = "absent"
    return entry


def _sent_fields():
    """{endpoint name: [API fields the collection writes]} from the declarations and the body builders."""
    fields = {"auth.login": sorted(api.LOGIN_FIELDS)}
    for declaration in (STORAGE_SYSTEM, POLICY, RESOURCE_GROUP, SCHEDULE, AUDIT_CONFIG):
        fields.update(declaration.request_fields())
    for name, build in REQUEST_BODIES.items():
        fields[name] = request_fields(build())
    return fields


def _field_checks(description, endpoints, version):
    checks = []
    for name, fields in sorted(_sent_fields().items()):
        endpoint = api.ENDPOINTS[name]
        status = next(e for e in endpoints if e["name"] == name)
        properties = description.request_properties(endpoint.method, status["found"] or endpoint.paths[0])
        for field in fields:
            outer, dummy, inner = field.partition("[].")
            if properties is None:
                known = None
            elif inner:
                nested = properties.get(outer) if outer in properties else None
                known = None if nested is None else inner in nested
            else:
                known = outer in properties
            since = api.FIELD_SINCE.get(outer)
            too_old = bool(since and version and version_tuple(version) < version_tuple(since))
            checks.append({"endpoint": name, "field": field, "known": known, "since": since,
                           "expected_missing": too_old and known is False})
    return checks


def _features(version, endpoints, fields):
    """What the appliance offers of each version-dependent feature: the document's own evidence first
    (its calls, or its body schemas for a field), else the version; None when neither tells."""
    statuses = dict((e["name"], e["status"]) for e in endpoints)
    known_fields = {}
    for check in fields:
        if check["known"] is not None:
            known_fields[check["field"]] = known_fields.get(check["field"], False) or check["known"]
    features = {}
    for feature, (since, parts) in sorted(api.FEATURES.items()):
        calls = [statuses[part] for part in parts if part in statuses]
        evidence = [known_fields[part] for part in parts if part in known_fields]
        if calls:
            supported = all(status in ("present", "fallback") for status in calls)
        elif evidence:
            supported = any(evidence)
        elif version:
            supported = version_tuple(version) >= version_tuple(since)
        else:
            supported = None
        features[feature] = {"since": since, "supported": supported}
    return features


def assess(description, version=None):
    """The verdict on one description: endpoints, request fields, features, verdict and reasons."""
    version = version or description.version
    endpoints = [_endpoint_status(description, name, endpoint, version)
                 for name, endpoint in sorted(api.ENDPOINTS.items())]
    fields = _field_checks(description, endpoints, version)
    reasons, verdict = [], COMPATIBLE
    for entry in endpoints:
        if entry["status"] == "fallback":
            reasons.append("%s %s: served only as %s, which the collection falls back to by itself" % (
                entry["method"], entry["path"], entry["found"]))
            verdict = verdict if verdict == INCOMPATIBLE else WITH_FALLBACKS
        elif entry["status"] in ("absent", "other_spelling", "method_missing"):
            what = {"absent": "not in the document",
                    "other_spelling": "in the document only as %s, a spelling the collection does not try" % entry["found"],
                    "method_missing": "the path is there, the method is not"}[entry["status"]]
            reasons.append("%s %s (%s): %s" % (entry["method"], entry["path"], entry["name"], what))
            verdict = INCOMPATIBLE
    for check in fields:
        if check["known"] is False and not check["expected_missing"]:
            reasons.append("%s: the request field %s is not in the document's body schema" % (
                check["endpoint"], check["field"]))
            verdict = INCOMPATIBLE
    return {"version": version, "endpoints": endpoints, "request_fields": fields,
            "features": _features(version, endpoints, fields), "verdict": verdict, "reasons": reasons}


def _load_spec_file(path):
    try:
        with open(path, "r") as handle:
            text = handle.read()
    except (IOError, OSError) as exc:
        raise ScvInputError("spec_file", "cannot read '%s': %s" % (path, exc))
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        import yaml
    except ImportError:
        raise ScvInputError("spec_file", "'%s' is not JSON (and PyYAML is not there to read YAML)" % path)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ScvInputError("spec_file", "'%s' is neither JSON nor YAML: %s" % (path, exc))


def api_info(module):
    params = module.params
    if params.get("spec_file"):
        source = params["spec_file"]
        document = _load_spec_file(source)
    else:
        path, document = module.client.describe_api()
        if document is None:
            raise ScvError("the appliance publishes no API description at %s; save it from the Swagger UI and "
                           "pass it as spec_file" % ", ".join(api.BASE_PATH + p for p in api.API_DESCRIPTION_PATHS))
        source = api.BASE_PATH + path
    description = Description(document, source)
    known_version = params.get("appliance_version")
    assessment = assess(description, version=known_version)
    assessment["version_source"] = "appliance_version" if known_version else (
        "document" if description.version else None)
    assessment["document"] = {"source": source, "format": description.format,
                              "title": (document.get("info") or {}).get("title"), "paths": len(description.paths)}
    # What a bug report needs besides the appliance's side.
    assessment["collection"] = {"name": "snapcenter.vsphere", "version": COLLECTION_VERSION,
                                "python": platform.python_version()}
    return result(False, **assessment)
