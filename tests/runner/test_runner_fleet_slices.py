# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Slice-safety under Automation Controller: protect.yml over a fleet, run once unsliced and then as job
slices running at the same time (each its own ansible-runner private data directory holding only its
slice's hosts, as Controller's job slicing lays them out), gives the same outcome.

Compared: every appliance's configuration and backups, each host's result (ok / failed, and why), the
set_stats artifact scv_fleet_sites the slices publish (merged, as Controller merges them for the next
workflow node), the site records, and the fleet report built from them. One appliance is down, so the
failure path is compared too.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest
import requests
import yaml

import ansible_runner
from runner_paths import COLLECTIONS_PATH, PLAYBOOKS, VENV_BIN, ensure_collection_link
# runner_paths puts the simulator harness on sys.path.
from harness import Simulator, free_port  # noqa: E402  pylint: disable=wrong-import-position

DEMO_VARS = os.path.join(PLAYBOOKS, "inventory", "demo", "group_vars", "scv_appliances")
SITES = ["fra", "ams", "par", "ber"]
DOWN = "ber"          # its appliance is not running
SLICES = 2


@pytest.fixture(scope="module")
def appliances():
    ensure_collection_link()
    sims = [Simulator(job_seconds=0) for dummy in SITES[:-1]]
    try:
        for sim in sims:
            sim.start()
        yield dict(zip(SITES, sims))
    finally:
        for sim in sims:
            sim.close()


# The down appliance's (closed) port: the same in every run, so its failure message is too.
DOWN_PORT = []


def host_vars(site, sim, report_root):
    """One appliance host: its own connection (a closed port for the one that is down)."""
    if not DOWN_PORT:
        DOWN_PORT.append(free_port())
    return {"ansible_connection": "local", "ansible_python_interpreter": sys.executable, "scv_site": site,
            "scv_port": sim.port if sim else DOWN_PORT[0], "scv_vcenter_port": sim.vcenter_port if sim else DOWN_PORT[0],
            "scv_ca_path": sim.ca_path if sim else os.devnull,
            "scv_report_dir": os.path.join(report_root, site)}


def lay_out(root, hosts, appliances, report_root):
    """A private data directory for the hosts of one slice (Controller writes the slice's inventory)."""
    for sub in ("env", "inventory/group_vars/scv_appliances", "project"):
        os.makedirs(os.path.join(root, sub), exist_ok=True)
    inventory = {"scv_appliances": {"hosts": dict((site, host_vars(site, appliances.get(site), report_root))
                                                  for site in hosts)}}
    with open(os.path.join(root, "inventory", "hosts.yml"), "w", encoding="utf-8") as handle:
        yaml.safe_dump(inventory, handle)
    for name in ("protection.yml", "secrets.yml"):
        shutil.copy(os.path.join(DEMO_VARS, name), os.path.join(root, "inventory", "group_vars", "scv_appliances", name))
    shutil.copy(os.path.join(PLAYBOOKS, "protect.yml"), os.path.join(root, "project", "protect.yml"))
    with open(os.path.join(root, "env", "envvars"), "w", encoding="utf-8") as handle:
        yaml.safe_dump({"ANSIBLE_COLLECTIONS_PATH": COLLECTIONS_PATH, "ANSIBLE_NOCOLOR": "1"}, handle)
    with open(os.path.join(root, "env", "extravars"), "w", encoding="utf-8") as handle:
        yaml.safe_dump({"scv_hostname": "127.0.0.1", "scv_vcenter_hostname": "127.0.0.1", "scv_validate_certs": True,
                        "scv_fleet_dir": report_root}, handle)
    with open(os.path.join(root, "env", "settings"), "w", encoding="utf-8") as handle:
        yaml.safe_dump({"job_timeout": 900, "idle_timeout": 600}, handle)


def outcome_of(runner):
    """What a job tells Controller: per-host result and the set_stats artifact."""
    stats = runner.stats
    hosts = {}
    for host in set().union(*(stats.get(k, {}) for k in ("ok", "failures", "dark", "rescued"))):
        if host == "localhost":
            continue
        hosts[host] = "failed" if host in stats.get("failures", {}) else "ok"
    artifact = {}
    for event in runner.events:
        if event.get("event") == "playbook_on_stats":
            artifact = event["event_data"].get("artifact_data") or {}
    failed_task_messages = {}
    for event in runner.events:
        data = event.get("event_data", {})
        if event.get("event") == "runner_on_failed" and data.get("task") == "Fail this appliance if its run failed":
            failed_task_messages[data["host"]] = data["res"]["msg"]
    return hosts, artifact.get("scv_fleet_sites", {}), failed_task_messages


def appliance_state(sim):
    token = sim.login()

    def names(path, key):
        answer = requests.get(sim.scv_url + path, headers={"Token": token}, verify=sim.ca_path, timeout=30).json()
        return sorted(item["name"] for item in answer["response"][key])
    backups = requests.get(sim.scv_url + "/4.1/vm/vm-101/backups", headers={"Token": token}, verify=sim.ca_path,
                           timeout=30).json()["response"]["backupResponseList"]
    return {"policies": names("/4.1/policies", "policyResponseList"),
            "resource_groups": names("/4.1/resource-groups", "resourceGroupResponseList"),
            "backups_of_web01": len(backups),
            "storage": names("/4.1/storage-system", "storageSystemResponseList")}


def timeless(record):
    """A site record without what differs from run to run (times, report paths under another root)."""
    record = dict(record)
    record.pop("finished", None)
    if record.get("compliance"):
        record["compliance"] = dict(record["compliance"], report=os.path.basename(record["compliance"]["report"] or ""))
    return record


