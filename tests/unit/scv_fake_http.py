# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A fake HTTP transport for unit tests (used by conftest.py's fixtures; tests import its constants)."""

import json
from urllib.parse import parse_qs, urlparse

import requests
from requests.structures import CaseInsensitiveDict

SCV_HOST = "scv.test"
SCV_BASE = "https://%s:8144/api" % SCV_HOST
VCENTER_BASE = "https://%s:443" % SCV_HOST
LOGIN_PATH = "/api/4.1/auth/login"
TOKEN = "unit-test-token"


def envelope(payload=None, status=200, messages=None):
    return {"statusCode": status, "statusMessage": "OK" if status < 400 else "ERROR",
            "responseMessage": messages or [], "response": payload, "uri": None}


class Recorded:
    """One request as the fake saw it."""

    def __init__(self, method, path, query, body, headers):
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.headers = headers

    def __repr__(self):
        return "%s %s %s" % (self.method, self.path, json.dumps(self.body) if self.body is not None else "")


class CheckModeWriteError(AssertionError):
    """A write reached the transport in check mode."""


class FakeHttp:
    """Answers requests from declared routes and records them.

    route(method, path, payload=..., status=200, messages=None, raw=None)  # path without the query
    A route's payload may be a callable(Recorded) -> (status, payload) for stateful answers.
    Routes are matched in the order declared; `times=N` makes a route answer only N times, so a
    sequence of answers is declared as routes with times=1 followed by one without a limit.
    """

    def __init__(self):
        self.routes = []
        self.requests = []
        self.forbid_writes = False
        self.violations = []
        # Logins answer by default; a test may declare its own login route, which is matched first.
        self.fallback_routes = [_route("POST", LOGIN_PATH, payload={"token": TOKEN}),
                                _route("POST", "/api/session", raw="vc-session")]

    def route(self, method, path, payload=None, status=200, messages=None, raw=None, times=None):
        self.routes.append(_route(method, path, payload, status, messages, raw, times))

    def sent(self, include_login=False):
        """[(method, path, body)] in order, without the logins unless asked."""
        return [(r.method, r.path, r.body) for r in self.requests
                if include_login or r.path not in (LOGIN_PATH, "/api/session")]

    def writes(self):
        return [(r.method, r.path, r.body) for r in self.requests
                if r.method != "GET" and r.path not in (LOGIN_PATH, "/api/session")]

    def handle(self, prepared):
        url = urlparse(prepared.url)
        body = json.loads(prepared.body) if prepared.body else None
        query = parse_qs(url.query) if url.query else {}
        record = Recorded(prepared.method, url.path, query, body, dict(prepared.headers))
        self.requests.append(record)
        if self.forbid_writes and prepared.method != "GET" and url.path not in (LOGIN_PATH, "/api/session"):
            self.violations.append(record)
            raise CheckModeWriteError("check mode sent a write: %r" % record)
        for route in self.routes + self.fallback_routes:
            if route["method"] == prepared.method and route["path"] == url.path and route["times"] != 0:
                if route["times"] is not None:
                    route["times"] -= 1
                return self._answer(route, record)
        return 404, envelope(None, 404, ["no route for %s %s" % (prepared.method, url.path)])

    def _answer(self, route, record):
        if route["raw"] is not None:
            return route["status"], route["raw"]
        payload = route["payload"]
        status = route["status"]
        if callable(payload):
            status, payload = payload(record)
        return status, envelope(payload, status, route["messages"])


def _route(method, path, payload=None, status=200, messages=None, raw=None, times=None):
    return {"method": method, "path": path, "payload": payload, "status": status,
            "messages": messages, "raw": raw, "times": times}


def response_for(prepared, status, document):
    response = requests.Response()
    response.status_code = status
    response.reason = "OK" if status < 400 else "Error"
    response._content = json.dumps(document).encode()
    response.headers = CaseInsensitiveDict({"Content-Type": "application/json"})
    response.url = prepared.url
    response.request = prepared
    return response
