# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""GitOps end to end, with real ansible-playbook runs against the simulator and a real Git repository:
adopt a brownfield appliance (export), review a plan, apply it, detect drift, refuse unsafe pruning.

The brownfield appliance is made through the simulator's REST API directly, never by the collection.
"""

import json
import os
import re

import yaml

from testbed import ONTAP, Api, run_play

SECRETS = ("scv-demo-password", "netapp-demo-1")


def brownfield(sim):
    """Every kind of object, as a UI user would have made them; returns {name: id}."""
    api = Api(sim)
    api.call("POST", "/4.1/storage-system", ONTAP)
    ids = {}

    def policy(name, frequency, retention, **extra):
        body = {"name": name, "frequency": frequency, "retention": retention}
        body.update(extra)
        ids[name] = api.call("POST", "/4.1/policies", body)["id"]

    policy("daily_locked", "DAILY", {"type": "DAYS", "value": 14}, description="Daily, locked a week",
           snapVault=True, snapshotLabel="daily", lockingPeriod={"value": 7, "unit": "DAYS"})
    policy("hourly_mirror", "HOURLY", {"type": "COUNT", "value": 24}, snapMirror=True, snapshotLabel="hourly",
           vmConsistency=True)
    policy("weekly_4", "WEEKLY", {"type": "COUNT", "value": 4}, includeIndependentDisks=True)
    policy("monthly_12", "MONTHLY", {"type": "COUNT", "value": 12})
    policy("on_demand_3", "ON_DEMAND", {"type": "COUNT", "value": 3})

    def group(name, entities, policies, **extra):
        body = {"name": name, "entities": entities, "policies": policies,
                "spanningDatastores": {"spanningType": "EXCLUDE_ALL"}, "notification": "NEVER"}
        body.update(extra)
        ids[name] = api.call("POST", "/4.1/resource-groups", body)["id"]

    group("rg_web", ["vm-101", "vm-102"],
          [{"id": ids["daily_locked"], "schedule": {"frequency": "DAILY", "every": 2, "startTime": "12/01/2026 01:30 AM"}}],
          description="Web tier", notification="ERROR_OR_WARNINGS",
          emailSettings={"from": "scv@example.com", "to": ["ops@example.com", "web@example.com"],
                         "subject": "SCV web"},
          latestSnapshotName=True, customSnapshotFormat="$ResourceGroup_$Policy")
    group("rg_db", ["vm-103", "datastore-13"],
          [{"id": ids["hourly_mirror"], "schedule": {"frequency": "HOURLY", "every": 4, "startTime": "12/01/2026 12:15 AM"}},
           {"id": ids["weekly_4"], "schedule": {"frequency": "WEEKLY", "daysOfWeek": ["WEDNESDAY", "SUNDAY"],
                                                "startTime": "12/06/2026 03:00 AM"}}],
          spanningDatastores={"spanningType": "CUSTOM", "datastores": ["datastore-12"]})
    group("rg_archive", ["datastore-11"],
          [{"id": ids["monthly_12"], "schedule": {"frequency": "MONTHLY", "daysOfMonth": [15, 1],
                                                  "startTime": "12/01/2026 11:00 PM"}}])
    api.call("POST", "/4.1/resource-groups/%s/suspend" % ids["rg_archive"])
    group("rg_app", ["vm-104"], [{"id": ids["on_demand_3"]}], spanningDatastores={"spanningType": "INCLUDE_ALL"})
    api.call("PUT", "/4.1/schedules", {"name": "Schedule-PurgeJobs", "cronExpression": "0 45 1 ? * MON-FRI"})
    return api, ids


def plan(site):
    with open(os.path.join(site.plan_dir, "plan.json")) as handle:
        return json.load(handle)


def plan_md(site):
    with open(os.path.join(site.plan_dir, "plan.md")) as handle:
        return handle.read()


def changed_actions(document):
    return [(a["action"], a["kind"], a["name"]) for appliance in document["appliances"]
            for a in appliance["actions"] if a["action"] != "none"]


def no_secret(*texts):
    for text in texts:
        for secret in SECRETS:
            assert secret not in text, "a secret leaked: %s" % secret


def scv_calls(sim):
    return [(e["method"], e["path"]) for e in sim.requests()]


def test_adopt_review_apply_detect_drift_refuse_pruning(sim, site):
    api, ids = brownfield(sim)

    # -- adoption: export, commit; drift is clean and the round trip writes nothing ------------------------
    rc, output = site.playbook("export.yml", "-e", "scv_export_file=%s" % site.state_file)
    assert rc == 0, output
    exported = site.read_state()
    no_secret(exported, output)
    assert "[WARNING]" not in output, "every brownfield object is expressible: " + output
    assert '''ontap_password: "{{ scv_ontap_passwords['cluster1.demo.local'] }}"''' in exported
    state = yaml.safe_load(exported)
    assert sorted(state) == ["scv_policies", "scv_resource_groups", "scv_schedules", "scv_storage_systems"]
    assert [p["name"] for p in state["scv_policies"]] == [
        "daily_locked", "hourly_mirror", "monthly_12", "on_demand_3", "weekly_4"]
    groups = dict((g["name"], g) for g in state["scv_resource_groups"])
    assert list(groups) == ["rg_app", "rg_archive", "rg_db", "rg_web"], "sorted by name"
    assert groups["rg_db"]["vms"] == ["db01"] and groups["rg_db"]["datastores"] == ["vmfs_ds01"]
    assert groups["rg_db"]["spanning"] == "custom" and groups["rg_db"]["spanning_datastores"] == ["nfs_ds02"]
    assert groups["rg_db"]["policies"] == [
        {"name": "hourly_mirror", "schedule": {"every": 4, "start_time": "2026-12-01T00:15"}},
        {"name": "weekly_4", "schedule": {"start_time": "2026-12-06T03:00", "days_of_week": ["wednesday", "sunday"]}}]
    assert groups["rg_archive"]["suspended"] is True
    assert groups["rg_archive"]["policies"][0]["schedule"]["days_of_month"] == [1, 15]
    assert groups["rg_web"]["email"] == {"from": "scv@example.com", "to": ["ops@example.com", "web@example.com"],
                                         "subject": "SCV web"}
    assert groups["rg_web"]["notification"] == "error_or_warnings"
    assert groups["rg_app"]["policies"] == [{"name": "on_demand_3"}]
    policies = dict((p["name"], p) for p in state["scv_policies"])
    assert policies["daily_locked"]["locking_period"] == {"value": 7, "unit": "days"}
    assert policies["daily_locked"]["retention_days"] == 14 and "retention_count" not in policies["daily_locked"]
    assert {"name": "Schedule-PurgeJobs", "cron": "0 45 1 ? * MON-FRI"} in state["scv_schedules"]
    site.commit("Adopt the appliance: exported desired state")

    sim.clear_requests()
    rc, output = site.playbook("drift.yml")
    assert rc == 0, output
    assert "no drift" in output
    assert sim.writes() == []
    # What a drift check costs: one login, one list per kind, one vCenter session, one look-up per kind of
    # name (VMs, datastores) - the re-apply's handful.
    assert sorted(scv_calls(sim)) == sorted([
        ("POST", "/api/4.1/auth/login"), ("GET", "/api/4.1/storage-system"), ("GET", "/api/4.1/policies"),
        ("GET", "/api/4.1/resource-groups"), ("GET", "/api/4.1/schedules"), ("POST", "/api/session"),
        ("GET", "/api/vcenter/vm"), ("GET", "/api/vcenter/datastore")])

    sim.clear_requests()
    rc, output = site.playbook("reconcile.yml", "-e", "scv_plan_dir=%s" % site.plan_dir)
    assert rc == 0, output
    assert sim.writes() == [], "applying the export (prune on) must write nothing"
    assert plan(site)["changed"] is False and plan(site)["mode"] == "apply"

    # -- a merge request changes one policy: the plan names exactly that change ----------------------------
    site.write_state(site.read_state().replace("retention_days: 14", "retention_days: 21", 1))
    site.commit("daily_locked keeps three weeks")
    sim.clear_requests()
    rc, output = site.playbook("reconcile.yml", "--check", "-e", "scv_plan_dir=%s" % site.plan_dir)
    assert rc == 0, output
    assert sim.writes() == []
    document = plan(site)
    assert document["mode"] == "plan" and document["summary"] == {"create": 0, "update": 1, "delete": 0, "none": 14}
    assert document["appliances"][0]["appliance"] == sim.host
    (update,) = [a for a in document["appliances"][0]["actions"] if a["action"] != "none"]
    assert (update["kind"], update["name"], update["changes"]) == (
        "policy", "daily_locked", {"retention_days": {"before": 14, "after": 21}})
    markdown = plan_md(site)
    assert "## SCV plan: 0 to create, 1 to update, 0 to delete" in markdown
    assert "| update | policy | `daily_locked` | retention_days: `14` → `21` |" in markdown
    no_secret(json.dumps(document), markdown, output)
    assert oct(os.stat(os.path.join(site.plan_dir, "plan.json")).st_mode & 0o777) == "0o644"

    sim.clear_requests()
    rc, output = site.playbook("reconcile.yml", "-e", "scv_plan_dir=%s" % site.plan_dir)
    assert rc == 0, output
    assert [(w["method"], w["path"]) for w in sim.writes()] == [
        ("PUT", "/api/4.1/policies/%s" % ids["daily_locked"])]
    assert plan(site)["mode"] == "apply" and changed_actions(plan(site)) == [("update", "policy", "daily_locked")]
    rc, output = site.playbook("drift.yml")
    assert rc == 0 and "no drift" in output, output

    # -- someone changes things in the UI, behind the collection's back: drift names each ----------------
    stored = next(g for g in api.call("GET", "/4.1/resource-groups")["resourceGroupResponseList"]
                  if g["name"] == "rg_web")
    body = dict((k, v) for k, v in stored.items() if k not in ("id", "lastRunStatus"))
    body.update(entities=[e["moref"] for e in stored["entities"]], description="changed in the UI",
                notification="ALWAYS", policies=[{"id": p["id"], "schedule": p["schedule"]} for p in stored["policies"]])
    api.call("PUT", "/4.1/resource-groups/%s" % ids["rg_web"], body)
    api.call("POST", "/4.1/policies", {"name": "ui_made", "frequency": "DAILY", "retention": {"type": "COUNT", "value": 2}})
    sim.clear_requests()
    rc, output = site.playbook("drift.yml", "-e", "scv_plan_dir=%s" % site.plan_dir)
    assert rc != 0, output
    assert sim.writes() == [], "a drift check never writes"
    message = re.search(r'"msg": "(drift on scv-site: (?:[^"\\]|\\.)*)"', output)
    assert message, output
    assert "resource_group rg_web differs in description" in message.group(1)
    assert "notification" in message.group(1) and "changed in the UI" in message.group(1)
    assert "policy ui_made is on SCV but not in the desired state" in message.group(1)
    assert sorted(changed_actions(plan(site))) == [("delete", "policy", "ui_made"), ("update", "resource_group", "rg_web")]
    assert plan(site)["mode"] == "drift"

    # -- with --check on the command line or not, drift.yml never writes -------------------------------
    rc, output = site.playbook("drift.yml", "--check")
    assert rc != 0 and sim.writes() == [], output
    site.playbook("reconcile.yml")
    rc, output = site.playbook("drift.yml")
    assert rc == 0 and "no drift" in output, output

    # -- a misspelt variable empties the list: pruning refuses, nothing is written -----------------------
    site.write_state(site.read_state().replace("scv_resource_groups:", "scv_resource_group:"))
    site.commit("A typo")
    sim.clear_requests()
    for check in (["--check"], []):
        rc, output = site.playbook("reconcile.yml", "-e", "scv_plan_dir=%s" % site.plan_dir, *check)
        assert rc != 0, output
        assert "resource_groups: the list names no resource group to keep" in output
        assert "add resource_groups to prune_empty" in output and "rg_web" in output
    assert [entry for entry in sim.requests() if entry["method"] not in ("GET",)
            and not entry["path"].endswith("/auth/login") and entry["path"] != "/api/session"] == []
    assert plan(site)["refused"] is True
    assert "**Refused, nothing was changed:**" in plan_md(site)
    assert len(api.call("GET", "/4.1/resource-groups")["resourceGroupResponseList"]) == 4


def test_max_deletions_refuses_a_large_prune_in_check_mode_too(sim, site):
    brownfield(sim)
    rc, output = site.playbook("export.yml", "-e", "scv_export_file=%s" % site.state_file)
    assert rc == 0, output
    state = yaml.safe_load(site.read_state())
    # Keep one group and the policies; three groups go.
    kept = [g for g in state["scv_resource_groups"] if g["name"] == "rg_web"]
    text = site.read_state()
    start = text.index("scv_resource_groups:")
    end = text.index("scv_schedules:")
    site.write_state(text[:start] + yaml.safe_dump({"scv_resource_groups": kept}, sort_keys=False) + "\n" + text[end:])
    sim.clear_requests()
    for check in (["--check"], []):
        rc, output = site.playbook("reconcile.yml", "-e", "scv_max_deletions=2", *check)
        assert rc != 0, output
        assert "this run would delete 3 objects, more than max_deletions=2" in output
        assert "resource_groups: rg_app, rg_archive, rg_db" in output
    assert sim.writes() == []
    rc, output = site.playbook("reconcile.yml", "-e", "scv_max_deletions=3")
    assert rc == 0, output
    assert [w["method"] for w in sim.writes()] == ["DELETE"] * 3


def test_demo_world_round_trip(sim, site):
    """The demo site's own desired state, applied, exported, then drift-checked and applied again."""
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "playbooks", "inventory", "demo", "group_vars",
                           "scv_appliances", "protection.yml")) as handle:
        site.write_state(handle.read())
    rc, output = site.playbook("reconcile.yml")
    assert rc == 0, output
    rc, output = site.playbook("export.yml", "-e", "scv_export_file=%s" % site.state_file)
    assert rc == 0 and "[WARNING]" not in output, output
    sim.clear_requests()
    rc, output = site.playbook("drift.yml")
    assert rc == 0 and "no drift" in output, output
    rc, output = site.playbook("reconcile.yml", "--diff")
    assert rc == 0, output
    assert sim.writes() == []
    no_secret(site.read_state(), output)


def test_module_round_trip_on_the_brownfield_appliance_with_every_kind_pruned(sim, tmp_path):
    """protection_config_info -> protection_config (prune on, storage systems too): no change, no write."""
    brownfield(sim)
    info = {"name": "Export", "snapcenter.vsphere.protection_config_info": {}, "register": "exported"}
    apply = {"name": "Apply the export", "snapcenter.vsphere.protection_config": {
        "storage_systems": "{{ exported.desired_state.storage_systems }}",
        "policies": "{{ exported.desired_state.policies }}",
        "resource_groups": "{{ exported.desired_state.resource_groups }}",
        "schedules": "{{ exported.desired_state.schedules }}",
        "prune": True, "prune_storage_systems": True, "prune_keep": "{{ exported.prune_keep }}"}}
    sim.clear_requests()
    results, output = run_play(sim, tmp_path, [info, apply])
    exported, applied = results
    assert exported["unmanaged"] == [] and not exported.get("warnings"), exported
    assert applied.get("failed") is not True, applied
    assert applied["changed"] is False, [a for a in applied["actions"] if a["action"] != "none"]
    assert len(applied["actions"]) == 1 + 5 + 4 + 5
    assert sim.writes() == []
    no_secret(json.dumps(results), output)
