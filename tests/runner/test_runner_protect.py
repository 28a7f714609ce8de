# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""playbooks/protect.yml run the way AWX / Automation Controller runs a job: through ansible-runner with a
private data directory (env/envvars from the credential type's injectors, env/extravars, env/settings,
inventory/, project/), against the simulator with TLS verified.

The SCV credential is rendered from awx/credential_type.yml itself (its env and file injectors, with
Jinja2 as Controller does), so the test also proves the credential type feeds the collection.
"""

import os
import secrets
import shutil

import jinja2
import pytest
import requests
import yaml

import ansible_runner
from runner_paths import COLLECTIONS_PATH, REPO_ROOT, VENV_BIN, ensure_collection_link
# runner_paths puts the simulator harness on sys.path.
from harness import Simulator  # noqa: E402  pylint: disable=wrong-import-position

PLAYBOOK = os.path.join(REPO_ROOT, "playbooks", "protect.yml")
DESIRED_STATE = os.path.join(REPO_ROOT, "playbooks", "inventory", "demo", "group_vars", "scv_appliances",
                             "protection.yml")
CREDENTIAL_TYPE = os.path.join(REPO_ROOT, "awx", "credential_type.yml")

# The ONTAP password the demo world's cluster accepts; in Controller it would be a survey password.
ONTAP_PASSWORD = "netapp-demo-1"

# The job template's inventory. protect.yml reads its connection from scv_* variables; these map them
# to the SCV_* variables the credential injects (ca_path is left to the modules' SCV_CA_PATH fallback).
CONNECTION_VARS = """\
---
ansible_connection: local
ansible_python_interpreter: "{{ ansible_playbook_python }}"
scv_hostname: "{{ lookup('ansible.builtin.env', 'SCV_HOSTNAME') }}"
scv_username: "{{ lookup('ansible.builtin.env', 'SCV_USERNAME') }}"
scv_password: "{{ lookup('ansible.builtin.env', 'SCV_PASSWORD') }}"
scv_validate_certs: "{{ lookup('ansible.builtin.env', 'SCV_VALIDATE_CERTS') | bool }}"
"""


def render_credential(private_data_dir, inputs):
    """The env vars Controller injects for a credential of awx/credential_type.yml with these inputs.

    File injectors are written into the private data directory (as Controller does) and their paths
    are offered to the env templates as tower.filename.<name>.
    """
    with open(CREDENTIAL_TYPE, encoding="utf-8") as handle:
        credential_type = yaml.safe_load(handle)
    injectors = credential_type["injectors"]
    jinja = jinja2.Environment(undefined=jinja2.StrictUndefined)
    context = dict(inputs)
    filenames = {}
    for key, template in (injectors.get("file") or {}).items():
        name = key.split(".", 1)[1] if "." in key else "template"
        path = os.path.join(private_data_dir, "env", "credential_%s" % name)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(jinja.from_string(template).render(context))
        os.chmod(path, 0o600)
        filenames[name] = path
    context["tower"] = {"filename": filenames.get("template", filenames)}
    return dict((name, jinja.from_string(template).render(context))
                for name, template in injectors["env"].items())


def lay_out_private_data_dir(root, sim, report_dir):
    """env/, inventory/, project/ as Controller writes them for a job."""
    for sub in ("env", "inventory/group_vars/scv_appliances", "project"):
        os.makedirs(os.path.join(root, sub), exist_ok=True)
    with open(sim.ca_path, encoding="utf-8") as handle:
        ca_data = handle.read()
    envvars = render_credential(root, {
        "hostname": sim.host, "username": sim.username, "password": sim.password,
        "validate_certs": True, "ca_data": ca_data})
    # What the execution environment provides in Controller: the collection.
    envvars["ANSIBLE_COLLECTIONS_PATH"] = COLLECTIONS_PATH
    envvars["ANSIBLE_NOCOLOR"] = "1"
    write_yaml(os.path.join(root, "env", "envvars"), envvars)
    write_yaml(os.path.join(root, "env", "extravars"), {
        "scv_port": sim.port,
        "scv_vcenter_hostname": sim.host,
        "scv_vcenter_port": sim.vcenter_port,
        "scv_report_dir": report_dir,
        "scv_ontap_passwords": {"cluster1.demo.local": ONTAP_PASSWORD},
    })
    write_yaml(os.path.join(root, "env", "settings"), {"job_timeout": 900, "idle_timeout": 600})
    with open(os.path.join(root, "inventory", "hosts"), "w", encoding="utf-8") as handle:
        handle.write("[scv_appliances]\nscv-runner\n")
    with open(os.path.join(root, "inventory", "group_vars", "scv_appliances", "connection.yml"), "w",
              encoding="utf-8") as handle:
        handle.write(CONNECTION_VARS)
    shutil.copy(DESIRED_STATE, os.path.join(root, "inventory", "group_vars", "scv_appliances", "protection.yml"))
    shutil.copy(PLAYBOOK, os.path.join(root, "project", os.path.basename(PLAYBOOK)))
    return envvars


def write_yaml(path, data):
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(data, handle, default_flow_style=False)


def files_under(directory):
    for parent, dummy_dirs, names in os.walk(directory):
        for name in names:
            yield os.path.join(parent, name)


def is_runner_command_file(path):
    return os.path.basename(path) == "command" and os.path.basename(os.path.dirname(os.path.dirname(path))) == "artifacts"


@pytest.fixture
def sim():
    ensure_collection_link()
    # A password nobody else uses, so finding it anywhere in the job's output is a leak.
    with Simulator(job_seconds=0, password="Runner-%s" % secrets.token_hex(8)) as running:
        yield running


@pytest.mark.skipif(not os.path.exists(PLAYBOOK), reason="playbooks/protect.yml is not there yet")
def test_protect_playbook_through_ansible_runner(sim, tmp_path, monkeypatch):
    private_data_dir = str(tmp_path / "job")
    report_dir = str(tmp_path / "reports")
    envvars = lay_out_private_data_dir(private_data_dir, sim, report_dir)
    assert envvars["SCV_HOSTNAME"] == sim.host and envvars["SCV_PASSWORD"] == sim.password
    assert os.path.samefile(envvars["SCV_CA_PATH"], os.path.join(private_data_dir, "env", "credential_ca_data"))
    # ansible-runner starts ansible-playbook from PATH: the project's virtualenv, as the EE would.
    monkeypatch.setenv("PATH", VENV_BIN + os.pathsep + os.environ.get("PATH", ""))
    for name in [n for n in os.environ if n.startswith(("SCV_", "ANSIBLE_"))]:
        monkeypatch.delenv(name)

    # suppress_env_files: as Controller runs jobs (its AWX_RUNNER_OMIT_ENV_FILES setting, on by default):
    # runner writes no env files of its own that could hold secrets.
    result = ansible_runner.run(private_data_dir=private_data_dir, playbook="protect.yml", quiet=True,
                                suppress_env_files=True)
    stdout = result.stdout.read()

    assert result.status == "successful", stdout[-6000:]
    assert result.rc == 0
    stats = result.stats
    assert stats["failures"] == {} and stats["dark"] == {}
    assert stats["ok"].get("scv-runner")

    # It really protected the simulated site: storage, policies and resource groups exist, with TLS
    # verified against the CA file the credential injected.
    token = sim.login()
    answer = requests.get(sim.scv_url + "/4.1/resource-groups", headers={"Token": token}, verify=sim.ca_path,
                          timeout=30).json()["response"]["resourceGroupResponseList"]
    assert {"rg_web", "rg_db"} <= set(g["name"] for g in answer)
    assert sim.writes()

    # No secret anywhere in what the job leaves behind: stdout, job events (Controller stores and shows
    # them), artifacts. All places are collected so that one run names every leak.
    secrets_to_hide = {"SCV password": sim.password, "ONTAP password": ONTAP_PASSWORD}
    leaks = []
    for label, secret in secrets_to_hide.items():
        if secret in stdout:
            leaks.append("%s in stdout" % label)
        for event in result.events:
            if secret in repr(event):
                data = event.get("event_data", {})
                leaks.append("%s in event %s of task %r (%s)" % (
                    label, event.get("event"), data.get("task"), data.get("task_path")))
        for path in files_under(os.path.join(private_data_dir, "artifacts")):
            if is_runner_command_file(path):
                continue
            with open(path, encoding="utf-8", errors="replace") as handle:
                if secret in handle.read():
                    leaks.append("%s in %s" % (label, os.path.relpath(path, private_data_dir)))
    artifacts = list(files_under(os.path.join(private_data_dir, "artifacts")))
    assert artifacts
    # ansible-runner always records the process environment (so the injected SCV_PASSWORD, exactly as in
    # env/envvars) in artifacts/<id>/command. Controller never ships that file: it stays in the private
    # data directory, which is deleted after the job. It must at least be readable by its owner only.
    command_files = [p for p in artifacts if is_runner_command_file(p)]
    assert command_files
    for path in command_files:
        assert os.stat(path).st_mode & 0o077 == 0, "%s is readable by others" % path
    assert not leaks, "secrets leaked:\n" + "\n".join(leaks)
