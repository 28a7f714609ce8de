# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""protection_config with mocked HTTP: request economy, dependency order, check mode, prune, bad input."""

import collections

import pytest

from ansible_collections.snapcenter.vsphere.plugins.modules import protection_config

STORAGE = "/api/4.1/storage-system"
POLICIES = "/api/4.1/policies"
GROUPS = "/api/4.1/resource-groups"
SCHEDULES = "/api/4.1/schedules"
VMS = "/api/vcenter/vm"
LOGIN = "/api/4.1/auth/login"
VCENTER_SESSION = "/api/session"

CLUSTER = {"name": "cluster1.example.com", "ontap_username": "admin", "ontap_password": "ontap-secret"}
SCHEDULE = {"every": 1, "start_time": "2026-12-01T01:30"}


class FakeScv:
    """A tiny stateful appliance behind the fake transport: lists, creates and deletes really happen."""

    LIST_KEYS = {STORAGE: "storageSystemResponseList", POLICIES: "policyResponseList",
                 GROUPS: "resourceGroupResponseList"}

    def __init__(self, fake_http, vm_count):
        self.http = fake_http
        self.objects = {STORAGE: [], POLICIES: [], GROUPS: []}
        self.next_id = 100
        self.vms = dict(("vm%03d" % i, "vm-%d" % (1000 + i)) for i in range(vm_count))
        self.schedules = [{"name": "Schedule-PurgeBackups", "cronExpression": "0 0 2 * * ?",
                           "description": "Purges expired backups"}]
        for path in self.objects:
            fake_http.route("GET", path, self._lister(path))
            fake_http.route("POST", path, self._creator(path))
        fake_http.route("GET", VMS, raw=None)
        fake_http.routes[-1]["raw"] = [{"vm": moref, "name": name} for name, moref in self.vms.items()]
        fake_http.route("GET", SCHEDULES, lambda record: (200, self.schedules))
        fake_http.route("PUT", SCHEDULES, self._put_schedule)

    def _lister(self, path):
        return lambda record: (200, {self.LIST_KEYS[path]: [dict(o) for o in self.objects[path]]})

    def _creator(self, path):
        def create(record):
            stored = dict(record.body, id=self.next_id)
            self.next_id += 1
            if path == STORAGE:
                stored.pop("password", None)
                stored["svms"] = [{"name": "svm_a"}]
            if path == GROUPS:
                stored["entities"] = [{"moref": m, "name": self._vm_name(m), "type": "VM"} for m in stored["entities"]]
                stored["policies"] = [dict(p, name=self._policy_name(p["id"])) for p in stored["policies"]]
                stored["status"] = "PRODUCTION"
            self.objects[path].append(stored)
            return 200, stored
        return create

    def _put_schedule(self, record):
        for schedule in self.schedules:
            if schedule["name"] == record.body["name"]:
                schedule["cronExpression"] = record.body["cronExpression"]
        return 200, None

    def _vm_name(self, moref):
        return next(name for name, m in self.vms.items() if m == moref)

    def _policy_name(self, policy_id):
        return next(p["name"] for p in self.objects[POLICIES] if p["id"] == policy_id)

    def allow_delete(self, path, stored):
        def delete(record):
            self.objects[path] = [o for o in self.objects[path] if o["id"] != stored["id"]]
            return 200, None
        self.http.route("DELETE", "%s/%s" % (path, stored["id"]), delete)

    def counts(self, include_login=True):
        return collections.Counter((r.method, r.path) for r in self.http.requests
                                   if include_login or r.path not in (LOGIN, VCENTER_SESSION))


def desired(group_count, policy_count):
    policies = [{"name": "pol_%02d" % i, "frequency": "daily", "retention_count": 7} for i in range(policy_count)]
    groups = [{"name": "rg_%03d" % i, "vms": ["vm%03d" % i],
               "policies": [{"name": policies[i % policy_count]["name"], "schedule": SCHEDULE}]}
              for i in range(group_count)]
    return {"storage_systems": [CLUSTER], "policies": policies, "resource_groups": groups}


