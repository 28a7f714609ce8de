# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from ansible_collections.snapcenter.vsphere.plugins.modules import storage_system

LIST = "/api/4.1/storage-system"

STORED = {
    "id": 3, "name": "cluster1.example.com", "type": "CLUSTER", "userName": "vsadmin", "protocol": "HTTPS",
    "port": 443, "timeout": 60, "preferredIp": "", "platformType": "AFF", "asup": False, "syslog": False,
    "svms": [{"name": "svm1"}],
}

ADD = {"name": "cluster1.example.com", "ontap_username": "vsadmin", "ontap_password": "ontap-secret"}


def listing(*items):
    return {"storageSystemResponseList": list(items)}


def test_create_sends_the_documented_body_with_defaults(fake_http, run_module):
    fake_http.route("GET", LIST, listing(), times=1)
    fake_http.route("POST", LIST, STORED)
    fake_http.route("GET", LIST, listing(STORED))
    result = run_module(storage_system, dict(ADD, asup=True))
    assert result["changed"] is True
    assert fake_http.writes() == [("POST", LIST, {
        "name": "cluster1.example.com", "userName": "vsadmin", "password": "ontap-secret", "protocol": "HTTPS",
        "port": 443, "timeout": 60, "preferredIp": "", "asup": True, "syslog": False})]
    assert result["storage_system"]["id"] == "3"
    assert result["storage_system"]["ontap_username"] == "vsadmin"
    assert "ontap_password" not in result["storage_system"]


def test_http_protocol_defaults_to_port_80(fake_http, run_module):
    fake_http.route("GET", LIST, listing(), times=1)
    fake_http.route("POST", LIST, STORED)
    fake_http.route("GET", LIST, listing(STORED))
    run_module(storage_system, dict(ADD, ontap_protocol="http"))
    body = fake_http.writes()[0][2]
    assert (body["protocol"], body["port"]) == ("HTTP", 80)


def test_unchanged_is_not_changed_and_sends_only_the_list(fake_http, run_module):
    fake_http.route("GET", LIST, listing(STORED))
    result = run_module(storage_system, dict(ADD, name="CLUSTER1.example.com", ontap_protocol="https", asup=False))
    assert result["changed"] is False
    assert fake_http.sent() == [("GET", LIST, None)]


def test_update_puts_the_whole_object_without_password_and_read_only_fields(fake_http, run_module):
    fake_http.route("GET", LIST, listing(STORED))
    fake_http.route("PUT", LIST, dict(STORED, asup=True))
    result = run_module(storage_system, dict(ADD, asup=True), diff=True)
    assert result["changed"] is True
    expected = dict(STORED, asup=True)
    del expected["type"], expected["svms"]
    assert fake_http.writes() == [("PUT", LIST, expected)]
    assert result["diff"]["before"]["asup"] is False
    assert result["diff"]["after"]["asup"] is True
    assert "ontap_password" not in result["diff"]["after"]


def test_update_password_always_sends_it_and_masks_it_in_diff(fake_http, run_module):
    fake_http.route("GET", LIST, listing(STORED))
    fake_http.route("PUT", LIST, STORED)
    result = run_module(storage_system, dict(ADD, update_password="always"), diff=True)
    assert result["changed"] is True
    assert fake_http.writes()[0][2]["password"] == "ontap-secret"
    assert result["diff"]["after"]["ontap_password"] == "********"
    assert "ontap-secret" not in repr(result)


def test_check_mode_plans_a_create_and_writes_nothing(fake_http, run_module):
    fake_http.route("GET", LIST, listing())
    result = run_module(storage_system, ADD, check_mode=True, diff=True)
    assert result["changed"] is True
    assert fake_http.writes() == []
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"]["name"] == "cluster1.example.com"
    assert result["diff"]["after"]["ontap_password"] == "********"
    assert result["storage_system"]["id"] is None


