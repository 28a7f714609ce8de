# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The engine on its own: many items of several kinds in one run, as protection_config will use it."""

import pytest

from scv_fake_http import SCV_HOST

from ansible_collections.snapcenter.vsphere.plugins.module_utils.client import ScvClient
from ansible_collections.snapcenter.vsphere.plugins.module_utils.declaration import MASK, Field
from ansible_collections.snapcenter.vsphere.plugins.module_utils.engine import Engine
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.policy import POLICY
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.resource_group import RESOURCE_GROUP
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.storage_system import STORAGE_SYSTEM

POLICIES = "/api/4.1/policies"
GROUPS = "/api/4.1/resource-groups"


def client():
    return ScvClient(SCV_HOST, username="u", password="p")


def policy_params(name, **options):
    params = dict((field.option, None) for field in POLICY.fields)
    params.update(name=name, state="present", frequency="daily", retention_count=3)
    params.update(options)
    return params


def group_params(name, **options):
    params = dict((field.option, None) for field in RESOURCE_GROUP.fields)
    params.update(name=name, state="present", vms=["vm-1"])
    params.update(options)
    return params


def test_many_items_share_one_list_call_per_kind(fake_http):
    fake_http.route("GET", POLICIES, {"policyResponseList": [
        {"id": 1, "name": "a", "frequency": "DAILY", "retention": {"type": "COUNT", "value": 3}}]})
    engine = Engine(client(), check_mode=True)
    plans = engine.plan([(POLICY, policy_params("a")), (POLICY, policy_params("b")),
                         (POLICY, policy_params("c", retention_count=5))])
    results = engine.apply(plans)
    assert [r["changed"] for r in results] == [False, True, True]
    assert [(r.method, r.path) for r in fake_http.requests if r.path == POLICIES] == [("GET", POLICIES)]


def test_a_group_may_use_a_policy_planned_in_the_same_run(fake_http):
    created = {}

    def create_policy(request):
        created.update(request.body, id=50)
        return 200, dict(created)

    def list_policies(request):
        return 200, {"policyResponseList": [dict(created)] if created else []}

    fake_http.route("GET", POLICIES, list_policies)
    fake_http.route("POST", POLICIES, create_policy)
    fake_http.route("GET", GROUPS, {"resourceGroupResponseList": []}, times=2)
    fake_http.route("POST", GROUPS, {"id": 60, "name": "g"})
    fake_http.route("GET", GROUPS, {"resourceGroupResponseList": [{"id": 60, "name": "g"}]})
    engine = Engine(client())
    schedule = {"every": None, "start_time": "2026-12-01T01:30", "days_of_week": None, "days_of_month": None}
    plans = engine.plan([(POLICY, policy_params("fresh")),
                         (RESOURCE_GROUP, group_params("g", policies=[{"name": "fresh", "schedule": schedule}]))])
    assert plans[1].needs_replan
    engine.apply(plans)
    group_body = [w for w in fake_http.writes() if w[1] == GROUPS][0][2]
    assert group_body["policies"] == [{"id": 50, "schedule": {
        "frequency": "DAILY", "startTime": "12/01/2026 01:30 AM", "every": 1}}]


def test_check_mode_plans_writes_but_apply_sends_none(fake_http):
    fake_http.forbid_writes = True
    fake_http.route("GET", POLICIES, {"policyResponseList": [
        {"id": 1, "name": "a", "frequency": "DAILY", "retention": {"type": "COUNT", "value": 3}}]})
    engine = Engine(client(), check_mode=True)
    results = engine.apply(engine.plan([(POLICY, policy_params("a", state="absent")),
                                        (POLICY, policy_params("b"))]))
    assert [r["changed"] for r in results] == [True, True]
    assert results[0]["diff"]["after"] == {}
    assert results[1]["policy"]["id"] is None


def test_secrets_are_masked_in_the_diff_and_never_read_back():
    field = STORAGE_SYSTEM.field("ontap_password")
    assert field.write_only and field.secret
    assert "ontap_password" not in STORAGE_SYSTEM.to_options({"id": 1, "name": "x", "password": "leak"})
    assert MASK == "********"


@pytest.mark.parametrize("field, a, b, same", [
    (Field("f", "f", enum=True), "DAILY", "daily", True),
    (Field("f", "f"), ["b", "a"], ["a", "b"], True),
    (POLICY.field("retention_count"), {"type": "COUNT", "value": "3"}, {"type": "count", "value": 3}, True),
    (POLICY.field("retention_count"), {"type": "DAYS", "value": 3}, {"type": "COUNT", "value": 3}, False),
    (RESOURCE_GROUP.field("vms"), [{"moref": "vm-2"}, {"moref": "vm-1"}], ["vm-1", "vm-2"], True),
    (RESOURCE_GROUP.field("policies"), [{"id": 7, "schedule": None}], [{"id": "7", "schedule": None}], True),
    (RESOURCE_GROUP.field("email"), {"from": "a", "to": ["y", "x"]}, {"from": "a", "to": ["x", "y"]}, True),
])
def test_normalizers_compare_what_the_appliance_would_store(field, a, b, same):
    assert (field.canonical(a) == field.canonical(b)) is same