@pytest.fixture
def scv(fake_http):
    return FakeScv(fake_http, vm_count=40)


def test_first_apply_writes_in_dependency_order_with_one_list_per_kind(scv, run_module):
    result = run_module(protection_config, desired(30, 3))
    assert result["changed"] is True
    writes = scv.http.writes()
    assert [w[1] for w in writes] == [STORAGE] + [POLICIES] * 3 + [GROUPS] * 30
    # The groups reference policies created by this same task: by their new ids.
    assert writes[4][2]["policies"] == [{"id": scv.objects[POLICIES][0]["id"], "schedule": {
        "frequency": "DAILY", "every": 1, "startTime": "12/01/2026 01:30 AM"}}]
    counts = scv.counts()
    # Each kind is read before planning and once more after its writes: never once per item.
    assert counts[("GET", POLICIES)] <= 2 and counts[("GET", GROUPS)] <= 2 and counts[("GET", STORAGE)] <= 2
    assert counts[("GET", VMS)] == 1 and counts[("POST", LOGIN)] == 1
    assert [a["action"] for a in result["actions"]] == ["create"] * 34
    assert len(result["resource_groups"]) == 30 and result["resource_groups"][0]["id"] is not None
    assert "ontap_password" not in result["storage_systems"][0]


def test_reapply_of_many_objects_is_one_login_one_list_per_kind_and_no_write(scv, run_module):
    state = desired(30, 3)
    run_module(protection_config, state)
    scv.http.requests[:] = []
    result = run_module(protection_config, state)
    assert result["changed"] is False
    assert scv.http.writes() == []
    assert scv.counts() == collections.Counter({
        ("POST", LOGIN): 1, ("GET", STORAGE): 1, ("GET", POLICIES): 1, ("GET", GROUPS): 1,
        ("POST", VCENTER_SESSION): 1, ("GET", VMS): 1})
    # All 30 VM names in the one vCenter request.
    vm_lookup = next(r for r in scv.http.requests if r.path == VMS)
    assert len(vm_lookup.query["names"]) == 30
    assert set(a["action"] for a in result["actions"]) == {"none"}


def test_token_saves_the_login(scv, run_module):
    state = desired(5, 1)
    run_module(protection_config, state)
    scv.http.requests[:] = []
    result = run_module(protection_config, dict(state, token="reused-token"))
    assert result["changed"] is False
    assert scv.counts()[("POST", LOGIN)] == 0


def test_check_mode_plans_everything_writes_nothing_and_masks_secrets(scv, run_module):
    result = run_module(protection_config, desired(4, 2), check_mode=True, diff=True)
    assert result["changed"] is True
    assert scv.http.writes() == []
    assert [(a["kind"], a["action"]) for a in result["actions"]] == (
        [("storage_system", "create")] + [("policy", "create")] * 2 + [("resource_group", "create")] * 4)
    after = result["diff"]["after"]
    assert after["storage_systems"]["cluster1.example.com"]["ontap_password"] == "********"
    assert "ontap-secret" not in repr(result)
    assert after["resource_groups"]["rg_000"]["vms"] == ["vm000"]
    assert result["diff"]["before"]["policies"]["pol_00"] == {}


def test_prune_deletes_unlisted_groups_before_their_policies_and_keeps_storage(scv, run_module):
    state = desired(3, 1)
    run_module(protection_config, dict(state, policies=state["policies"] + [
        {"name": "pol_old", "frequency": "daily", "retention_count": 3}], resource_groups=state["resource_groups"] + [
        {"name": "rg_old", "vms": ["vm039"], "policies": [{"name": "pol_old", "schedule": SCHEDULE}]}]))
    old_group = next(o for o in scv.objects[GROUPS] if o["name"] == "rg_old")
    old_policy = next(o for o in scv.objects[POLICIES] if o["name"] == "pol_old")
    scv.allow_delete(GROUPS, old_group)
    scv.allow_delete(POLICIES, old_policy)
    scv.http.requests[:] = []
    result = run_module(protection_config, dict(state, storage_systems=[], prune=True), diff=True)
    assert result["changed"] is True
    assert scv.http.writes() == [("DELETE", "%s/%s" % (GROUPS, old_group["id"]), None),
                                 ("DELETE", "%s/%s" % (POLICIES, old_policy["id"]), None)]
    assert [(a["name"], a["action"]) for a in result["actions"] if a["action"] != "none"] == [
        ("rg_old", "delete"), ("pol_old", "delete")]
    assert result["diff"]["after"]["resource_groups"]["rg_old"] == {}
    assert [o["name"] for o in scv.objects[STORAGE]] == ["cluster1.example.com"]


