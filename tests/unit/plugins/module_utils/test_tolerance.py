# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every answer variant NetApp's docs leave open: what is read (one test each), and what is refused
(the task fails naming the call and the field, and asks for a wire trace).  docs/api-notes.md,
"Tolerance", lists the same cases."""

import pytest

from scv_fake_http import SCV_HOST

from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import read_backups, read_jobs
from ansible_collections.snapcenter.vsphere.plugins.module_utils.client import ScvClient
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvResponseError
from ansible_collections.snapcenter.vsphere.plugins.modules import backup_info

BACKUPS = "/api/4.1/vm/vm-101/backups"
POLICIES = "/api/4.1/policies"
JOBS = "/api/4.1/jobs"


def client(warnings=None):
    return ScvClient(SCV_HOST, username="u", password="p", warn=(warnings.append if warnings is not None else None))


def backup(**fields):
    raw = {"backupId": 42, "backupName": "rg_web_1", "status": "COMPLETED", "startTime": "11/28/2026 01:30:05 PM",
           "resourceGroupId": 7, "entities": [{"moref": "vm-101", "name": "web01", "type": "VM"}]}
    raw.update(fields)
    return raw


# -- read ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("answer", [
    {"policyResponseList": [{"id": 1, "name": "a"}]},          # as the contract says
    {"PolicyResponseList": [{"id": 1, "name": "a"}]},          # the list key in another case
    [{"id": 1, "name": "a"}],                                  # a bare list instead of the object
], ids=["contract", "list-key-case", "bare-list"])
def test_list_answers_are_read(fake_http, answer):
    fake_http.route("GET", POLICIES, answer)
    assert client().call("policies.list") == [{"id": 1, "name": "a"}]


@pytest.mark.parametrize("answer", [None, {"policyResponseList": None}, {}], ids=["null", "null-list", "empty"])
def test_an_empty_list_may_come_as_null(fake_http, answer):
    fake_http.route("GET", POLICIES, answer)
    assert client().call("policies.list") == []


def test_a_bare_list_answer_may_come_wrapped_in_an_object(fake_http):
    fake_http.route("GET", JOBS, {"jobResponseList": [{"id": 3, "status": "RUNNING"}]})
    jobs = client().call("jobs.list", read=read_jobs)
    assert [(job["id"], job["status"]) for job in jobs] == [("3", "running")]


def test_field_names_in_another_case_ids_as_text_extra_and_missing_fields(fake_http):
    fake_http.route("GET", BACKUPS, {"backupResponseList": [
        {"BackupId": "42", "BackupName": "rg_web_1", "Status": "completed", "StartTime": "11/28/2026 01:30:05 PM",
         "somethingNew": {"x": 1}}]})
    found = client().call("vm.backups", path_params={"vm": "vm-101"}, read=read_backups)[0]
    assert found["id"] == "42" and found["name"] == "rg_web_1" and found["status"] == "completed"
    # Missing optional fields are None (or empty lists), never an error.
    assert found["mounted"] is None and found["vm_consistent"] is None
    assert found["locations"] == [] and found["entities"] == []


@pytest.mark.parametrize("written, iso", [
    ("11/28/2026 01:30:05 PM", "2026-11-28T13:30:05"),
    ("11/28/2026 01:30 PM", "2026-11-28T13:30:00"),
    ("11/28/2026 01:30:05.123 PM", "2026-11-28T13:30:05.123000"),
    ("11/28/2026 13:30:05", "2026-11-28T13:30:05"),
    ("2026-11-28T13:30:05", "2026-11-28T13:30:05"),
    ("2026-11-28 13:30:05.5", "2026-11-28T13:30:05.500000"),
], ids=["contract", "no-seconds", "fraction", "24-hour", "iso", "iso-space-fraction"])
def test_time_forms(written, iso):
    assert read_backups([backup(startTime=written)])[0]["start_time_iso"] == iso


@pytest.mark.parametrize("written", ["2026-11-28T12:30:05Z", "2026-11-28T13:30:05+01:00", 1796477405, 1796477405000],
                         ids=["utc", "offset", "epoch-seconds", "epoch-milliseconds"])
def test_times_with_a_zone_or_as_numbers_become_local_times(written):
    import datetime
    expected = datetime.datetime(2026, 11, 28, 12, 30, 5, tzinfo=datetime.timezone.utc).astimezone().replace(tzinfo=None)
    if isinstance(written, int):
        expected = datetime.datetime.fromtimestamp(1796477405)
    assert read_backups([backup(startTime=written)])[0]["start_time_iso"] == expected.isoformat()


def test_an_unreadable_time_is_kept_and_warned_about_naming_the_call_and_field(fake_http):
    fake_http.route("GET", BACKUPS, {"backupResponseList": [backup(startTime="yesterday at noon")]})
    warnings = []
    found = client(warnings).call("vm.backups", path_params={"vm": "vm-101"}, read=read_backups)[0]
    assert found["start_time"] == "yesterday at noon" and found["start_time_iso"] is None
    assert len(warnings) == 1
    assert "GET /4.1/vm/vm-101/backups" in warnings[0] and "startTime" in warnings[0] and "trace" in warnings[0]


def test_the_same_through_a_module(fake_http, run_module):
    fake_http.route("GET", "/api/vcenter/vm", raw=[{"vm": "vm-101", "name": "web01"}])
    raw = backup(BackupName="upper_case_name")
    del raw["backupName"]
    fake_http.route("GET", BACKUPS, [raw])
    result = run_module(backup_info, {"vm": "web01"})
    assert [b["name"] for b in result["backups"]] == ["upper_case_name"]


# -- refused ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("answer, words", [
    ({"backupResponseList": "none"}, "'backupResponseList' is not a list"),
    ({"backupResponseList": ["rg_web_1"]}, "item 0 of 'backupResponseList' is str"),
    ({"backupResponseList": [backup(entities="vm-101")]}, "field entities: expected a list (of entity objects), got str"),
    ({"backupResponseList": [backup(entities=["vm-101"])]}, "field entities: expected an object (a entity)"),
    ({"backups": [backup()]}, "the answer holds no 'backupResponseList' (it has: backups)"),
    ("all good", "expected an object holding 'backupResponseList', got str"),
], ids=["list-not-a-list", "item-not-an-object", "nested-not-a-list", "nested-item-not-an-object",
        "other-list-key", "payload-not-an-object"])
def test_what_cannot_be_read_fails_naming_the_call_and_the_field(fake_http, answer, words):
    fake_http.route("GET", BACKUPS, answer)
    with pytest.raises(ScvResponseError) as refused:
        client().call("vm.backups", path_params={"vm": "vm-101"}, read=read_backups)
    message = refused.value.msg
    assert message.startswith("GET /4.1/vm/vm-101/backups returned an answer that could not be understood"), message
    assert words in message, message
    assert "wire trace (trace_file)" in message
