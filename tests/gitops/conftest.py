# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""GitOps flow fixtures: the simulator (reset per test), and a site repository (a real Git repository in
a temporary directory) holding an inventory the way a team would keep it."""

import os
import subprocess
import sys

import pytest
import yaml

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(REPO_ROOT, "tests", "simulator"))

from pytest_fixtures import sim, simulator  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import
from testbed import COLLECTIONS_PATH, link_collection  # noqa: E402  pylint: disable=wrong-import-position

link_collection()

ANSIBLE_PLAYBOOK = os.path.join(REPO_ROOT, ".venv", "bin", "ansible-playbook")
PLAYBOOKS = os.path.join(REPO_ROOT, "playbooks")
ONTAP_PASSWORD = "netapp-demo-1"


class Site:
    """A site repository: inventory/hosts.yml and inventory/group_vars/scv_appliances/{connection,secrets}.yml
    (secrets.yml stands for the vaulted file); the desired state goes to protection.yml."""

    def __init__(self, root, running):
        self.root = root
        self.sim = running
        self.inventory = os.path.join(root, "inventory")
        self.group_vars = os.path.join(self.inventory, "group_vars", "scv_appliances")
        self.state_file = os.path.join(self.group_vars, "protection.yml")
        self.plan_dir = os.path.join(root, "plan")
        os.makedirs(self.group_vars)
        self._write("inventory/hosts.yml", {"scv_appliances": {"hosts": {"scv-site": {
            "ansible_connection": "local", "ansible_python_interpreter": sys.executable}}}})
        self._write("inventory/group_vars/scv_appliances/connection.yml", {
            "scv_hostname": running.host, "scv_port": running.port, "scv_vcenter_hostname": running.host,
            "scv_vcenter_port": running.vcenter_port, "scv_validate_certs": True, "scv_ca_path": running.ca_path})
        self._write("inventory/group_vars/scv_appliances/secrets.yml", {
            "scv_username": running.username, "scv_password": running.password,
            "scv_ontap_passwords": {"cluster1.demo.local": ONTAP_PASSWORD}})
        self.git("init", "-q", "-b", "main")
        self.git("add", "-A")
        self.commit("Connection and (vaulted) secrets")

    def _write(self, relative, data):
        with open(os.path.join(self.root, relative), "w") as handle:
            handle.write("---\n" + yaml.safe_dump(data, sort_keys=False))

    def git(self, *args):
        completed = subprocess.run(["git", "-C", self.root, *args], capture_output=True, text=True, check=False,
                                   env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
                                            GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com"))
        assert completed.returncode == 0, completed.stderr
        return completed.stdout

    def commit(self, message):
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def read_state(self):
        with open(self.state_file) as handle:
            return handle.read()

    def write_state(self, text):
        with open(self.state_file, "w") as handle:
            handle.write(text)

    def playbook(self, name, *args):
        """Run playbooks/<name> with the site inventory; returns (exit status, output)."""
        env = dict(os.environ)
        env.update({"ANSIBLE_COLLECTIONS_PATH": COLLECTIONS_PATH, "ANSIBLE_NOCOLOR": "1", "ANSIBLE_FORCE_COLOR": "0",
                    "ANSIBLE_RETRY_FILES_ENABLED": "false"})
        completed = subprocess.run([ANSIBLE_PLAYBOOK, "-i", self.inventory, os.path.join(PLAYBOOKS, name), *args],
                                   env=env, capture_output=True, text=True, timeout=600, cwd=self.root, check=False)
        return completed.returncode, completed.stdout + completed.stderr


@pytest.fixture
def site(sim, tmp_path):  # noqa: F811  pylint: disable=redefined-outer-name
    return Site(str(tmp_path / "site"), sim)
