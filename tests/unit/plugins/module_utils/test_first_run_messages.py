# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The errors a new user meets on a first run: each names the option to look at and says what to do.

Wrong password, a token alone where vCenter names are looked up, the wrong port, a host name that does
not resolve, a missing or wrong CA, an unknown VM or policy, a missing schedule, a bad cron, a backup on
an appliance with no storage registered, ONTAP refusing the storage system's credentials.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
import requests
from requests.adapters import BaseAdapter

from ansible_collections.snapcenter.vsphere.plugins.module_utils import client as client_module
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops import backups
from ansible_collections.snapcenter.vsphere.plugins.module_utils.client import ScvClient
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import (
    ScvApiError,
    ScvAuthError,
    ScvConnectionError,
    ScvError,
    ScvInputError,
    ScvJobFailedError,
    ScvLookupError,
    ScvNotFoundError,
    VcenterError,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.schedule import validate_quartz_cron
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.storage_system import STORAGE_SYSTEM
from ansible_collections.snapcenter.vsphere.plugins.module_utils.vcenter import VcenterClient


def envelope(payload, status=200, messages=None):
    return {"statusCode": status, "statusMessage": "OK" if status < 400 else "ERROR",
            "responseMessage": messages or [], "response": payload, "uri": None}


class Answers(BaseAdapter):
    """Answers every request with the next answer: (status, body) or an exception to raise."""

    def __init__(self, *answers):
        super(Answers, self).__init__()
        self.answers = list(answers)

    def send(self, request, **kwargs):
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        status, body = answer
        response = requests.Response()
        response.status_code = status
        response.reason = "Status %s" % status
        response._content = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        response.request = request
        response.url = request.url
        return response

    def close(self):
        pass


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    monkeypatch.setattr(client_module.time, "sleep", lambda seconds: None)


def scv(*answers, **options):
    settings = dict(hostname="scv.example.com", username="administrator@vsphere.local", password="s3cret-pw",
                    retries=0)
    settings.update(options)
    made = ScvClient(**settings)
    made.transport.session.mount("https://", Answers(*answers))
    return made


def vcenter(*answers, **options):
    settings = dict(hostname="scv.example.com", username="administrator@vsphere.local", password="s3cret-pw",
                    retries=0)
    settings.update(options)
    made = VcenterClient(**settings)
    made.transport.session.mount("https://", Answers(*answers))
    return made


def failure(call):
    with pytest.raises(ScvError) as caught:
        call()
    return caught.value


# -- credentials -------------------------------------------------------------------------------------------

def test_wrong_password_names_the_options_and_what_to_check():
    error = failure(lambda: scv((401, envelope(None, 401, ["Invalid credentials"]))).login())
    assert isinstance(error, ScvAuthError)
    assert error.msg.startswith("username/password: POST /4.1/auth/login returned HTTP 401: "
                                "authentication failed for scv.example.com as administrator@vsphere.local")
    assert "SCV logs in with vCenter credentials" in error.msg and "check username and password" in error.msg
    assert error.to_fail_kwargs()["option"] == "username/password"
    assert "s3cret-pw" not in json.dumps(error.to_fail_kwargs())


def test_refused_token_without_credentials_says_log_in_again():
    client = scv((401, envelope(None, 401, ["Invalid token: log in again"])), token="old", username=None,
                 password=None)
    error = failure(lambda: client.call("policies.list"))
    assert isinstance(error, ScvAuthError)
    assert error.msg.startswith("token: GET /4.1/policies returned HTTP 401")
    assert "log in again with snapcenter.vsphere.login, or give username and password too" in error.msg


def test_token_alone_cannot_look_up_vcenter_names():
    error = failure(lambda: vcenter((200, "[]"), username=None, password=None).resolve("vm", ["web01"], "vms"))
    assert isinstance(error, ScvInputError)
    assert error.msg.startswith("username/password: vCenter credentials are required to look up names")
    assert "give username and password (or vcenter_username and vcenter_password) next to token" in error.msg


def test_wrong_vcenter_password_names_the_vcenter_options():
    error = failure(lambda: vcenter((401, {"error_type": "UNAUTHENTICATED"})).resolve("vm", ["web01"], "vms"))
    assert isinstance(error, VcenterError)
    assert error.msg.startswith("vcenter_username/vcenter_password: vCenter POST /api/session failed (HTTP 401)")
    assert "they default to username and password" in error.msg


def test_vcenter_hostname_left_at_the_scv_appliance_is_named():
    # vcenter_hostname defaults to hostname: the SCV appliance answers 404 for vCenter's session call.
    error = failure(lambda: vcenter((404, envelope(None, 404, ["Not Found"]))).resolve("vm", ["web01"], "vms"))
    assert error.msg.startswith("vcenter_hostname/vcenter_port: vCenter POST /api/session failed (HTTP 404)")
    assert "set vcenter_hostname to the vCenter SCV is registered with" in error.msg


# -- where the appliance is --------------------------------------------------------------------------------

def test_nothing_listening_names_hostname_and_port():
    refused = requests.exceptions.ConnectionError(
        "HTTPSConnectionPool(host='scv.example.com', port=8443): Max retries exceeded (Caused by "
        "NewConnectionError(\"...: Failed to establish a new connection: [Errno 111] Connection refused\"))")
    error = failure(lambda: scv(refused, port=8443).login())
    assert isinstance(error, ScvConnectionError)
    assert error.msg.startswith("hostname/port: POST /4.1/auth/login failed: nothing accepts connections at "
                                "scv.example.com:8443 ([Errno 111] Connection refused)")
    assert "its REST API is on port 8144" in error.msg
    assert error.to_fail_kwargs()["option"] == "hostname/port"


def test_vcenter_port_refused_names_the_vcenter_options_and_their_defaults():
    refused = requests.exceptions.ConnectionError("[Errno 111] Connection refused")
    error = failure(lambda: vcenter(refused).resolve("vm", ["web01"], "vms"))
    assert error.msg.startswith("vcenter_hostname/vcenter_port: POST /api/session failed: nothing accepts "
                                "connections at scv.example.com:443")
    assert "vcenter_hostname defaults to hostname" in error.msg


def test_host_name_that_does_not_resolve_names_hostname():
    unresolved = requests.exceptions.ConnectionError(
        "HTTPSConnectionPool(host='scv.example.invalid', port=8144): Max retries exceeded (Caused by "
        "NameResolutionError(\"...: Failed to resolve 'scv.example.invalid' ([Errno -2] Name or service not "
        "known)\"))")
    error = failure(lambda: scv(unresolved, hostname="scv.example.invalid").login())
    assert error.msg.startswith("hostname: POST /4.1/auth/login failed: the name scv.example.invalid does not "
                                "resolve ([Errno -2] Name or service not known)")
    assert "give the DNS name or address of the SCV appliance" in error.msg


def test_timeouts_name_what_to_change():
    error = failure(lambda: scv(requests.exceptions.ConnectTimeout("timed out")).login())
    assert error.msg.startswith("hostname/port: POST /4.1/auth/login failed: no connection to "
                                "scv.example.com:8144 within 60s")
    error = failure(lambda: scv(requests.exceptions.ReadTimeout("read timed out"), timeout=5).login())
    assert error.msg.startswith("timeout: POST /4.1/auth/login failed: scv.example.com:8144 did not answer "
                                "within timeout=5s")


def test_another_service_on_the_port_is_not_the_scv_api():
    error = failure(lambda: scv((404, "<html>Not Found</html>"), port=443).login())
    assert error.msg.startswith("hostname/port: POST /4.1/auth/login returned HTTP 404 and no SCV answer; "
                                "https://scv.example.com:443/api is not the SCV appliance's REST API")
    error = failure(lambda: scv((404, envelope(None, 404, ["No such path"])), port=8443).login())
    assert isinstance(error, ScvNotFoundError) and error.msg.startswith("hostname/port: ")


# -- TLS ---------------------------------------------------------------------------------------------------

def test_certificate_refused_names_ca_path_and_what_to_do():
    refused = requests.exceptions.SSLError(
        "HTTPSConnectionPool(host='scv.example.com', port=8144): Max retries exceeded (Caused by SSLError("
        "SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get "
        "local issuer certificate (_ssl.c:1006)')))")
    error = failure(lambda: scv(refused).login())
    assert error.msg.startswith("ca_path: POST /4.1/auth/login failed: TLS certificate verification failed: "
                                "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local "
                                "issuer certificate")
    assert "point ca_path at the PEM file of the CA that issued the certificate of the SCV appliance" in error.msg


def test_certificate_for_another_name_names_hostname():
    mismatch = requests.exceptions.SSLError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
                                            "Hostname mismatch, certificate is not valid for 'scv.example.com'")
    error = failure(lambda: scv(mismatch).login())
    assert error.msg.startswith("hostname: ") and "connect with a name it is issued for" in error.msg


