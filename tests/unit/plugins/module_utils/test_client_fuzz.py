# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fuzz the REST clients with malformed appliance (and proxy) answers.

Whatever comes back (an HTML error page from a proxy, truncated JSON, wrong types, missing envelope
fields, an empty 200, huge or deeply nested bodies, bytes that are not UTF-8), the client either returns
a value of the documented shape or raises an ScvError subclass whose message names the call (method and
path).  Never another exception: ScvModule.run() only turns ScvError into a clean task failure, anything
else becomes a Python traceback in the user's play.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from requests.adapters import BaseAdapter

from ansible_collections.snapcenter.vsphere.plugins.module_utils import api
from ansible_collections.snapcenter.vsphere.plugins.module_utils import client as client_module
from ansible_collections.snapcenter.vsphere.plugins.module_utils import jobs as jobs_module
from ansible_collections.snapcenter.vsphere.plugins.module_utils.client import ScvClient
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvError
from ansible_collections.snapcenter.vsphere.plugins.module_utils.jobs import JobRunner
from ansible_collections.snapcenter.vsphere.plugins.module_utils.vcenter import VcenterClient

FUZZ = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       # the fixtures only switch sleeping off: same for every example
                                       HealthCheck.function_scoped_fixture])

LOGIN_PATH = "/api/4.1/auth/login"
GOOD_LOGIN = (200, json.dumps({"statusCode": 200, "response": {"token": "tok"}}).encode(),
              {"Content-Type": "application/json"})


class RawAdapter(BaseAdapter):
    """Answers every request to `path` with one raw (status, bytes, headers); logins answer well."""

    def __init__(self, answers, login=GOOD_LOGIN):
        super(RawAdapter, self).__init__()
        self.answers = answers          # path -> (status, body bytes, headers)
        self.login = login
        self.sent = []

    def send(self, request, **kwargs):
        path = requests.utils.urlparse(request.url).path
        self.sent.append((request.method, path))
        if path == LOGIN_PATH:
            status, body, headers = self.login
        elif path in self.answers:
            status, body, headers = self.answers[path]
        else:
            raise AssertionError("unexpected request %s %s" % (request.method, path))
        response = requests.Response()
        response.status_code = status
        response.reason = "Status %s" % status
        response.headers.update(headers or {})
        response._content = body
        response.request = request
        response.url = request.url
        return response

    def close(self):
        pass


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    monkeypatch.setattr(client_module.time, "sleep", lambda seconds: None)


def scv_client(adapter, **kwargs):
    options = dict(hostname="scv.example.com", username="admin@vsphere.local", password="pw", retries=1)
    options.update(kwargs)
    scv = ScvClient(**options)
    scv.transport.session.mount("https://", adapter)
    return scv


# ---------------------------------------------------------------------------------------------------
# What a broken appliance or a proxy in front of it may answer.

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12)

ENVELOPE_KEYS = ["statusCode", "statusMessage", "responseMessage", "response", "uri"]


@st.composite
def envelopes(draw):
    """An envelope with any subset of its fields, each of any JSON type; the payload sometimes holds
    the list keys the client looks for, with values of any type."""
    keys = draw(st.lists(st.sampled_from(ENVELOPE_KEYS), unique=True))
    document = dict((key, draw(json_values)) for key in keys)
    if "response" in document and draw(st.booleans()):
        list_key = draw(st.sampled_from(["policyResponseList", "resourceGroupResponseList",
                                         "storageSystemResponseList", "backupResponseList", "token",
                                         "jobId", "snapshotLocationsList"]))
        document["response"] = {list_key: draw(json_values | st.lists(json_values, max_size=3))}
    return json.dumps(document).encode()


@st.composite
def html_pages(draw):
    title = draw(st.sampled_from(["502 Bad Gateway", "503 Service Unavailable", "Login required",
                                  "Access denied", "Request Rejected"]))
    text = draw(st.text(max_size=200))
    page = "<!DOCTYPE html><html><head><title>%s</title></head><body><h1>%s</h1><p>%s</p></body></html>" % (
        title, title, text)
    return page.encode("utf-8", "surrogatepass")


@st.composite
def truncated_json(draw):
    document = json.dumps({"statusCode": 200, "statusMessage": "OK", "responseMessage": [],
                           "response": draw(json_values), "uri": None}).encode()
    cut = draw(st.integers(min_value=0, max_value=len(document) - 1))
    return document[:cut]


