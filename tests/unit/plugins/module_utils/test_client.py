# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The REST client: login, token reuse, re-login, retries for safe calls only, fallback paths, errors."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
import requests
from requests.adapters import BaseAdapter

from ansible_collections.snapcenter.vsphere.plugins.module_utils import client as client_module
from ansible_collections.snapcenter.vsphere.plugins.module_utils.client import ScvClient
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import (
    ScvApiError,
    ScvAuthError,
    ScvConflictError,
    ScvConnectionError,
    ScvError,
    ScvNotFoundError,
    ScvResponseError,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils.jobs import JobRunner


def envelope(payload, status=200, messages=None):
    return {"statusCode": status, "statusMessage": "OK" if status < 400 else "ERROR",
            "responseMessage": messages or [], "response": payload, "uri": None}


class ScriptedAdapter(BaseAdapter):
    """A requests transport that answers from a script and records what was sent.

    Each script entry: (method, path) -> list of answers, consumed in order; an answer is a tuple
    (status, json_body, headers) or an exception instance to raise.
    """

    def __init__(self):
        super(ScriptedAdapter, self).__init__()
        self.script = {}
        self.sent = []

    def add(self, method, path, *answers):
        self.script.setdefault((method, path), []).extend(answers)

    def send(self, request, **kwargs):
        path = requests.utils.urlparse(request.url).path
        body = json.loads(request.body) if request.body else None
        self.sent.append({"method": request.method, "path": path, "headers": dict(request.headers),
                          "body": body, "url": request.url, "verify": kwargs.get("verify")})
        answers = self.script.get((request.method, path))
        if not answers:
            raise AssertionError("unexpected request %s %s" % (request.method, path))
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if isinstance(answer, Exception):
            raise answer
        status, document, headers = (answer + (None,))[:3] if len(answer) == 2 else answer
        response = requests.Response()
        response.status_code = status
        response.reason = "Status %s" % status
        response.headers.update(headers or {})
        if isinstance(document, (bytes, str)):
            response._content = document if isinstance(document, bytes) else document.encode()
        else:
            response._content = json.dumps(document).encode()
        response.request = request
        response.url = request.url
        return response

    def close(self):
        pass


@pytest.fixture
def adapter(monkeypatch):
    monkeypatch.setattr(client_module.time, "sleep", lambda seconds: None)
    return ScriptedAdapter()


def make_client(adapter, **kwargs):
    options = dict(hostname="scv.example.com", username="admin@vsphere.local", password="s3cret-pw")
    options.update(kwargs)
    scv = ScvClient(**options)
    scv.transport.session.mount("https://", adapter)
    return scv


LOGIN = ("POST", "/api/4.1/auth/login")
POLICIES = ("GET", "/api/4.1/policies")


def test_login_once_and_token_header_reused(adapter):
    adapter.add(*LOGIN, (200, envelope({"token": "tok-1"})))
    adapter.add(*POLICIES, (200, envelope({"policyResponseList": [{"id": 1, "name": "daily"}]})))
    scv = make_client(adapter)
    assert scv.call("policies.list") == [{"id": 1, "name": "daily"}]
    assert scv.call("policies.list") == [{"id": 1, "name": "daily"}]
    methods = [(s["method"], s["path"]) for s in adapter.sent]
    assert methods == [LOGIN, POLICIES, POLICIES]
    assert adapter.sent[0]["body"] == {"username": "admin@vsphere.local", "password": "s3cret-pw"}
    assert adapter.sent[1]["headers"]["Token"] == "tok-1"
    assert adapter.sent[1]["headers"]["User-Agent"].startswith("snapcenter.vsphere-ansible/")
    assert adapter.sent[1]["headers"]["Accept"] == "application/json"


def test_given_token_skips_login(adapter):
    adapter.add(*POLICIES, (200, envelope({"policyResponseList": []})))
    scv = make_client(adapter, token="tok-given", username=None, password=None)
    assert scv.call("policies.list") == []
    assert [s["path"] for s in adapter.sent] == ["/api/4.1/policies"]
    assert adapter.sent[0]["headers"]["Token"] == "tok-given"


def test_relogin_once_on_401(adapter):
    adapter.add(*LOGIN, (200, envelope({"token": "tok-new"})))
    adapter.add(*POLICIES, (401, envelope(None, 401, ["token expired"])),
                (200, envelope({"policyResponseList": []})))
    scv = make_client(adapter, token="tok-old")
    assert scv.call("policies.list") == []
    assert [(s["method"], s["path"]) for s in adapter.sent] == [POLICIES, LOGIN, POLICIES]
    assert adapter.sent[2]["headers"]["Token"] == "tok-new"


def test_second_401_is_an_auth_error_not_a_loop(adapter):
    adapter.add(*LOGIN, (200, envelope({"token": "tok-new"})))
    adapter.add(*POLICIES, (401, envelope(None, 401, ["no access"])))
    scv = make_client(adapter, token="tok-old")
    with pytest.raises(ScvAuthError) as caught:
        scv.call("policies.list")
    assert caught.value.status == 401
    assert caught.value.api_messages == ["no access"]
    assert len(adapter.sent) == 3


def test_token_without_credentials_fails_on_401(adapter):
    adapter.add(*POLICIES, (401, envelope(None, 401, ["token expired"])))
    scv = make_client(adapter, token="tok-old", username=None, password=None)
    with pytest.raises(ScvAuthError):
        scv.call("policies.list")
    assert len(adapter.sent) == 1


def test_bad_password_names_host_never_password(adapter):
    adapter.add(*LOGIN, (401, envelope(None, 401, ["Invalid credentials"])))
    scv = make_client(adapter)
    with pytest.raises(ScvAuthError) as caught:
        scv.call("policies.list")
    assert "authentication failed for scv.example.com" in caught.value.msg
    assert "s3cret-pw" not in str(caught.value.to_fail_kwargs())


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_safe_call_retried_on_busy_statuses(adapter, status):
    warnings = []
    adapter.add(*LOGIN, (200, envelope({"token": "t"})))
    adapter.add(*POLICIES, (status, envelope(None, status, ["busy"]), {"Retry-After": "2"}),
                (200, envelope({"policyResponseList": []})))
    scv = make_client(adapter, warn=warnings.append)
    assert scv.call("policies.list") == []
    assert len(warnings) == 1 and "HTTP %s" % status in warnings[0]
    # One retry: the policies list was asked twice.
    assert [r["path"] for r in adapter.sent].count("/api/4.1/policies") == 2


def test_retry_after_is_honoured(adapter, monkeypatch):
    slept = []
    monkeypatch.setattr(client_module.time, "sleep", slept.append)
    adapter.add(*LOGIN, (200, envelope({"token": "t"})))
    adapter.add(*POLICIES, (429, envelope(None, 429, ["slow down"]), {"Retry-After": "3"}),
                (200, envelope({"policyResponseList": []})))
    make_client(adapter).call("policies.list")
    assert slept == [3.0]


def test_retries_give_up_with_the_last_status(adapter):
    adapter.add(*LOGIN, (200, envelope({"token": "t"})))
    adapter.add(*POLICIES, (503, envelope(None, 503, ["appliance starting"])))
    scv = make_client(adapter, retries=2)
    with pytest.raises(ScvApiError) as caught:
        scv.call("policies.list")
    assert caught.value.status == 503
    assert "appliance starting" in caught.value.msg
    assert len([s for s in adapter.sent if s["path"] == "/api/4.1/policies"]) == 3


def test_connection_error_retried_for_get(adapter):
    adapter.add(*LOGIN, (200, envelope({"token": "t"})))
    adapter.add(*POLICIES, requests.exceptions.ConnectionError("connection reset"),
                (200, envelope({"policyResponseList": []})))
    assert make_client(adapter).call("policies.list") == []


def test_post_that_starts_a_job_is_never_retried(adapter):
    adapter.add(*LOGIN, (200, envelope({"token": "t"})))
    adapter.add("POST", "/api/4.1/resource-groups/backupnow", (503, envelope(None, 503, ["busy"])),
                (200, envelope({"jobId": 7})))
    scv = make_client(adapter)
    with pytest.raises(ScvApiError) as caught:
        scv.call("resource_groups.backup_now", body={"resourceGroupId": 1, "policyId": 2})
    assert caught.value.method == "POST"
    assert caught.value.path == "/4.1/resource-groups/backupnow"
    assert len([s for s in adapter.sent if s["method"] == "POST" and "backupnow" in s["path"]]) == 1


def test_connection_error_on_post_is_not_retried(adapter):
    adapter.add(*LOGIN, (200, envelope({"token": "t"})))
    adapter.add("POST", "/api/4.1/policies", requests.exceptions.ConnectionError("reset"))
    with pytest.raises(ScvConnectionError):
        make_client(adapter).call("policies.create", body={"name": "p"})
    assert len([s for s in adapter.sent if s["path"] == "/api/4.1/policies"]) == 1


def test_fallback_path_on_404_is_remembered(adapter):
    published = "/api/4.1/datastores/backups/5/snapshotlocators"
    lowercase = "/api/4.1/datastores/backups/5/snapshotlocations"
    adapter.add(*LOGIN, (200, envelope({"token": "t"})))
    adapter.add("GET", published, (404, envelope(None, 404, ["No handler"])))
    adapter.add("GET", lowercase, (200, envelope({"snapshotLocationsList": [{"locationType": "PRIMARY"}]})))
    scv = make_client(adapter)
    for dummy in range(2):
        assert scv.call("datastores.snapshot_locations", path_params={"backup_id": 5}) == [
            {"locationType": "PRIMARY"}]
    assert [s["path"] for s in adapter.sent] == ["/api/4.1/auth/login", published, lowercase, lowercase]


def test_404_on_every_form_reports_the_published_answer(adapter):
    adapter.add(*LOGIN, (200, envelope({"token": "t"})))
    adapter.add("GET", "/api/4.1/datastores/backups/9/snapshotlocators", (404, envelope(None, 404, ["backup 9 not found"])))
    adapter.add("GET", "/api/4.1/datastores/backups/9/snapshotlocations", (404, "<html>Not Found</html>"))
    with pytest.raises(ScvNotFoundError) as caught:
        make_client(adapter).call("datastores.snapshot_locations", path_params={"backup_id": 9})
    assert caught.value.path == "/4.1/datastores/backups/9/snapshotlocators"
    assert caught.value.api_messages == ["backup 9 not found"]


def test_conflict_carries_method_path_status_and_messages(adapter):
    adapter.add(*LOGIN, (200, envelope({"token": "t"})))
    adapter.add("DELETE", "/api/4.1/policies/3", (409, envelope(None, 409, ["Policy daily is in use by rg1"])))
    with pytest.raises(ScvConflictError) as caught:
        make_client(adapter).call("policies.delete", path_params={"id": 3})
    kwargs = caught.value.to_fail_kwargs()
    assert kwargs["method"] == "DELETE"
    assert kwargs["path"] == "/4.1/policies/3"
    assert kwargs["status"] == 409
    assert kwargs["api_messages"] == ["Policy daily is in use by rg1"]
    assert "Policy daily is in use by rg1" in kwargs["msg"]


@pytest.mark.parametrize("body, reason", [
    ("<html><body>502 Bad Gateway</body></html>", "not JSON"),
    ('{"statusCode": 200, "respon', "not JSON"),
    ("", "empty body"),
    ("[1, 2]", "expected a JSON object"),
    ('{"foo": 1}', "neither"),
])
def test_malformed_answers_are_clean_errors(adapter, body, reason):
    adapter.add(*LOGIN, (200, envelope({"token": "t"})))
    adapter.add(*POLICIES, (200, body))
    with pytest.raises(ScvResponseError) as caught:
        make_client(adapter).call("policies.list")
    assert reason in caught.value.msg
    assert caught.value.to_fail_kwargs()["path"] == "/4.1/policies"


def test_list_key_of_wrong_type_is_a_clean_error(adapter):
    adapter.add(*LOGIN, (200, envelope({"token": "t"})))
    adapter.add(*POLICIES, (200, envelope({"policyResponseList": "oops"})))
    with pytest.raises(ScvResponseError):
        make_client(adapter).call("policies.list")


def test_tls_verify_passed_on_every_request(adapter, monkeypatch):
    # REQUESTS_CA_BUNDLE would override a Session-level verify; the client passes it per request.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/nonexistent/bundle.pem")
    adapter.add(*LOGIN, (200, envelope({"token": "t"})))
    adapter.add(*POLICIES, (200, envelope({"policyResponseList": []})))
    make_client(adapter, ca_path="/etc/scv/ca.pem").call("policies.list")
    assert [s["verify"] for s in adapter.sent] == ["/etc/scv/ca.pem", "/etc/scv/ca.pem"]


def test_validate_certs_false_disables_verification(adapter):
    adapter.add(*LOGIN, (200, envelope({"token": "t"})))
    adapter.add(*POLICIES, (200, envelope({"policyResponseList": []})))
    make_client(adapter, validate_certs=False).call("policies.list")
    assert all(s["verify"] is False for s in adapter.sent)


def test_missing_hostname_or_credentials_fail_early():
    with pytest.raises(ScvError, match="hostname"):
        ScvClient(hostname=None, username="u", password="p")
    with pytest.raises(ScvError, match="username/password"):
        ScvClient(hostname="h")


def test_path_params_are_url_quoted(adapter):
    adapter.add(*LOGIN, (200, envelope({"token": "t"})))
    adapter.add("GET", "/api/4.1/vm/vm-1%2F..%2Fx/backups", (200, envelope({"backupResponseList": []})))
    assert make_client(adapter).call("vm.backups", path_params={"vm": "vm-1/../x"}) == []


# ---------------------------------------------------------------- jobs


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self):
        return self.now


