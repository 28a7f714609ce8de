# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bad input across every module, as one playbook: each task fails with a message naming the option
(or saying what is wrong), no module crashes, and the simulator saw no write at all."""

import json

import pytest

from reliability_helpers import Api, assert_no_traceback, run_playbook

VMDK = "[nfs_ds01] web01/web01.vmdk"
TEMPLATE_UUID = "50123e4a-0005-4c6b-9a10-000000000105"

# (case, module, arguments, what the message must contain: a string, or a tuple of strings). The first-run
# mistakes of a new user say which option to look at and what to do about it.
BAD_INPUTS = [
    # connection
    ("wrong password", "login", {"password": "definitely-wrong-pw"},
     ("username/password: ", "authentication failed", "check username and password")),
    ("no credentials", "policy_info", {"username": "", "password": ""},
     ("username/password: SCV credentials are required", "SCV_USERNAME")),
    ("CA file missing", "policy_info", {"ca_path": "/nonexistent/scv-ca.pem"},
     ("ca_path: '/nonexistent/scv-ca.pem' does not exist", "save the PEM file of the CA")),
    ("port of another service", "policy_info", {"port": "{{ lookup('env', 'SCV_VCENTER_PORT') }}"},
     ("hostname/port: ", "is not the SCV appliance's REST API", "port 8144")),
    ("nothing listens on the port", "policy_info", {"port": 1, "retries": 0},
     ("hostname/port: ", "nothing accepts connections at", "port 8144")),
    ("token refused", "policy_info", {"token": "not-a-valid-token", "username": "", "password": ""},
     ("token: ", "log in again with snapcenter.vsphere.login")),
    ("port not a number", "policy_info", {"port": "eighty"}, "port"),
    ("retries not a number", "policy_info", {"retries": "many"}, "retries"),
    # storage_system
    ("ontap_protocol enum", "storage_system", {"name": "c2", "ontap_protocol": "ftp"}, "ontap_protocol"),
    ("ontap_port type", "storage_system", {"name": "c2", "ontap_port": "abc"}, "ontap_port"),
    ("update_password enum", "storage_system", {"name": "c2", "update_password": "sometimes"}, "update_password"),
    ("storage state enum", "storage_system", {"name": "c2", "state": "gone"}, "state"),
    ("storage name missing", "storage_system", {"ontap_username": "admin"}, "name"),
    ("new storage without password", "storage_system", {"name": "c9.demo.local", "ontap_username": "admin"},
     "ontap_password"),
    ("asup not a bool", "storage_system", {"name": "c2", "asup": "maybe"}, "asup"),
    # policy
    ("frequency enum", "policy", {"name": "p1", "frequency": "yearly"}, "frequency"),
    ("both retentions", "policy", {"name": "p1", "frequency": "daily", "retention_count": 3,
                                   "retention_days": 7}, "retention_"),
    ("retention_count zero", "policy", {"name": "p1", "frequency": "daily", "retention_count": 0},
     "retention_count"),
    ("retention_count too big", "policy", {"name": "p1", "frequency": "daily", "retention_count": 100000},
     "retention_count"),
    ("retention_days type", "policy", {"name": "p1", "frequency": "daily", "retention_days": "ten"},
     "retention_days"),
    ("snapshot_label too long", "policy", {"name": "p1", "frequency": "daily", "retention_count": 3,
                                           "snapmirror": True, "snapshot_label": "x" * 32}, "snapshot_label"),
    ("policy name slash", "policy", {"name": "bad/name", "frequency": "daily", "retention_count": 3}, "name"),
    ("policy name space", "policy", {"name": "my policy", "frequency": "daily", "retention_count": 3},
     ("name: ", "(space)", "use letters, digits and _")),
    ("locking_period negative", "policy", {"name": "p1", "frequency": "daily", "retention_count": 3,
                                           "locking_period": {"value": -1, "unit": "days"}}, "locking_period"),
    ("locking_period unit", "policy", {"name": "p1", "frequency": "daily", "retention_count": 3,
                                       "locking_period": {"value": 2, "unit": "fortnights"}}, "unit"),
    # resource_group
    ("unknown policy", "resource_group", {"name": "rg_new", "vms": ["web02"],
                                          "policies": [{"name": "no_such_policy"}]},
     ("policies: ", "create it first (snapcenter.vsphere.policy")),
    ("unknown vm", "resource_group", {"name": "rg_new", "vms": ["no_such_vm"],
                                      "policies": [{"name": "pol_rg_web"}]}, ("vms: ", "give the moref")),
    ("token alone for vCenter names", "resource_group", {
        "name": "rg_new", "vms": ["web02"], "policies": [{"name": "pol_rg_web"}], "token": "{{ scv_token }}",
        "username": "", "password": ""}, ("username/password: vCenter credentials are required", "next to token")),
    ("daily policy without schedule", "resource_group", {"name": "rg_new", "vms": ["web02"],
                                                         "policies": [{"name": "pol_daily"}]},
     ("policies[0].schedule: ", "give a schedule")),
    ("unknown datastore", "resource_group", {"name": "rg_new", "datastores": ["no_such_ds"],
                                             "policies": [{"name": "pol_rg_web"}]}, "datastores"),
    ("notification enum", "resource_group", {"name": "rg_new", "vms": ["web02"], "notification": "sometimes"},
     "notification"),
    ("spanning_datastores without custom", "resource_group", {
        "name": "rg_new", "vms": ["web02"], "policies": [{"name": "pol_rg_web"}], "spanning": "exclude_all",
        "spanning_datastores": ["nfs_ds01"]}, "spanning_datastores"),
    ("schedule on on_demand policy", "resource_group", {"name": "rg_new", "vms": ["web02"], "policies": [
        {"name": "pol_rg_web", "schedule": {"every": 1, "start_time": "2026-12-01T01:30"}}]}, "schedule"),
    ("start_time garbage", "resource_group", {"name": "rg_new", "vms": ["web02"], "policies": [
        {"name": "pol_daily", "schedule": {"every": 1, "start_time": "tomorrow-ish"}}]}, "start_time"),
    ("days_of_week enum", "resource_group", {"name": "rg_new", "vms": ["web02"], "policies": [
        {"name": "pol_daily", "schedule": {"start_time": "2026-12-01T01:30", "days_of_week": ["funday"]}}]},
     "days_of_week"),
    ("group name colon", "resource_group", {"name": "rg:bad", "vms": ["web02"],
                                            "policies": [{"name": "pol_rg_web"}]}, "name"),
    # backup
    ("unknown resource group", "backup", {"resource_group": "no_such_rg"},
     ("resource_group: ", "create it first (snapcenter.vsphere.resource_group")),
    ("max_age garbage", "backup", {"resource_group": "rg_web", "max_age": "soon"}, "max_age"),
    ("max_age negative", "backup", {"resource_group": "rg_web", "max_age": "-5h"}, "max_age"),
    ("max_age zero", "backup", {"resource_group": "rg_web", "max_age": "0m"}, "max_age"),
    ("backup unknown policy", "backup", {"resource_group": "rg_web", "policy": "no_such_policy"},
     ("policy: ", "it has pol_rg_web", "attach the policy")),
    ("backup resource_group missing", "backup", {}, "resource_group"),
    # backup_info
    ("vm and vm_uuid", "backup_info", {"vm": "web01", "vm_uuid": TEMPLATE_UUID}, "vm"),
    ("newer_than garbage", "backup_info", {"vm": "web01", "newer_than": "a while"}, "newer_than"),
    ("status enum", "backup_info", {"vm": "web01", "status": ["exploded"]}, "status"),
    ("backup_info unknown vm", "backup_info", {"vm": "no_such_vm"}, "vm"),
    # restore
    ("restore vm and vm_uuid", "restore", {"vm": "web01", "vm_uuid": TEMPLATE_UUID}, "vm"),
    ("restore a template", "restore", {"vm": "tmpl-rhel9"}, "template"),
    ("vmdk not in the backup", "restore", {"vm": "web01", "vmdks": ["[nfs_ds01] web01/nope.vmdk"],
                                           "datastore": "nfs_ds02"}, "vmdks"),
    ("unknown backup name", "restore", {"vm": "web01", "backup": "no_such_backup"},
     ("backup: ", "backup_info lists them")),
    ("esx_host not available", "restore", {"vm": "web01", "esx_host": "esx99.demo.local"}, "esx_host"),
    ("location enum", "restore", {"vm": "web01", "location": "tertiary"}, "location"),
    ("target datastore not available", "restore", {"vm": "web01", "vmdks": ["all"], "datastore": "no_such_ds"},
     "datastore"),
    ("restore unknown vm", "restore", {"vm": "no_such_vm"}, "vm"),
    ("latest backup when there is none", "restore", {"vm": "app01"}, ("backup: ", "take one first")),
    # vmdk
    ("attach disk not in the backup", "vmdk", {"vm": "web01", "vmdks": ["[nfs_ds01] web01/nope.vmdk"]}, "vmdks"),
    ("vmdk state enum", "vmdk", {"vm": "web01", "vmdks": [VMDK], "state": "glued"}, "state"),
    ("unknown target_vm", "vmdk", {"vm": "web01", "vmdks": [VMDK], "target_vm": "no_such_vm"}, "target_vm"),
    # mount
    ("mount unknown datastore", "mount", {"datastore": "no_such_ds"}, "datastore"),
    ("mount esx_host not available", "mount", {"datastore": "nfs_ds01", "esx_host": "esx99.demo.local"},
     "esx_host"),
    ("mount unknown backup", "mount", {"datastore": "nfs_ds01", "backup": "no_such_backup"}, "backup"),
    ("mount state enum", "mount", {"datastore": "nfs_ds01", "state": "floating"}, "state"),
    # jobs
    ("job state enum", "job", {"id": "1", "state": "running"}, "state"),
    ("fail a completed job", "job", {"id": "{{ completed_job_id }}", "state": "failed"}, "id"),
    ("job_info type enum", "job_info", {"type": "nightly"}, "type"),
    ("job_info newer_than garbage", "job_info", {"newer_than": "last tuesday"}, "newer_than"),
    # schedules and reports
    ("cron minute out of range", "schedule", {"name": "Schedule-PurgeJobs", "cron": "0 61 * * * ?"}, "cron"),
    ("cron not cron", "schedule", {"name": "Schedule-PurgeJobs", "cron": "every day at noon"},
     ("cron: ", "for example '0 0 2 * * ?'")),
    ("cron both day fields", "schedule", {"name": "Schedule-PurgeJobs", "cron": "0 0 1 5 * MON"},
     ("cron: ", "for example '0 0 2 * * ?'")),
    ("schedule name enum", "schedule", {"name": "Schedule-Unknown", "cron": "0 0 1 * * ?"}, "name"),
    ("report enum", "report_info", {"report": "some"}, "report"),
    # local modules
    ("api_info spec_file missing", "api_info", {"spec_file": "/nonexistent/scv-api-docs.json"},
     ("spec_file: ", "/nonexistent/scv-api-docs.json")),
    ("support_bundle src missing", "support_bundle", {"src": "/nonexistent/scv-support",
                                                      "dest": "/nonexistent/scv-support.tar.gz"}, ("src: ", "not a folder")),
    # audit (SCV 4.8+)
    ("audit syslog port out of range", "audit_config", {"syslog": {"port": 70000}}, ("syslog.port", "70000")),
    ("audit max_files zero", "audit_config", {"max_files": 0}, "max_files"),
    ("audit syslog protocol enum", "audit_config", {"syslog": {"protocol": "carrier-pigeon"}}, "protocol"),
    ("audit syslog enabled without a server", "audit_config", {"syslog": {"enabled": True}},
     ("syslog.server", "required")),
    ("audit log unknown name", "audit_log_info", {"name": "no-such-audit.log"}, ("name: ", "no-such-audit.log")),
    ("audit log dest is a file", "audit_log_info", {"dest": "/etc/hostname"}, ("dest: ", "not a folder")),
    # protection_config (bulk)
    ("bulk policy forbidden name", "protection_config", {"policies": [
        {"name": "bad/name", "frequency": "daily", "retention_count": 3}]}, "name"),
]


def crashed(result):
    return "module_stderr" in result or result.get("msg", "").startswith(("Task failed: Module failed:",
                                                                          "MODULE FAILURE"))


@pytest.fixture(scope="module")
def bad_input_run(module_sim):
    """Protection in place (so lookups get as far as they can), then every bad input in one play."""
    sim = module_sim
    sim.reset()
    api = Api(sim)
    web_group, web_policy = api.protect("rg_web", ["vm-101"])
    api.backup_now(web_group, web_policy)
    ds_group, ds_policy = api.protect("rg_ds", ["datastore-11"], snapmirror=False)
    api.backup_now(ds_group, ds_policy)
    api.call("POST", "/4.1/policies", {"name": "pol_daily", "frequency": "DAILY",
                                       "retention": {"type": "COUNT", "value": 7}})
    completed_job = api.wait_jobs("backup")
    sim.clear_requests()
    tasks = [{"name": case, "snapcenter.vsphere.%s" % module: arguments}
             for case, module, arguments, dummy_expected in BAD_INPUTS]
    run = run_playbook(sim, tasks, play_vars={"completed_job_id": str(completed_job["id"]), "scv_token": sim.login()},
                       parallel=4)
    return run, sim.writes()


def test_at_least_forty_bad_inputs_over_every_module():
    import os
    modules_dir = os.path.join(os.path.dirname(__file__), "..", "..", "plugins", "modules")
    shipped = set(name[:-3] for name in os.listdir(modules_dir) if name.endswith(".py") and name != "__init__.py")
    covered = set(module for dummy, module, dummy_args, dummy_expected in BAD_INPUTS)
    assert len(BAD_INPUTS) >= 40
    # Info modules without options worth breaking (policy_info, ...) are covered by the connection rows.
    assert shipped - covered <= {"storage_system_info", "resource_group_info", "schedule_info",
                                 "protection_config_info"}, shipped - covered


def test_every_bad_input_fails_naming_the_option(bad_input_run):
    run, dummy_writes = bad_input_run
    assert_no_traceback(run)
    problems = []
    for (case, module, dummy_arguments, expected), result in zip(BAD_INPUTS, run.results["localhost"]):
        if not result.get("failed"):
            problems.append("%s (%s): did not fail: changed=%s" % (case, module, result.get("changed")))
        elif crashed(result):
            problems.append("%s (%s): crashed: %s" % (case, module, result.get("msg")))
        elif not all(part in result.get("msg", "") for part in (expected if isinstance(expected, tuple) else (expected,))):
            problems.append("%s (%s): msg does not mention %r: %s" % (case, module, expected, result.get("msg")))
        elif "definitely-wrong-pw" in json.dumps(result):
            problems.append("%s (%s): the password is in the result" % (case, module))
    assert not problems, "%d of %d bad inputs not handled well:\n%s" % (
        len(problems), len(BAD_INPUTS), "\n".join(problems))


def test_no_bad_input_reaches_the_appliance_as_a_write(bad_input_run):
    dummy_run, writes = bad_input_run
    assert writes == [], "bad input reached the appliance: %s" % [(w["method"], w["path"], w["status"])
                                                                  for w in writes]