def test_rename_patches_then_leaves_the_rest(fake_http, run_module):
    old = dict(STORED, name="svm1.example.com")
    fake_http.route("GET", LIST, listing(old), times=1)
    fake_http.route("PATCH", LIST, None)
    fake_http.route("GET", LIST, listing(STORED))
    result = run_module(storage_system, {"name": "cluster1.example.com", "from_name": "svm1.example.com"})
    assert result["changed"] is True
    assert fake_http.writes() == [("PATCH", LIST, {"existingSVM": {"name": "svm1.example.com"},
                                                   "newSVM": {"name": "cluster1.example.com"}})]
    assert result["storage_system"]["name"] == "cluster1.example.com"


def test_rename_of_an_unknown_object_fails_naming_from_name(fake_http, run_module):
    fake_http.route("GET", LIST, listing())
    result = run_module(storage_system, {"name": "new.example.com", "from_name": "old.example.com"})
    assert result["failed"]
    assert result["msg"].startswith("from_name:")
    assert fake_http.writes() == []


def test_create_without_credentials_fails_before_any_write(fake_http, run_module):
    fake_http.route("GET", LIST, listing())
    result = run_module(storage_system, {"name": "cluster1.example.com", "ontap_username": "vsadmin"})
    assert result["failed"]
    assert result["msg"].startswith("ontap_password:")
    assert fake_http.writes() == []


def test_delete_by_id_and_idempotent(fake_http, run_module):
    fake_http.route("GET", LIST, listing(STORED), times=1)
    fake_http.route("DELETE", LIST + "/3", None)
    fake_http.route("GET", LIST, listing())
    first = run_module(storage_system, {"name": "cluster1.example.com", "state": "absent"})
    assert first["changed"] is True
    assert first["storage_system"] == {}
    second = run_module(storage_system, {"name": "cluster1.example.com", "state": "absent"})
    assert second["changed"] is False
    assert fake_http.writes() == [("DELETE", LIST + "/3", None)]


def test_delete_in_use_surfaces_the_api_error(fake_http, run_module):
    fake_http.route("GET", LIST, listing(STORED))
    fake_http.route("DELETE", LIST + "/3", None, status=409, messages=["protected by resource group rg1"])
    result = run_module(storage_system, {"name": "cluster1.example.com", "state": "absent"})
    assert result["failed"]
    assert result["status"] == 409
    assert result["method"] == "DELETE"
    assert result["api_messages"] == ["protected by resource group rg1"]


def test_concurrent_create_conflict_converges(fake_http, run_module):
    fake_http.route("GET", LIST, listing(), times=1)
    fake_http.route("POST", LIST, None, status=409, messages=["already exists"])
    fake_http.route("GET", LIST, listing(STORED))
    result = run_module(storage_system, ADD)
    assert result.get("failed") is None
    assert result["storage_system"]["id"] == "3"
    assert [w[0] for w in fake_http.writes()] == ["POST"]


def test_missing_hostname_fails_naming_it(fake_http, run_module):
    result = run_module(storage_system, dict(ADD, username="u", password="p"), connection=False)
    assert result["failed"]
    assert "hostname" in result["msg"]
    assert fake_http.requests == []


def test_rename_on_an_appliance_known_to_be_too_old_fails_before_any_write(fake_http, run_module):
    fake_http.route("GET", LIST, listing(STORED))
    result = run_module(storage_system, {"name": "cluster2.example.com", "from_name": STORED["name"],
                                         "appliance_version": "4.7"})
    assert result["failed"] and result["option"] == "from_name"
    assert result["msg"] == "from_name: renaming a storage system needs SCV 5.0 or later; this appliance is SCV 4.7"
    assert result["needed_version"] == "5.0" and result["appliance_version"] == "4.7"
    assert fake_http.writes() == []


def test_an_older_appliance_answering_404_to_rename_is_explained(fake_http, run_module):
    fake_http.route("GET", LIST, listing(STORED))
    fake_http.route("PATCH", LIST, None, status=404, messages=["No handler found for PATCH /4.1/storage-system"])
    result = run_module(storage_system, {"name": "cluster2.example.com", "from_name": STORED["name"]})
    assert result["failed"] and result["status"] == 404
    assert "this call needs SCV 5.0 or later" in result["msg"]