def test_missing_ca_file_names_ca_path_before_connecting(tmp_path):
    missing = str(tmp_path / "scv-ca.pem")
    client = ScvClient(hostname="127.0.0.1", port=1, username="u", password="p", ca_path=missing, retries=0)
    error = failure(client.login)
    assert isinstance(error, ScvInputError)
    assert error.msg.startswith("ca_path: '%s' does not exist where the task runs" % missing)
    assert "save the PEM file of the CA that issued the SCV appliance's certificate there" in error.msg


# -- names -------------------------------------------------------------------------------------------------

def test_unknown_vm_says_where_names_come_from():
    error = failure(lambda: vcenter((201, '"session-1"'), (200, "[]")).resolve("vm", ["web1"], "vms"))
    assert isinstance(error, ScvLookupError)
    assert error.msg.startswith("vms: no VM named 'web1' was found; names are looked up in the vCenter of "
                                "vcenter_hostname")
    assert "give the moref (like vm-101)" in error.msg


def test_a_located_lookup_error_keeps_its_hint():
    error = ScvLookupError("policies", "policy", "daily_41", hint="create it first").in_item(
        "resource_groups", 3, "rg_web")
    assert error.msg == "resource_groups[3].policies (rg_web): no policy named 'daily_41' was found; create it first"