def test_prune_storage_systems_only_when_asked(scv, run_module):
    run_module(protection_config, {"storage_systems": [CLUSTER]})
    cluster = scv.objects[STORAGE][0]
    scv.allow_delete(STORAGE, cluster)
    result = run_module(protection_config, {"storage_systems": [], "prune": True}, check_mode=True)
    assert result["changed"] is False
    # An empty list is refused, not emptied, until the user says so.
    result = run_module(protection_config, {"storage_systems": [], "prune": True, "prune_storage_systems": True})
    assert result["failed"] is True and result["option"] == "storage_systems"
    assert scv.objects[STORAGE] != []
    result = run_module(protection_config, {"storage_systems": [], "prune": True, "prune_storage_systems": True,
                                            "prune_empty": ["storage_systems"]})
    assert [(a["name"], a["action"]) for a in result["actions"]] == [("cluster1.example.com", "delete")]
    assert scv.objects[STORAGE] == []


def test_schedules_change_only_what_differs(scv, run_module):
    result = run_module(protection_config, {"schedules": [{"name": "Schedule-PurgeBackups", "cron": "0 0 2 * * ?"}]})
    assert result["changed"] is False and scv.http.writes() == []
    result = run_module(protection_config, {"schedules": [{"name": "Schedule-PurgeBackups", "cron": "0 30 3 * * ?"}]})
    assert result["changed"] is True
    assert scv.http.writes() == [("PUT", SCHEDULES, {"name": "Schedule-PurgeBackups", "cronExpression": "0 30 3 * * ?"})]
    assert result["schedules"][0]["cron"] == "0 30 3 * * ?"


@pytest.mark.parametrize("change, option", [
    (lambda s: s["resource_groups"][1]["policies"][0].update(name="missing"), "policies"),
    (lambda s: s["resource_groups"][2].update(vms=["no_such_vm"]), "vms"),
    (lambda s: s["policies"].append(dict(s["policies"][0])), "policies[1].name"),
    (lambda s: s["policies"][0].update(name="bad name"), "policies[0].name"),
    (lambda s: s.update(schedules=[{"name": "Schedule-PurgeBackups", "cron": "every night"}]), "schedules[0].cron"),
])
def test_bad_input_fails_before_any_write(scv, run_module, change, option):
    state = desired(3, 1)
    change(state)
    result = run_module(protection_config, state)
    assert result["failed"] is True
    assert option in result["msg"]
    assert scv.http.writes() == []


def test_item_options_are_the_per_resource_modules_options():
    from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.policy import POLICY
    spec = protection_config.argument_spec()
    assert spec["policies"]["options"] == POLICY.argument_spec
    assert spec["policies"]["mutually_exclusive"] == [["retention_count", "retention_days"]]


# -- every error of a bulk task names its item: position, name and option -------------------------------