@st.composite
def non_utf8(draw):
    prefix = draw(st.sampled_from([b"", b"{\"response\": \"", b"\xff\xfe", b"\xef\xbb\xbf{", b"\x00\x00\x00{"]))
    return prefix + draw(st.binary(min_size=1, max_size=64)) + b"\x80\xff\xc3"


def deep_nesting(depth):
    return b"[" * depth + b"]" * depth


bodies = st.one_of(
    st.just(b""),
    envelopes(),
    html_pages(),
    truncated_json(),
    non_utf8(),
    st.binary(max_size=128),
    json_values.map(lambda value: json.dumps(value).encode()),
    st.sampled_from([deep_nesting(5000), b'{"response":' * 5000, b"null", b"[]", b"\"ok\"", b"42"]),
)
statuses = st.sampled_from([200, 201, 202, 204, 400, 401, 403, 404, 405, 409, 413, 500, 502, 503, 504])
content_types = st.sampled_from([{"Content-Type": "application/json"}, {"Content-Type": "text/html"},
                                 {"Content-Type": "application/json; charset=iso-8859-1"}, {}])


# The calls fuzzed: (endpoint name, path params, body).  Lists with a list key, lists without one,
# single objects, the login, writes.
CALLS = [
    ("policies.list", None, None),
    ("resource_groups.list", None, None),
    ("storage_systems.list", None, None),
    ("datastores.backups", {"moref": "datastore-7"}, None),
    ("vm.backups", {"vm": "vm-42"}, None),
    ("jobs.list", None, None),
    ("jobs.get", {"id": 3}, None),
    ("schedules.list", None, None),
    ("reports.protected_vms", None, None),
    ("policies.create", None, {"name": "daily"}),
    ("resource_groups.backup_now", None, {"resourceGroupId": 1, "policyId": 2}),
    ("schedules.update", None, {"name": "x", "cronExpression": "0 0 * * * ?"}),
]


def names_the_call(error, method, path):
    return ("%s %s" % (method, path)) in str(error) and ("%s %s" % (method, path)) in error.msg


@FUZZ
@given(call=st.sampled_from(CALLS), status=statuses, body=bodies, headers=content_types)
def test_any_answer_is_a_value_or_a_clean_error_naming_the_call(call, status, body, headers):
    name, path_params, request_body = call
    endpoint = api.ENDPOINTS[name]
    path = endpoint.paths[0].format(**dict((k, str(v)) for k, v in (path_params or {}).items()))
    adapter = RawAdapter({api.BASE_PATH + path: (status, body, headers)})
    scv = scv_client(adapter)
    try:
        value = scv.call(name, path_params=path_params, body=request_body)
    except ScvError as error:
        assert names_the_call(error, endpoint.method, path), error.msg
        return
    # Only a 2xx answer may produce a value, and a list endpoint always gives a list.
    assert status < 400
    if endpoint.list_key:
        assert isinstance(value, list)


@FUZZ
@given(status=statuses, body=bodies, headers=content_types)
def test_login_answer_is_a_token_or_a_clean_error(status, body, headers):
    adapter = RawAdapter({}, login=(status, body, headers))
    scv = scv_client(adapter)
    try:
        token = scv.login()
    except ScvError as error:
        assert names_the_call(error, "POST", "/4.1/auth/login"), error.msg
        assert "pw" not in error.msg.split("as admin@vsphere.local")[-1] or error.msg.count("pw") == 0
        return
    assert isinstance(token, str) and token


@FUZZ
@given(status=statuses, body=bodies, headers=content_types)
def test_job_text_logs_never_raise_anything_but_scv_errors(status, body, headers):
    path = "/4.1/jobs/5/logs"
    adapter = RawAdapter({api.BASE_PATH + path: (status, body, headers)})
    scv = scv_client(adapter)
    try:
        text = scv.call_text("jobs.logs", path_params={"id": 5})
    except ScvError as error:
        assert names_the_call(error, "GET", path), error.msg
        return
    assert isinstance(text, str)


@FUZZ
@given(list_body=bodies, get_body=bodies)
def test_job_runner_survives_malformed_job_answers(list_body, get_body):
    """Job list and job answers of any shape: a job dict or an ScvError naming a jobs call."""
    adapter = RawAdapter({
        "/api/4.1/jobs": (200, list_body, {"Content-Type": "application/json"}),
        "/api/4.1/jobs/9": (200, get_body, {"Content-Type": "application/json"}),
    })
    runner = JobRunner(scv_client(adapter), wait_timeout=0, sleep=lambda s: None)
    for action in (lambda: runner.list_jobs("backup"), lambda: runner.wait("9", timeout=0)):
        try:
            result = action()
        except ScvError as error:
            assert "/4.1/jobs" in error.msg and "GET" in error.msg, error.msg
            continue
        assert isinstance(result, (list, dict))