def records_in(report_root):
    """{site: record} from every run file in <report_root>/sites (one per job: the slices write one each)."""
    found = {}
    files = sorted(os.listdir(os.path.join(report_root, "sites")))
    for name in files:
        with open(os.path.join(report_root, "sites", name), encoding="utf-8") as handle:
            for site, record in json.load(handle)["records"].items():
                assert site not in found, "%s recorded twice" % site
                found[site] = timeless(record)
    return found, len(files)


def fleet_report(report_root, extra_vars=None):
    """playbooks/fleet_report.yml over the records (the next workflow node), its JSON without times."""
    inventory = os.path.join(report_root, "fleet-inventory.yml")
    with open(inventory, "w", encoding="utf-8") as handle:
        yaml.safe_dump({"scv_appliances": {"hosts": dict((site, {"scv_site": site}) for site in SITES)}}, handle)
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("SCV_", "ANSIBLE_")))
    env.update({"ANSIBLE_COLLECTIONS_PATH": COLLECTIONS_PATH, "ANSIBLE_NOCOLOR": "1",
                "PATH": VENV_BIN + os.pathsep + env.get("PATH", "")})
    command = [os.path.join(VENV_BIN, "ansible-playbook"), "-i", inventory, os.path.join(PLAYBOOKS, "fleet_report.yml"),
               "-e", json.dumps(dict({"scv_fleet_dir": report_root}, **(extra_vars or {})))]
    completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
    with open(os.path.join(report_root, "fleet.json"), encoding="utf-8") as handle:
        report = json.load(handle)
    report.pop("generated")
    for site in report["sites"]:
        site.pop("finished")
        site.pop("age_hours")
        site["report"] = os.path.basename(site["report"] or "")
        if site.get("compliance"):
            site["compliance"] = timeless({"compliance": site["compliance"]})["compliance"]
    return report


def run_jobs(root, groups, appliances, report_root):
    """Start one ansible-runner job per host group at the same time, wait for all; their runners."""
    started = []
    for index, hosts in enumerate(groups):
        data_dir = os.path.join(root, "job-%d" % index)
        lay_out(data_dir, hosts, appliances, report_root)
        thread, runner = ansible_runner.run_async(private_data_dir=data_dir, playbook="protect.yml", quiet=True,
                                                  suppress_env_files=True, forks=len(hosts))
        started.append((thread, runner))
    for thread, dummy in started:
        thread.join(timeout=900)
    return [runner for dummy, runner in started]


def test_slices_run_concurrently_give_the_unsliced_outcome(appliances, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", VENV_BIN + os.pathsep + os.environ.get("PATH", ""))
    for name in [n for n in os.environ if n.startswith(("SCV_", "ANSIBLE_"))]:
        monkeypatch.delenv(name)

    # One unsliced job over the whole fleet.
    whole_reports = str(tmp_path / "whole-reports")
    (whole,) = run_jobs(str(tmp_path / "whole"), [SITES], appliances, whole_reports)
    assert whole.status == "failed" and whole.rc != 0     # one appliance is down: the job says so
    whole_hosts, whole_artifact, whole_failures = outcome_of(whole)
    whole_state = dict((site, appliance_state(sim)) for site, sim in appliances.items())
    assert whole_hosts == {"fra": "ok", "ams": "ok", "par": "ok", DOWN: "failed"}
    assert set(whole_failures) == {DOWN} and "auth/login" in whole_failures[DOWN]
    assert whole_state["fra"]["resource_groups"] == ["rg_app_datastore", "rg_db", "rg_web"]
    whole_fleet = fleet_report(whole_reports)

    # The same fleet again from scratch, as Controller's job slicing runs it: host i in slice i % N, the
    # slices at the same time, each in its own private data directory, one report directory shared.
    for sim in appliances.values():
        sim.reset()
    slices = [SITES[number::SLICES] for number in range(SLICES)]
    sliced_reports = str(tmp_path / "sliced-reports")
    runners = run_jobs(str(tmp_path / "sliced"), slices, appliances, sliced_reports)
    sliced_hosts, sliced_artifact, sliced_failures = {}, {}, {}
    for runner in runners:
        hosts, artifact, failures = outcome_of(runner)
        assert not set(hosts) & set(sliced_hosts)          # every host in exactly one slice
        sliced_hosts.update(hosts)
        sliced_artifact.update(artifact)                    # one key per site: nothing to overwrite
        sliced_failures.update(failures)
    assert [r.status for r in runners] == ["successful" if DOWN not in s else "failed" for s in slices]

    assert sliced_hosts == whole_hosts
    assert sliced_failures.keys() == whole_failures.keys()
    assert dict((site, appliance_state(sim)) for site, sim in appliances.items()) == whole_state
    assert dict((s, timeless(r)) for s, r in sliced_artifact.items()) == \
        dict((s, timeless(r)) for s, r in whole_artifact.items())
    sliced_records, sliced_files = records_in(sliced_reports)
    whole_records, whole_files = records_in(whole_reports)
    assert sliced_records == whole_records and set(whole_records) == set(SITES)
    assert (whole_files, sliced_files) == (1, SLICES)          # one run file per job
    # The next workflow node: the fleet report from the slices' files, and from their merged artifact alone.
    assert fleet_report(sliced_reports) == whole_fleet
    artifact_only = str(tmp_path / "artifact-only")
    os.makedirs(artifact_only)
    assert fleet_report(artifact_only, {"scv_fleet_sites": sliced_artifact}) == whole_fleet
    assert [s["state"] for s in whole_fleet["sites"]][0] == "failed"
