# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""playbooks/support_bundle.yml against the simulator: one archive holding the API check, the versions, a
redacted wire trace of a read-only pass and the logs of the failed jobs, with no password or token in it;
and the packing module refusing a folder that holds a secret."""

import json
import os
import subprocess
import sys
import tarfile

import pytest

from reliability_helpers import Api, Simulator
from test_secrets import issued_tokens

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(REPO_ROOT, "tests", "simulator"))
from testbed import ANSIBLE_PLAYBOOK, COLLECTIONS_PATH, simulator_env  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bundle")
    state_file = str(folder / "state.db")
    with Simulator(job_seconds=0, state_file=state_file) as sim:
        api = Api(sim)
        group_id, policy_id = api.protect("rg_web", ["vm-101"])
        api.backup_now(group_id, policy_id)
        sim.next_job("backup", "fail")
        failed = api.backup_now(group_id, policy_id)
        inventory = folder / "hosts.yml"
        inventory.write_text(json.dumps({"scv_appliances": {"hosts": {"site1": {
            "ansible_connection": "local", "ansible_python_interpreter": sys.executable,
            "scv_password": sim.password, "scv_ontap_passwords": {"cluster1.demo.local": "netapp-demo-1"}}}}}))
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_PATH, ANSIBLE_NOCOLOR="1", **simulator_env(sim))
        playbook = os.path.join(REPO_ROOT, "playbooks", "support_bundle.yml")
        run = subprocess.run([ANSIBLE_PLAYBOOK, "-i", str(inventory), playbook, "-e", "scv_bundle_dir=%s" % folder],
                             env=env, capture_output=True, text=True, timeout=300, check=False)
        archives = sorted(p for p in os.listdir(str(folder)) if p.endswith(".tar.gz"))
        yield run, folder, archives, failed, [sim.password, "netapp-demo-1"] + issued_tokens(state_file)


def test_the_bundle_holds_the_api_check_the_trace_and_the_failed_job_logs(bundle):
    run, folder, archives, failed, dummy = bundle
    assert run.returncode == 0, run.stdout + run.stderr
    assert len(archives) == 1 and archives[0].startswith("scv-support-site1-")
    assert oct(os.stat(str(folder / archives[0])).st_mode & 0o777) == "0o600"
    with tarfile.open(str(folder / archives[0])) as archive:
        names = archive.getnames()
        top = names[0].split("/")[0]
        summary = json.load(archive.extractfile("%s/summary.json" % top))
        trace = archive.extractfile("%s/trace.jsonl" % top).read().decode()
        log = archive.extractfile("%s/jobs/%s.log" % (top, failed["id"])).read().decode()
    assert summary["api_info"]["verdict"] == "compatible", summary["api_info"].get("reasons")
    assert summary["api_info"]["collection"]["version"] and summary["ansible_core"]
    assert [g["name"] for g in summary["resource_groups"]] == ["rg_web"]
    assert [j["id"] for j in summary["failed_jobs"]] == [str(failed["id"])]
    assert "FAILED" in log or "failed" in log
    paths = set(json.loads(line)["path"] for line in trace.splitlines() if '"exchange"' in line)
    # Paths as the client sends them, relative to the API base /api.
    for read in ("/4.1/storage-system", "/4.1/policies", "/4.1/resource-groups", "/4.1/schedules",
                 "/4.1/reports/protectedVM", "/4.1/jobs", "/v3/api-docs", "/4.1/vm/vm-101/backups"):
        assert read in paths, read
    assert not [line for line in trace.splitlines() if '"method": "POST"' in line and "auth/login" not in line
                and "/api/session" not in line], "a read-only pass wrote"
    assert not os.path.exists(str(folder / top)), "the work folder is removed once packed"


def test_no_secret_in_the_bundle_or_the_output(bundle):
    run, folder, archives, dummy, secrets = bundle
    with tarfile.open(str(folder / archives[0])) as archive:
        content = b"".join(archive.extractfile(m).read() for m in archive.getmembers() if m.isfile()).decode()
    assert len(secrets) >= 4
    for secret in secrets:
        assert secret not in content, "the bundle holds a secret (%s...)" % secret[:4]
        assert secret not in run.stdout + run.stderr


def test_a_folder_holding_a_secret_is_not_packed(tmp_path):
    work = tmp_path / "bundle"
    work.mkdir()
    (work / "notes.txt").write_text("the password is hunter2-secret\n")
    (work / "headers.json").write_text('{"Token": "abc123def", "Accept": "application/json"}\n')
    (work / "fine.json").write_text('{"password": "********", "token": null}\n')
    play = tmp_path / "pack.yml"
    play.write_text(json.dumps([{"hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": [
        {"snapcenter.vsphere.support_bundle": {"src": str(work), "dest": str(tmp_path / "b.tar.gz"),
                                               "secrets": ["hunter2-secret"]}}]}]))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_PATH, ANSIBLE_NOCOLOR="1",
               ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    run = subprocess.run([ANSIBLE_PLAYBOOK, str(play)], env=env, capture_output=True, text=True, timeout=120,
                         check=False)
    assert run.returncode != 0
    assert "notes.txt line 1: a secret value of this play" in run.stdout
    assert "headers.json line 1: an unredacted Token" in run.stdout
    assert "fine.json" not in run.stdout
    assert "hunter2-secret" not in run.stdout and "abc123def" not in run.stdout
    assert not (tmp_path / "b.tar.gz").exists()