def test_unknown_resource_group_and_unattached_policy_say_what_to_do():
    error = failure(lambda: backups.find_by_name([], "web_teir", "resource_group", "resource group", hint="x"))
    assert error.msg == "resource_group: no resource group named 'web_teir' was found; x"
    group = {"name": "web_tier", "policies": [{"id": 7, "name": "daily_14"}]}
    error = failure(lambda: backups.group_policy(group, "daily_7"))
    assert error.msg.startswith("policy: no policy attached to resource group 'web_tier' named 'daily_7' was "
                                "found; it has daily_14")


def test_no_backup_to_restore_says_take_one():
    error = failure(lambda: backups.select_backup([], "latest", owner="VM 'web02'"))
    assert error.msg.startswith("backup: latest: there is no completed backup of VM 'web02'; take one first")


@pytest.mark.parametrize("cron", ["0 2 * * *", "0 0 2 * * *"])
def test_bad_cron_shows_a_valid_one(cron):
    error = failure(lambda: validate_quartz_cron(cron))
    assert error.msg.startswith("cron: '%s'" % cron)
    assert "for example '0 0 2 * * ?' is every day at 02:00" in error.msg


# -- storage -----------------------------------------------------------------------------------------------

class StorageList:
    def __init__(self, answer):
        self.answer = answer

    def call(self, name, **kwargs):
        assert name == "storage_systems.list"
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def failed_backup_job():
    return ScvJobFailedError({"id": "4", "type": "backup", "status": "failed",
                              "messages": ["No datastore could be backed up: backup failed"]})


def test_failed_backup_without_registered_storage_says_register_it():
    error = backups.explain_failed_backup(StorageList([]), failed_backup_job(), {"name": "web_tier"})
    assert error.msg.startswith("resource_group: job 4 (backup) ended failed: No datastore could be backed up")
    assert "no storage system is registered in SCV" in error.msg
    assert "(snapcenter.vsphere.storage_system)" in error.msg
    assert error.to_fail_kwargs()["job"]["id"] == "4"


@pytest.mark.parametrize("answer", [[{"name": "cluster1.example.com"}], ScvError("listing failed")])
def test_failed_backup_with_storage_registered_keeps_the_jobs_words(answer):
    error = backups.explain_failed_backup(StorageList(answer), failed_backup_job(), {"name": "web_tier"})
    assert error.msg == "job 4 (backup) ended failed: No datastore could be backed up: backup failed"


def test_refused_storage_system_names_address_and_credentials():
    class Plan:
        params = {"name": "cluster1.example.com"}

    refused = ScvApiError("POST", "/4.1/storage-system", 400, ["authentication with the storage system failed"])
    error = STORAGE_SYSTEM.explain_refusal(Plan(), refused)
    assert error.msg.startswith("name/ontap_username/ontap_password: POST /4.1/storage-system returned HTTP 400")
    assert "SCV could not log in to ONTAP at 'cluster1.example.com'" in error.msg
    assert error.to_fail_kwargs()["status"] == 400