def job(job_id, status="RUNNING", job_type="backup", rg=1):
    return {"id": job_id, "name": "Backup", "type": job_type, "status": status, "startTime": "11/28/2026 10:00:00 AM",
            "endTime": None, "resourceGroupId": rg, "backupId": None, "messages": ["step"]}


def runner(adapter, **kwargs):
    clock = FakeClock()
    return JobRunner(make_client(adapter), sleep=clock.sleep, clock=clock, **kwargs), clock


JOBS = ("GET", "/api/4.1/jobs")
BACKUPNOW = ("POST", "/api/4.1/resource-groups/backupnow")


def test_job_id_from_answer_then_wait_until_completed(adapter):
    adapter.add(*LOGIN, (200, envelope({"token": "t"})))
    adapter.add(*JOBS, (200, envelope([job(1, "COMPLETED")])))
    adapter.add(*BACKUPNOW, (200, envelope({"jobId": 2})))
    adapter.add("GET", "/api/4.1/jobs/2", (200, envelope(job(2))), (200, envelope(job(2))),
                (200, envelope(job(2, "COMPLETED"))))
    jobs, clock = runner(adapter)
    result = jobs.run("resource_groups.backup_now", body={"resourceGroupId": 1, "policyId": 1})
    assert result["id"] == "2" and result["status"] == "completed"
    # Three polls: the job was read three times.
    assert [r["path"] for r in adapter.sent].count("/api/4.1/jobs/2") == 3
    # A quick second look, then (no Date header here: the controller's clock counts) one poll a second.
    assert clock.sleeps == [0.2, 1.0]