@FUZZ
@given(post_body=bodies, list_body=bodies)
def test_job_start_never_posts_twice_whatever_the_answers(post_body, list_body, monkeypatch):
    """An asynchronous POST answered with garbage: an id, or a clean error; never a second POST."""
    monkeypatch.setattr(jobs_module, "FIND_JOB_SECONDS", 0)
    adapter = RawAdapter({
        "/api/4.1/resource-groups/backupnow": (200, post_body, {"Content-Type": "application/json"}),
        "/api/4.1/jobs": (200, list_body, {"Content-Type": "application/json"}),
    })
    runner = JobRunner(scv_client(adapter), sleep=lambda s: None)
    try:
        job_id = runner.start("resource_groups.backup_now", body={"resourceGroupId": 1, "policyId": 2})
    except ScvError as error:
        assert "/4.1/" in error.msg or "backup_now" in error.msg, error.msg
    else:
        assert isinstance(job_id, str)
    posts = [sent for sent in adapter.sent if sent == ("POST", "/api/4.1/resource-groups/backupnow")]
    assert len(posts) <= 1


# ---------------------------------------------------------------------------------------------------
# vCenter lookups get the same treatment: their answers come from another server, possibly a proxy.

VC_SESSION = "/api/session"


def vcenter_client(adapter):
    vc = VcenterClient("vc.example.com", username="admin@vsphere.local", password="pw", retries=1)
    vc.transport.session.mount("https://", adapter)
    return vc


class VcenterAdapter(RawAdapter):
    def __init__(self, answers, session=(200, b'"session-1"', {"Content-Type": "application/json"})):
        super(VcenterAdapter, self).__init__(answers)
        self.session_answer = session

    def send(self, request, **kwargs):
        path = requests.utils.urlparse(request.url).path
        if path == VC_SESSION:
            self.answers[VC_SESSION] = self.session_answer
        return super(VcenterAdapter, self).send(request, **kwargs)


vm_items = st.lists(
    st.fixed_dictionaries({"name": st.sampled_from(["web01", "web02"]) | json_values},
                          optional={"vm": st.just("vm-9") | json_values, "host": json_values,
                                    "identity": json_values, "folder": json_values}),
    max_size=3)
vcenter_bodies = st.one_of(bodies, vm_items.map(lambda items: json.dumps(items).encode()))


def resolve_web01(vc):
    try:
        resolved = vc.resolve("vm", ["web01", "vm-7"], option="vms")
    except ScvError as error:
        return error
    assert resolved["vm-7"] == "vm-7"
    assert isinstance(resolved["web01"], str) and resolved["web01"]
    return None


@FUZZ
@given(session=bodies, status=statuses)
def test_vcenter_session_answer_is_a_session_or_a_clean_error(session, status):
    adapter = VcenterAdapter({"/api/vcenter/vm": (200, b'[{"name": "web01", "vm": "vm-1"}]', {})},
                             session=(status, session, {"Content-Type": "application/json"}))
    error = resolve_web01(vcenter_client(adapter))
    if error is not None:
        assert ("POST %s" % VC_SESSION) in error.msg or "GET /api/vcenter/vm" in error.msg, error.msg


@FUZZ
@given(status_and_body=st.tuples(statuses, vcenter_bodies) | st.tuples(st.just(200), vm_items.map(
    lambda items: json.dumps(items).encode())))
def test_vcenter_lookups_are_a_moref_or_a_clean_error(status_and_body):
    status, body = status_and_body
    adapter = VcenterAdapter({"/api/vcenter/vm": (status, body, {"Content-Type": "application/json"})})
    error = resolve_web01(vcenter_client(adapter))
    if error is not None:
        # Either the call failed (named), or the answer did not hold one VM of that name (the option).
        assert "GET /api/vcenter/vm" in error.msg or error.to_fail_kwargs().get("option") == "vms", error.msg


vm_details = st.fixed_dictionaries({}, optional={"name": json_values, "identity": json_values | st.fixed_dictionaries(
    {}, optional={"instance_uuid": json_values})}).map(lambda details: json.dumps(details).encode())


