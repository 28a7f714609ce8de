# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The configuration modules through real ansible-playbook runs against the simulator."""

import pytest

NS = "snapcenter.vsphere."
ONTAP = {"name": "cluster1.demo.local", "ontap_username": "admin", "ontap_password": "netapp-demo-1"}
POLICY = {"name": "daily_7", "frequency": "daily", "retention_count": 7, "description": "seven days"}
SCHEDULE = {"every": 1, "start_time": "2026-12-01T01:30"}
GROUP = {"name": "web_tier", "vms": ["web01", "web02"], "policies": [{"name": "daily_7", "schedule": SCHEDULE}]}


def task(module, **args):
    return {NS + module: args}


def scv_writes(sim):
    return [(entry["method"], entry["path"]) for entry in sim.writes()]


# name of the module, its result key, what creates it, a change, what it needs first
LIFECYCLES = [
    ("storage_system", ONTAP, {"asup": True}, []),
    ("policy", POLICY, {"retention_count": 10, "description": "ten"}, []),
    ("resource_group", GROUP, {"vms": ["web01"], "notification": "error"},
     [task("storage_system", **ONTAP), task("policy", **POLICY)]),
]


@pytest.mark.parametrize("module, create, change, setup", LIFECYCLES, ids=[c[0] for c in LIFECYCLES])
def test_lifecycle(sim, play, module, create, change, setup):
    if setup:
        results, dummy = play(setup)
        assert not [r for r in results if r.get("failed")], results
    sim.clear_requests()

    results, dummy = play([task(module, **create)], check=True, diff=True)
    assert results[0]["changed"] is True, results[0]
    assert results[0]["diff"]["before"] == {}
    assert scv_writes(sim) == []

    results, dummy = play([task(module, **create), task(module, **create)])
    assert [r["changed"] for r in results] == [True, False], results
    created = results[0][module]
    assert created["id"] is not None and created["name"] == create["name"]

    sim.clear_requests()
    results, dummy = play([task(module, **dict(create, **change))], check=True, diff=True)
    assert results[0]["changed"] is True
    assert scv_writes(sim) == []
    for option, value in change.items():
        assert results[0]["diff"]["after"][option] == value

    results, dummy = play([task(module, **dict(create, **change)), task(module, **dict(create, **change))])
    assert [r["changed"] for r in results] == [True, False], results

    results, dummy = play([task(module + "_info", name=create["name"])])
    listed = results[0][{"storage_system": "storage_systems", "policy": "policies",
                         "resource_group": "resource_groups"}[module]]
    assert len(listed) == 1 and listed[0]["id"] == created["id"]
    for option, value in change.items():
        assert listed[0][option] == value

    # What _info returns can be fed back to the module: no change.
    fed_back = dict((k, v) for k, v in listed[0].items() if k != "id" and v is not None)
    if module == "storage_system":
        fed_back["ontap_password"] = "unused"
    results, dummy = play([task(module, **fed_back)])
    assert results[0]["changed"] is False, results[0]

    results, dummy = play([task(module, name=create["name"], state="absent")] * 2)
    assert [r["changed"] for r in results] == [True, False], results


def test_password_is_masked_in_diff_and_output(sim, play):
    results, stdout = play([task("storage_system", update_password="always", **ONTAP)], check=True, diff=True)
    assert results[0]["diff"]["after"]["ontap_password"] == "********"
    assert "netapp-demo-1" not in stdout
    assert "netapp-demo-1" not in repr(results)


def test_suspend_and_resume(sim, play):
    play([task("storage_system", **ONTAP), task("policy", **POLICY), task("resource_group", **GROUP)])
    sim.clear_requests()
    results, dummy = play([task("resource_group", name="web_tier", suspended=True)] * 2)
    assert [r["changed"] for r in results] == [True, False]
    assert [w for w in scv_writes(sim) if w[1].endswith("/suspend")]
    assert results[1]["resource_group"]["suspended"] is True
    results, dummy = play([task("resource_group", name="web_tier", suspended=False)])
    assert results[0]["changed"] is True and results[0]["resource_group"]["suspended"] is False


def test_token_reuse_sends_one_login_for_the_play(sim, play):
    sim.clear_requests()
    token_only = {"group/snapcenter.vsphere.scv": {"token": "{{ scv_login.token }}", "username": "", "password": ""}}
    tasks = [{"name": "log in", NS + "login": {}, "register": "scv_login"}]
    for later in (task("policy", **POLICY), task("policy_info"), task("storage_system_info")):
        tasks.append(dict(later, module_defaults=token_only))
    results, dummy = play(tasks)
    assert results[0]["changed"] is False and results[0]["token"]
    assert not [r for r in results if r.get("failed")], results
    assert results[2]["policies"][0]["name"] == POLICY["name"]
    logins = [e for e in sim.requests() if e["listener"] == "scv" and e["path"].endswith("/auth/login")]
    assert len(logins) == 1


BAD_INPUT = [
    ([task("policy", name="p1", frequency="daily", retention_count=3, retention_days=3)], "retention_count"),
    ([task("policy", name="p1", frequency="daily", retention_count=1019)], "retention_count"),
    ([task("policy", name="p1", frequency="daily", retention_count=1, snapvault=True)], "retention_count"),
    ([task("policy", name="p1", frequency="daily", retention_count=3, snapshot_label="x" * 32)], "snapshot_label"),
    ([task("policy", name="bad name", frequency="daily", retention_count=3)], "name"),
    ([task("resource_group", name="rg1", vms=["web01"], policies=[{"name": "missing"}])], "policies"),
    ([task("resource_group", name="rg1", vms=["no_such_vm"])], "vms"),
    ([task("resource_group", name="rg1", datastores=["no_such_ds"])], "datastores"),
    ([task("policy", name="adhoc", frequency="on_demand", retention_count=2),
      task("resource_group", name="rg1", vms=["web01"], policies=[{"name": "adhoc", "schedule": SCHEDULE}])],
     "policies[0].schedule"),
    ([task("policy", **POLICY),
      task("resource_group", name="rg1", vms=["web01"], policies=[{"name": "daily_7", "schedule": dict(
          SCHEDULE, days_of_week=["monday"])}])], "policies[0].schedule"),
]


@pytest.mark.parametrize("tasks, option", BAD_INPUT, ids=["%s-%d" % (b[1], i) for i, b in enumerate(BAD_INPUT)])
def test_bad_input_fails_before_any_write(sim, play, tasks, option):
    setup, bad = tasks[:-1], tasks[-1]
    if setup:
        play(setup)
    sim.clear_requests()
    results, dummy = play([bad])
    assert results[0].get("failed"), results[0]
    assert option in results[0]["msg"], results[0]["msg"]
    assert scv_writes(sim) == []


def test_missing_hostname_fails_naming_it(sim, play):
    results, dummy = play([task("policy_info")], env={"SCV_HOSTNAME": ""})
    assert results[0]["failed"] and "hostname" in results[0]["msg"]


def test_wrong_password_names_the_host_never_the_password(sim, play):
    results, stdout = play([task("login", password="wrong-password-123")])
    assert results[0]["failed"]
    assert "authentication failed for %s" % sim.host in results[0]["msg"]
    assert "wrong-password-123" not in repr(results) and "wrong-password-123" not in stdout