@pytest.mark.parametrize("change, option, name, words", [
    # an option check of the item (validate_params)
    (lambda s: s["policies"][2].update(name="bad name"), "policies[2].name", "bad name", "characters SCV does not allow"),
    # a vCenter name lookup, made once for all 20 groups
    (lambda s: s["resource_groups"][17].update(vms=["web9"]), "resource_groups[17].vms", "rg_017",
     "no VM named 'web9'"),
    # a reference to another kind (a policy by name)
    (lambda s: s["resource_groups"][11]["policies"][0].update(name="missing"), "resource_groups[11].policies",
     "rg_011", "no policy named 'missing'"),
    # plan validation (the group as it would be stored)
    (lambda s: s["resource_groups"][5].update(vms=[]), "resource_groups[5].vms", "rg_005",
     "needs at least one VM or datastore"),
    (lambda s: s["resource_groups"][9]["policies"][0].update(schedule={"start_time": "soon"}),
     "resource_groups[9].policies[0].schedule.start_time", "rg_009", "is not a local ISO 8601 time"),
    # an item of an update-only kind
    (lambda s: s.update(schedules=[{"name": "Schedule-PurgeBackups", "cron": "0 0 2 * * ?"},
                                   {"name": "Schedule-PurgeJobs", "cron": "0 0 25 * * ?"}]),
     "schedules[1].cron", "Schedule-PurgeJobs", "hours field"),
])
def test_bulk_errors_name_the_item_by_position_and_name(scv, run_module, change, option, name, words):
    state = desired(20, 3)
    change(state)
    result = run_module(protection_config, state)
    assert result["failed"] is True
    assert result["option"] == option, result["msg"]
    assert result["msg"].startswith("%s (%s): " % (option, name)), result["msg"]
    assert words in result["msg"]
    assert scv.http.writes() == []


def test_each_item_is_validated_once(scv, run_module, monkeypatch):
    from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.policy import POLICY
    seen = []
    original = POLICY.validate_params

    def counting(params):
        seen.append(params["name"])
        return original(params)

    monkeypatch.setattr(POLICY, "validate_params", counting)
    result = run_module(protection_config, desired(4, 3), check_mode=True)
    assert result["changed"] is True
    assert sorted(seen) == ["pol_00", "pol_01", "pol_02"]


# -- the plan a reviewer reads: changes per action ------------------------------------------------------

def test_actions_carry_their_changes_names_not_ids_and_no_secret(scv, run_module):
    state = desired(2, 1)
    run_module(protection_config, state)
    old = next(o for o in scv.objects[GROUPS] if o["name"] == "rg_001")
    scv.allow_delete(GROUPS, old)
    state["policies"][0]["retention_count"] = 9
    state["resource_groups"] = state["resource_groups"][:1] + [
        {"name": "rg_new", "vms": ["vm010"], "policies": [{"name": "pol_00", "schedule": SCHEDULE}]}]
    state["storage_systems"] = [dict(CLUSTER, update_password="always")]
    result = run_module(protection_config, dict(state, prune=True), check_mode=True)
    by_name = dict((a["name"], a) for a in result["actions"])
    assert by_name["pol_00"]["changes"] == {"retention_count": {"before": 7, "after": 9}}
    assert by_name["rg_000"]["changes"] == {}
    created = by_name["rg_new"]["changes"]
    assert created["vms"] == ["vm010"] and created["policies"][0]["name"] == "pol_00" and "id" not in created
    deleted = by_name["rg_001"]["changes"]
    assert by_name["rg_001"]["action"] == "delete" and deleted["vms"] == ["vm001"] and "id" not in deleted
    assert by_name["cluster1.example.com"]["changes"] == {"ontap_password": {"before": None, "after": "********"}}
    assert "ontap-secret" not in repr(result)


def test_a_suspension_is_a_changed_option_with_its_change(scv, run_module):
    scv.http.route("POST", GROUPS + "/100/suspend", (200, None))
    state = {"policies": [{"name": "p", "frequency": "daily", "retention_count": 3}],
             "resource_groups": [{"name": "g", "vms": ["vm001"], "policies": [{"name": "p", "schedule": SCHEDULE}]}]}
    run_module(protection_config, state)
    state["resource_groups"][0]["suspended"] = True
    result = run_module(protection_config, state, check_mode=True)
    group = result["actions"][1]
    assert (group["action"], group["changed_options"]) == ("update", ["suspended"])
    assert group["changes"] == {"suspended": {"before": False, "after": True}}


# -- prune guards: before any write, in check mode too -------------------------------------------------