@FUZZ
@given(status_and_body=st.tuples(statuses, vcenter_bodies) | st.tuples(st.just(200), vm_details))
def test_vcenter_vm_details_are_an_object_or_a_clean_error(status_and_body):
    status, body = status_and_body
    adapter = VcenterAdapter({"/api/vcenter/vm/vm-7": (status, body, {"Content-Type": "application/json"})})
    vc = vcenter_client(adapter)
    try:
        details = vc.vm("vm-7")
    except ScvError as error:
        assert "GET /api/vcenter/vm/vm-7" in error.msg, error.msg
        return
    assert details["moref"] == "vm-7"


# ---------------------------------------------------------------------------------------------------
# A few named cases, so a regression reads as what it is rather than as a hypothesis example.

@pytest.mark.parametrize("body, expected", [
    (b"", "empty body"),
    (b"<html><body>502 Bad Gateway</body></html>", "not JSON"),
    (b'{"statusCode": 200, "resp', "not JSON"),
    (b'["a", "b"]', "expected a JSON object envelope"),
    (b'{"uri": null}', "neither"),
    (deep_nesting(200000), "not JSON"),
    (b"\xff\xfe\xfd not utf-8 \x80", "not JSON"),
])
def test_named_malformed_answers(body, expected):
    adapter = RawAdapter({"/api/4.1/policies": (200, body, {"Content-Type": "text/html"})})
    with pytest.raises(ScvError) as caught:
        scv_client(adapter).call("policies.list")
    assert "GET /4.1/policies" in caught.value.msg
    assert expected in caught.value.msg


def test_huge_body_is_reported_in_a_short_message():
    huge = b"<html>" + b"x" * (8 * 1024 * 1024) + b"</html>"
    adapter = RawAdapter({"/api/4.1/policies": (200, huge, {"Content-Type": "text/html"})})
    with pytest.raises(ScvError) as caught:
        scv_client(adapter).call("policies.list")
    assert "GET /4.1/policies" in caught.value.msg
    assert len(caught.value.msg) < 600


def test_huge_valid_list_is_returned_whole():
    items = [{"id": i, "name": "policy%d" % i} for i in range(50000)]
    body = json.dumps({"statusCode": 200, "response": {"policyResponseList": items}}).encode()
    adapter = RawAdapter({"/api/4.1/policies": (200, body, {"Content-Type": "application/json"})})
    assert len(scv_client(adapter).call("policies.list")) == 50000


def test_html_error_page_on_500_keeps_status_and_an_excerpt():
    page = b"<html><head><title>500 Internal Server Error</title></head><body>nginx</body></html>"
    adapter = RawAdapter({"/api/4.1/policies": (500, page, {"Content-Type": "text/html"})})
    with pytest.raises(ScvError) as caught:
        scv_client(adapter).call("policies.list")
    message = caught.value.msg
    assert "GET /4.1/policies returned HTTP 500" in message
    assert "500 Internal Server Error" in message


# ---------------------------------------------------------------------------------------------------
# Broken TLS connections: a refused certificate is final; a handshake cut short is a connection error.

class RaisingAdapter(RawAdapter):
    def __init__(self, errors):
        super(RaisingAdapter, self).__init__({"/api/4.1/policies": (200, json.dumps(
            {"statusCode": 200, "response": {"policyResponseList": []}}).encode(), {})})
        self.errors = list(errors)

    def send(self, request, **kwargs):
        if self.errors:
            self.sent.append((request.method, requests.utils.urlparse(request.url).path))
            raise self.errors.pop(0)
        return super(RaisingAdapter, self).send(request, **kwargs)


def test_tls_handshake_cut_short_is_retried_for_safe_calls():
    eof = requests.exceptions.SSLError("[SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol")
    adapter = RaisingAdapter([eof])
    warnings = []
    scv = scv_client(adapter, retries=2, warn=warnings.append)
    assert scv.call("policies.list") == []
    assert len(warnings) == 1 and "connection error" in warnings[0]


def test_refused_certificate_is_not_retried_and_says_so():
    refused = requests.exceptions.SSLError(
        "certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)")
    adapter = RaisingAdapter([refused, refused, refused])
    with pytest.raises(ScvError) as caught:
        scv_client(adapter, retries=2).call("policies.list")
    assert "POST /4.1/auth/login" in caught.value.msg and "certificate verification failed" in caught.value.msg
    assert len(adapter.sent) == 1