def test_no_job_id_dialect_finds_the_new_job(adapter):
    adapter.add(*LOGIN, (200, envelope({"token": "t"})))
    adapter.add(*JOBS, (200, envelope([job(1, "COMPLETED")])), (200, envelope([job(1, "COMPLETED"), job(5)])))
    adapter.add(*BACKUPNOW, (200, envelope(None, messages=["Backup started"])))
    adapter.add("GET", "/api/4.1/jobs/5", (200, envelope(job(5, "COMPLETED"))))
    jobs, dummy = runner(adapter)
    assert jobs.run("resource_groups.backup_now", body={})["id"] == "5"
    job_queries = [s["url"] for s in adapter.sent if s["path"] == "/api/4.1/jobs"]
    assert all("type=backup" in url for url in job_queries)


def test_lost_answer_finds_the_started_job_and_never_posts_twice(adapter):
    adapter.add(*LOGIN, (200, envelope({"token": "t"})))
    adapter.add(*JOBS, (200, envelope([])), (200, envelope([job(8, rg=2), job(9, rg=1)])))
    adapter.add(*BACKUPNOW, requests.exceptions.ConnectionError("connection aborted"))
    adapter.add("GET", "/api/4.1/jobs/9", (200, envelope(job(9, "COMPLETED"))))
    jobs, dummy = runner(adapter)
    found = jobs.run("resource_groups.backup_now", body={"resourceGroupId": 1, "policyId": 1},
                     match=lambda j: j["resource_group_id"] == "1")
    assert found["id"] == "9"
    assert len([s for s in adapter.sent if s["method"] == "POST" and "backupnow" in s["path"]]) == 1