def _with_strays(scv, run_module, count):
    state = desired(2, 1)
    extra = dict(state, resource_groups=state["resource_groups"] + [
        {"name": "rg_stray_%d" % i, "vms": ["vm%03d" % (20 + i)], "policies": [{"name": "pol_00", "schedule": SCHEDULE}]}
        for i in range(count)])
    run_module(protection_config, extra)
    for stored in scv.objects[GROUPS]:
        scv.allow_delete(GROUPS, stored)
    scv.http.requests[:] = []
    return state


@pytest.mark.parametrize("check_mode", [True, False])
def test_more_deletions_than_max_deletions_fail_listing_them(scv, run_module, check_mode):
    state = _with_strays(scv, run_module, 3)
    result = run_module(protection_config, dict(state, prune=True, max_deletions=2), check_mode=check_mode)
    assert result["failed"] is True and result["option"] == "max_deletions"
    assert "would delete 3 objects, more than max_deletions=2" in result["msg"]
    assert "resource_groups: rg_stray_0, rg_stray_1, rg_stray_2" in result["msg"]
    assert result["would_delete"] == [{"kind": "resource_group", "name": "rg_stray_%d" % i} for i in range(3)]
    assert scv.http.writes() == []
    # No vCenter look-up either: the guard comes before names are resolved.
    assert not [r for r in scv.http.requests if r.path == VMS]
    result = run_module(protection_config, dict(state, prune=True, max_deletions=3), check_mode=check_mode)
    assert [a["name"] for a in result["actions"] if a["action"] == "delete"] == ["rg_stray_0", "rg_stray_1", "rg_stray_2"]


def test_explicit_absent_items_count_as_deletions(scv, run_module):
    state = _with_strays(scv, run_module, 2)
    state["resource_groups"] += [{"name": "rg_stray_0", "state": "absent"}, {"name": "rg_stray_1", "state": "absent"},
                                 {"name": "rg_never_was", "state": "absent"}]
    result = run_module(protection_config, dict(state, max_deletions=1), check_mode=True)
    assert result["failed"] is True and "would delete 2 objects" in result["msg"]


@pytest.mark.parametrize("check_mode", [True, False])
def test_an_empty_list_is_refused_not_emptied_unless_prune_empty_says_so(scv, run_module, check_mode):
    state = _with_strays(scv, run_module, 1)
    emptied = dict(state, resource_groups=[], prune=True)
    result = run_module(protection_config, emptied, check_mode=check_mode)
    assert result["failed"] is True and result["option"] == "resource_groups"
    assert "names no resource group to keep, so prune would delete 3 resource groups (rg_000, rg_001, rg_stray_0)" in result["msg"]
    assert "add resource_groups to prune_empty" in result["msg"]
    assert scv.http.writes() == []
    # Only absent items is as empty as no item.
    only_absent = dict(emptied, resource_groups=[{"name": "rg_stray_0", "state": "absent"}])
    assert run_module(protection_config, only_absent, check_mode=True)["failed"] is True
    result = run_module(protection_config, dict(emptied, prune_empty=["resource_groups"]), check_mode=check_mode)
    assert [a["action"] for a in result["actions"] if a["kind"] == "resource_group"] == ["delete"] * 3


def test_prune_empty_prunes_a_kind_that_was_not_given(scv, run_module):
    state = _with_strays(scv, run_module, 0)
    result = run_module(protection_config, {"policies": state["policies"], "prune": True,
                                            "prune_empty": ["resource_groups"]}, check_mode=True)
    assert [(a["kind"], a["action"]) for a in result["actions"] if a["action"] != "none"] == [
        ("resource_group", "delete"), ("resource_group", "delete")]


def test_an_empty_list_with_nothing_to_delete_is_fine(scv, run_module):
    result = run_module(protection_config, {"resource_groups": [], "policies": [], "prune": True})
    assert result["changed"] is False and "failed" not in result


def test_max_deletions_must_not_be_negative(scv, run_module):
    result = run_module(protection_config, {"policies": [], "max_deletions": -1})
    assert result["failed"] is True and result["option"] == "max_deletions"