def test_lost_answer_without_a_job_fails_without_second_post(adapter):
    adapter.add(*LOGIN, (200, envelope({"token": "t"})))
    adapter.add(*JOBS, (200, envelope([])))
    adapter.add(*BACKUPNOW, requests.exceptions.ConnectionError("connection aborted"))
    jobs, dummy = runner(adapter)
    with pytest.raises(ScvError, match="not sent again"):
        jobs.run("resource_groups.backup_now", body={})
    assert len([s for s in adapter.sent if s["method"] == "POST" and "backupnow" in s["path"]]) == 1


def test_failed_job_raises_with_its_messages(adapter):
    adapter.add(*LOGIN, (200, envelope({"token": "t"})))
    failed = job(3, "FAILED")
    failed["messages"] = ["Storage system for datastore nfs_ds01 is not registered"]
    adapter.add("GET", "/api/4.1/jobs/3", (200, envelope(failed)))
    jobs, dummy = runner(adapter)
    with pytest.raises(ScvError) as caught:
        jobs.wait("3")
    assert "not registered" in caught.value.msg
    assert caught.value.job["id"] == "3"


def test_wait_timeout_names_job_and_last_status(adapter):
    adapter.add(*LOGIN, (200, envelope({"token": "t"})))
    adapter.add("GET", "/api/4.1/jobs/4", (200, envelope(job(4))))
    jobs, clock = runner(adapter, wait_timeout=10)
    with pytest.raises(ScvError) as caught:
        jobs.wait("4")
    assert "job 4" in caught.value.msg and "running" in caught.value.msg and "wait_timeout=10" in caught.value.msg
    assert clock.now <= 10.0
    # One poll a second while the job is young (a job's end is noticed within a second).
    assert max(clock.sleeps) <= 1.0 and [r["path"] for r in adapter.sent].count("/api/4.1/jobs/4") <= 12


def test_check_mode_runner_refuses_to_write(adapter):
    jobs, dummy = runner(adapter, check_mode=True)
    with pytest.raises(ScvError, match="check mode"):
        jobs.start("resource_groups.backup_now", body={})
    assert adapter.sent == []
