# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every example of the documentation runs as written, with `ansible-playbook`, against the simulator.

The examples: the README's YAML blocks, every module's EXAMPLES and every role README's example. Each
is taken from its file as it is; the test changes only what cannot be the same on this machine:

- connection keys that hold the documentation's placeholders (`hostname: scv.example.com`,
  `vcenter_hostname: vcenter.example.com`, `ca_path: /etc/pki/scv-ca.pem`) point at the simulator;
  ports come from SCV_PORT / SCV_VCENTER_PORT, as an AWX credential would give them (no example
  writes a port). A connection key with any other literal value fails the test: examples stay uniform;
- paths under /tmp/ go to the test's own directory (runs of other checkouts on the machine do not meet);
- the variables an example uses (`vault_scv_password`, `{{ scv_hostname }}`, a job registered by an
  earlier play such as `restored`) are given as extra vars; a `vars_files` entry is written for it,
  encrypted with Ansible Vault.

The objects the examples name (web01, rg_web, cluster1.example.com, esx01.example.com...) exist
because the simulator runs tests/examples/world.yml: one simulator without its `scv:` section (an
appliance nobody configured yet) and one with it (an appliance in use), each reset before every play.

Each module's examples run in order in one play (after a set-up the table SETUPS names: a deleted VM
to bring back, a stuck job to fail); the play must not fail. Every example task of a module that
promises idempotence runs a second time right after the first and must report no change. The README's
first playbook runs with --check --diff (no write reaches the appliance), applied (the backup job
completes) and once more (changed=0); each role example runs twice (changed=0 the second time).
An example that cannot run is skipped only by the table SKIPPED, with its reason; a YAML block that is
a data file (a mapping, not a playbook or tasks) is parsed and reported as skipped.
"""

import ast
import copy
import glob
import json
import os
import re
import subprocess
import sys
import time

import pytest
import requests
import yaml

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(REPO_ROOT, "tests", "simulator"))

from harness import Simulator  # noqa: E402  pylint: disable=wrong-import-position
from testbed import COLLECTIONS_PATH, ANSIBLE_PLAYBOOK, Api, link_collection  # noqa: E402  pylint: disable=wrong-import-position

link_collection()

WORLD = os.path.join(HERE, "world.yml")
CALLBACKS = os.path.join(HERE, "callback_plugins")
ONTAP_PASSWORD = "ontap-example-password"
VAULT_PASSWORD = "example-vault-password"

# The documentation's placeholders for the connection, and what the test points them at.
PLACEHOLDERS = {
    "hostname": "scv.example.com",
    "vcenter_hostname": "vcenter.example.com",
    "ca_path": "/etc/pki/scv-ca.pem",
    "vcenter_ca_path": "/etc/pki/scv-ca.pem",
}
CONNECTION_KEYS = set(PLACEHOLDERS) | {"port", "vcenter_port"}
COLLECTION = "snapcenter.vsphere."

# Modules whose task, run a second time, changes nothing (their documentation says so): the
# configuration modules, the info modules, login, job (a failed job is left alone), vmdk and mount
# (disks attached / a backup mounted already are left alone).  backup only with max_age.
IDEMPOTENT = {"storage_system", "policy", "resource_group", "schedule", "protection_config", "login", "job",
              "vmdk", "mount", "api_info", "backup_info", "job_info", "policy_info", "report_info",
              "resource_group_info", "schedule_info", "storage_system_info", "audit_config", "audit_log_info",
              "protection_config_info"}

# Examples that cannot run against any appliance as written: {example id: reason}. Each says so in a
# comment in the example itself. (None today: keep this table, so a skip is never silent.)
SKIPPED = {}

# Examples that only read: they change nothing, also the first time. Every other example changes
# something the first time (so none of them passes by doing nothing).
READ_ONLY = {"module-api_info", "module-backup_info", "module-job_info", "module-report_info",
             "module-resource_group_info", "module-schedule_info", "module-storage_system_info",
             "module-protection_config_info", "module-audit_log_info"}

# The README's first playbook (its section "A first playbook").
FIRST_PLAYBOOK = "README-a-first-playbook"

# Which simulator each example runs on: "empty" (nothing configured) or "configured" (world.yml's scv:).
ON_EMPTY = {FIRST_PLAYBOOK, "module-login", "module-policy", "module-storage_system", "role-storage",
            "role-protection"}


# --- the examples -----------------------------------------------------------------------------------

class Example:
    def __init__(self, example_id, source, text):
        self.id = example_id
        self.source = os.path.relpath(source, REPO_ROOT)
        self.text = text
        self.data = yaml.safe_load(text)
        # A list is a playbook (plays have hosts) or tasks; anything else (a requirements.yml, an inventory
        # source) is a data file shown in the documentation: it must parse, there is nothing to run.
        self.is_data = not isinstance(self.data, list)
        self.is_playbook = not self.is_data and any(isinstance(item, dict) and "hosts" in item for item in self.data)
        assert self.is_data or self.data, "%s: an empty example" % self.id

    def __repr__(self):
        return self.id


def _slug(heading):
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-") or "top"


def _markdown_yaml_blocks(path):
    """[(id part, text)] of the ```yaml blocks of a Markdown file, named after their section."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    blocks, seen = [], {}
    for match in re.finditer(r"^```yaml\n(.*?)^```", text, re.M | re.S):
        headings = re.findall(r"^#{1,6} +(.+)$", text[:match.start()], re.M)
        section = _slug(headings[-1]) if headings else "top"
        seen[section] = seen.get(section, 0) + 1
        blocks.append((section if seen[section] == 1 else "%s-%d" % (section, seen[section]), match.group(1)))
    return blocks


def _module_examples(path):
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "EXAMPLES" for t in node.targets):
            return node.value.value
    return None


def collect_examples():
    examples = []
    for section, text in _markdown_yaml_blocks(os.path.join(REPO_ROOT, "README.md")):
        examples.append(Example("README-%s" % section, os.path.join(REPO_ROOT, "README.md"), text))
    for path in sorted(glob.glob(os.path.join(REPO_ROOT, "plugins", "modules", "*.py"))):
        name = os.path.basename(path)[:-3]
        text = _module_examples(path)
        if name != "__init__":
            assert text and text.strip(), "module %s has no EXAMPLES" % name
            examples.append(Example("module-%s" % name, path, text))
    for path in sorted(glob.glob(os.path.join(REPO_ROOT, "roles", "*", "README.md"))):
        role = os.path.basename(os.path.dirname(path))
        blocks = _markdown_yaml_blocks(path)
        assert blocks, "role %s: its README has no YAML example" % role
        for section, text in blocks:
            suffix = "" if section == "example" else "-%s" % section
            examples.append(Example("role-%s%s" % (role, suffix), path, text))
    return examples


EXAMPLES = collect_examples()


def _action(task):
    """The module a task calls (short name for this collection's, full name otherwise), or None."""
    for key in task:
        if key.startswith(COLLECTION):
            return key[len(COLLECTION):]
        if key.startswith("ansible.builtin.") or key.startswith("ansible.posix."):
            return key
    return None


def _tasks_of(example):
    """Every task of the example (the members of blocks, not the blocks; the tasks of every play)."""
    found = []

    def walk(tasks):
        for task in tasks or []:
            if not isinstance(task, dict):
                continue
            if not any(key in task for key in ("block", "rescue", "always")):
                found.append(task)
            for key in ("block", "rescue", "always"):
                walk(task.get(key))

    if example.is_playbook:
        for play in example.data:
            # A play's roles: run before its tasks; each one counts as one of the example's steps.
            found.extend({"role": role} for role in play.get("roles") or [])
            for key in ("pre_tasks", "tasks", "post_tasks", "handlers"):
                walk(play.get(key))
    else:
        walk(example.data)
    return found


# --- rewriting the connection -------------------------------------------------------------------------

class Rewriter:
    """Points the documentation's placeholders at the simulator, and its scratch paths at the test's directory."""

    def __init__(self, sim, workdir):
        self.values = {"hostname": sim.host, "vcenter_hostname": sim.host, "ca_path": sim.ca_path,
                       "vcenter_ca_path": sim.ca_path}
        self.workdir = workdir

    def connection(self, where, options):
        for key in sorted(set(options) & CONNECTION_KEYS):
            value = options[key]
            if isinstance(value, str) and "{{" in value:
                continue   # a variable: the test gives it as an extra var
            if PLACEHOLDERS.get(key) != value:
                raise AssertionError("%s: %s: %r is not the documentation's placeholder (%s); use it or a "
                                     "variable" % (where, key, value, PLACEHOLDERS.get(key, "a variable")))
            options[key] = self.values[key]

    def walk(self, node):
        """The example with its scratch paths moved, then its connection placeholders replaced."""
        return self._connections(self._scratch_paths(node, ""), "")

    def _scratch_paths(self, node, where):
        if isinstance(node, dict):
            return dict((key, self._scratch_paths(value, "%s%s." % (where, key))) for key, value in node.items())
        if isinstance(node, list):
            return [self._scratch_paths(item, where) for item in node]
        if isinstance(node, str) and "/tmp/" in node:
            return node.replace("/tmp/", self.workdir + "/")
        return node

    def _connections(self, node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and (key.startswith(COLLECTION) or key == "group/%sscv" % COLLECTION) \
                        and isinstance(value, dict):
                    self.connection("%s%s" % (where, key), value)
                else:
                    self._connections(value, "%s%s." % (where, key))
        elif isinstance(node, list):
            for item in node:
                self._connections(item, where)
        return node


# --- running plays ------------------------------------------------------------------------------------

class Run:
    def __init__(self, completed, records, seconds):
        self.returncode = completed.returncode
        self.output = completed.stdout + completed.stderr
        self.records = records
        self.seconds = seconds

    def failures(self):
        return [r for r in self.records if r["status"] in ("failed", "unreachable")]

    def changed(self):
        return [r for r in self.records if r["changed"]]

    def check_ok(self, example):
        assert self.returncode == 0 and not self.failures(), "%s failed:\n%s\n--- output:\n%s" % (
            example.id, "\n".join("%s: %s" % (r["task"], r["msg"]) for r in self.failures()), self.output[-6000:])


def _base_vars(sim):
    """The variables the examples use, pointed at the simulator."""
    return {
        # what a vault or an AWX credential would hold
        "vault_scv_password": sim.password, "vault_vcenter_password": sim.password,
        "vcenter_password": sim.password, "scv_password": sim.password,
        "vault_ontap_password": ONTAP_PASSWORD, "ontap_password": ONTAP_PASSWORD,
        # what an inventory's group_vars would hold (the role examples)
        "scv_hostname": sim.host, "scv_username": sim.username, "scv_ca_path": sim.ca_path,
        "ansible_python_interpreter": sys.executable,
    }


def _write_vault_file(path, variables):
    """A vars file encrypted with Ansible Vault, as a user keeps the secrets of the first playbook."""
    from ansible.constants import DEFAULT_VAULT_ID_MATCH  # pylint: disable=import-outside-toplevel
    from ansible.parsing.vault import VaultLib, VaultSecret  # pylint: disable=import-outside-toplevel
    vault = VaultLib([(DEFAULT_VAULT_ID_MATCH, VaultSecret(VAULT_PASSWORD.encode()))])
    plain = yaml.safe_dump(variables, default_flow_style=False)
    with open(path, "wb") as handle:
        handle.write(vault.encrypt(plain))


def run_playbook(sim, workdir, plays, extra_vars, args=()):
    """ansible-playbook on `plays` in `workdir` (its cwd), with this test's callback; a Run."""
    playbook = os.path.join(workdir, "example.yml")
    with open(playbook, "w", encoding="utf-8") as handle:
        yaml.safe_dump(plays, handle, sort_keys=False)
    vars_file = os.path.join(workdir, "extra_vars.json")
    with open(vars_file, "w", encoding="utf-8") as handle:
        json.dump(extra_vars, handle)
    inventory = os.path.join(workdir, "inventory.yml")
    with open(inventory, "w", encoding="utf-8") as handle:
        yaml.safe_dump({"scv_appliances": {"hosts": {"scv-example": {"ansible_connection": "local"}}}}, handle)
    password_file = os.path.join(workdir, "vault-password")
    with open(password_file, "w", encoding="utf-8") as handle:
        handle.write(VAULT_PASSWORD + "\n")
    results_file = os.path.join(workdir, "results.jsonl")
    if os.path.exists(results_file):
        os.remove(results_file)
    # Nothing of this shell's SCV_* settings leaks in: the example says how to connect, the ports aside.
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith("SCV_"))
    env.update({
        "SCV_PORT": str(sim.port), "SCV_VCENTER_PORT": str(sim.vcenter_port),
        "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS_PATH, "ANSIBLE_CALLBACK_PLUGINS": CALLBACKS,
        "ANSIBLE_CALLBACKS_ENABLED": "example_results", "EXAMPLE_RESULTS_FILE": results_file,
        "ANSIBLE_NOCOLOR": "1", "ANSIBLE_FORCE_COLOR": "0", "ANSIBLE_RETRY_FILES_ENABLED": "false",
        "ANSIBLE_LOCALHOST_WARNING": "false", "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
    })
    command = [ANSIBLE_PLAYBOOK, "-i", inventory, "-e", "@" + vars_file, "--vault-password-file", password_file,
               playbook] + list(args)
    started = time.monotonic()
    completed = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True, timeout=300,
                               check=False)
    seconds = time.monotonic() - started
    records = []
    if os.path.exists(results_file):
        with open(results_file, encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle if line.strip()]
    return Run(completed, records, seconds)


# --- set-ups: what each example needs besides the world (REST calls, never the collection) ------------

def _vcenter(sim):
    response = requests.post(sim.vcenter_url + "/api/session", auth=(sim.username, sim.password),
                             verify=sim.ca_path, timeout=30)
    response.raise_for_status()
    return {"vmware-api-session-id": response.json()}


def delete_web03(sim, workdir):
    """web03 was deleted in vCenter after its backups were taken (examples that bring it back)."""
    headers = _vcenter(sim)
    for call in (("POST", "/api/vcenter/vm/vm-106/power", {"action": "stop"}), ("DELETE", "/api/vcenter/vm/vm-106", None)):
        response = requests.request(call[0], sim.vcenter_url + call[1], params=call[2], headers=headers,
                                    verify=sim.ca_path, timeout=30)
        assert response.status_code < 400, response.text
    return {}


def stuck_backup_job(sim, workdir):
    """A backup job that hangs in RUNNING (the job example fails it)."""
    api = Api(sim)
    sim.next_job("backup", "stuck")
    groups = api.call("GET", "/4.1/resource-groups")["resourceGroupResponseList"]
    web = [g for g in groups if g["name"] == "rg_web"][0]
    api.call("POST", "/4.1/resource-groups/backupnow", {"resourceGroupId": web["id"],
                                                        "policyId": web["policies"][0]["id"]})
    return {}


def jobs_of_earlier_tasks(sim, workdir):
    """`restored` and `started`, as earlier tasks of the user's play registered them: a restore of web02
    and a backup of rg_web started without waiting."""
    api = Api(sim)
    backup = api.vm_backups("vm-102")[0]
    locations = api.call("GET", "/4.1/vm/backups/%s/snapshotlocations" % backup["backupId"])
    location = [loc for loc in locations["snapshotLocationsList"] if loc.get("type", "PRIMARY") == "PRIMARY"][0] \
        if isinstance(locations, dict) and "snapshotLocationsList" in locations else None
    assert location, "no snapshot location of backup %s: %s" % (backup["backupId"], locations)
    api.call("POST", "/4.1/vm/vm-102/backups/%s/restore" % backup["backupId"], {
        "restartVM": False, "restoreLocations": [dict(location, esxHost="esx02.example.com")]})
    restore_job = api.wait_jobs("restore")
    groups = api.call("GET", "/4.1/resource-groups")["resourceGroupResponseList"]
    web = [g for g in groups if g["name"] == "rg_web"][0]
    api.call("POST", "/4.1/resource-groups/backupnow", {"resourceGroupId": web["id"],
                                                        "policyId": web["policies"][0]["id"]})
    backup_job = api.wait_jobs("backup")
    return {"restored": {"job": {"id": str(restore_job["id"])}}, "started": {"job": {"id": str(backup_job["id"])}}}


def saved_api_description(sim, workdir):
    """files/scv-6.1-api-docs.json next to the playbook: the appliance's description, saved earlier."""
    response = requests.get(sim.scv_url + "/v3/api-docs", verify=sim.ca_path, timeout=30)
    response.raise_for_status()
    os.makedirs(os.path.join(workdir, "files"), exist_ok=True)
    with open(os.path.join(workdir, "files", "scv-6.1-api-docs.json"), "w", encoding="utf-8") as handle:
        handle.write(response.text)
    return {}


def gathered_support_files(sim, workdir):
    """What the support playbook gathered into /tmp/scv-support (here: the test's directory)."""
    folder = os.path.join(workdir, "scv-support")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "jobs.json"), "w", encoding="utf-8") as handle:
        json.dump({"jobs": []}, handle)
    with open(os.path.join(folder, "README.txt"), "w", encoding="utf-8") as handle:
        handle.write("Gathered by the support playbook.\n")
    return {}


SETUPS = {
    "module-backup_info": delete_web03,
    "module-restore": delete_web03,
    "role-restore_vm": delete_web03,
    "module-job": stuck_backup_job,
    "module-job_info": jobs_of_earlier_tasks,
    "module-api_info": saved_api_description,
    "module-support_bundle": gathered_support_files,
}


# --- fixtures -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def simulators(tmp_path_factory):
    """{"empty": an appliance nobody configured, "configured": one in use}, both from world.yml."""
    with open(WORLD, encoding="utf-8") as handle:
        world = yaml.safe_load(handle)
    world.pop("scv")
    empty_world = str(tmp_path_factory.mktemp("world") / "empty.yml")
    with open(empty_world, "w", encoding="utf-8") as handle:
        yaml.safe_dump(world, handle)
    with Simulator(world=empty_world) as empty, Simulator(world=WORLD) as configured:
        yield {"empty": empty, "configured": configured}


def _prepare(example, simulators, tmp_path):
    sim = simulators["empty" if example.id in ON_EMPTY else "configured"]
    sim.reset()
    sim.clear_requests()
    workdir = str(tmp_path)
    extra_vars = _base_vars(sim)
    setup = SETUPS.get(example.id)
    if setup:
        extra_vars.update(setup(sim, workdir))
    sim.clear_requests()
    data = Rewriter(sim, workdir).walk(copy.deepcopy(example.data))
    return sim, workdir, extra_vars, data


def _with_repeats(tasks):
    """Every task of an idempotent module followed by the same task once more, named '... (again)'."""
    out = []
    for task in tasks:
        out.append(task)
        action = _action(task)
        args = task.get(COLLECTION + action) if action else None
        if action in IDEMPOTENT or (action == "backup" and isinstance(args, dict) and args.get("max_age")):
            again = copy.deepcopy(task)
            again["name"] = "%s (again)" % task.get("name", action)
            out.append(again)
    return out


def _play_for_tasks(example, sim, tasks):
    """The play a user would put the example's tasks in: connection once in module_defaults."""
    return [{
        "name": "Examples of %s" % example.id,
        "hosts": "localhost",
        "connection": "local",
        "gather_facts": False,
        "module_defaults": {"group/snapcenter.vsphere.scv": {
            "hostname": sim.host, "username": sim.username, "password": "{{ vault_scv_password }}",
            "ca_path": sim.ca_path}},
        "tasks": _with_repeats(tasks),
    }]


def _write_vars_files(plays, workdir, extra_vars):
    """Write each vars_files entry (the vault_* secrets, encrypted); those secrets then come from there
    only (extra vars would win over the file and hide a playbook that does not read it)."""
    for play in plays:
        for name in play.get("vars_files") or []:
            secrets = dict((k, v) for k, v in extra_vars.items() if k.startswith("vault_"))
            _write_vault_file(os.path.join(workdir, name), secrets)
            for key in secrets:
                extra_vars.pop(key)


def _assert_repeats_unchanged(example, run):
    again = [r for r in run.records if r["task"].endswith(" (again)")]
    changed = [r["task"] for r in again if r["changed"]]
    assert not changed, "%s: run a second time, these tasks still changed something: %s" % (example.id, changed)
    return len(again)


def _assert_changes_as_expected(example, run):
    changed = [r["task"] for r in run.records if r["changed"] and not r["task"].endswith(" (again)")]
    if example.id in READ_ONLY:
        assert not changed, "%s only reads, but changed: %s" % (example.id, changed)
    else:
        assert changed, "%s changed nothing: does it still do what it shows?" % example.id


# --- the tests ----------------------------------------------------------------------------------------

def test_examples_found():
    ids = [example.id for example in EXAMPLES]
    modules = [os.path.basename(p)[:-3] for p in glob.glob(os.path.join(REPO_ROOT, "plugins", "modules", "*.py"))
               if not p.endswith("__init__.py")]
    roles = [os.path.basename(os.path.dirname(p)) for p in glob.glob(os.path.join(REPO_ROOT, "roles", "*", "README.md"))]
    assert FIRST_PLAYBOOK in ids
    assert len([i for i in ids if i.startswith("module-")]) == len(modules)
    assert len([i for i in ids if i.startswith("role-")]) >= len(roles)
    assert set(SKIPPED) <= set(ids), "SKIPPED names examples that do not exist: %s" % (set(SKIPPED) - set(ids))
    assert set(SETUPS) <= set(ids) and set(ON_EMPTY) <= set(ids) and set(READ_ONLY) <= set(ids)


def test_readme_first_playbook(simulators, tmp_path, timings):
    """The README's first playbook on an appliance with nothing configured: --check --diff writes nothing
    and fails nowhere, applied it ends with a completed backup, run again it changes nothing."""
    example = [e for e in EXAMPLES if e.id == FIRST_PLAYBOOK][0]
    assert example.is_playbook
    actions = [_action(task) for task in _tasks_of(example)]
    assert actions[:2] == ["login", "storage_system"] and "backup" in actions, actions
    sim, workdir, extra_vars, plays = _prepare(example, simulators, tmp_path)
    _write_vars_files(plays, workdir, extra_vars)

    checked = run_playbook(sim, workdir, plays, extra_vars, ["--check", "--diff"])
    checked.check_ok(example)
    assert sim.writes() == [], "check mode wrote: %s" % [(w["method"], w["path"]) for w in sim.writes()]
    assert len(checked.changed()) == len(actions) - 1, [r["task"] for r in checked.changed()]
    warnings = [w for r in checked.records for w in r["warnings"]]
    assert any("daily_14" in w for w in warnings) and any("web_tier" in w for w in warnings), warnings

    applied = run_playbook(sim, workdir, plays, extra_vars)
    applied.check_ok(example)
    backup = [r for r in applied.records if r["action"].endswith(".backup")][0]
    assert backup["changed"] and backup["job"]["status"] == "completed", backup

    again = run_playbook(sim, workdir, plays, extra_vars)
    again.check_ok(example)
    assert again.changed() == [], "a re-run changed: %s" % [r["task"] for r in again.changed()]
    assert "changed=0" in again.output
    timings[example.id] = (checked.seconds + applied.seconds + again.seconds, len(actions))


OTHER_EXAMPLES = [example for example in EXAMPLES if example.id != FIRST_PLAYBOOK]


def _expected_task_names(tasks):
    """The names of the tasks that must run: a block stands for its own tasks (its rescue runs only when
    one of them fails, its always in any case)."""
    names = []
    for task in tasks:
        if "block" in task:
            names.extend(_expected_task_names(task["block"]) + _expected_task_names(task.get("always") or []))
        else:
            names.append(task.get("name"))
    return names


@pytest.mark.parametrize("example", OTHER_EXAMPLES, ids=[e.id for e in OTHER_EXAMPLES])
def test_example_runs_as_written(example, simulators, tmp_path, timings):
    if example.id in SKIPPED:
        pytest.skip("%s: %s" % (example.id, SKIPPED[example.id]))
    if example.is_data:
        pytest.skip("%s: a data file (%s), not a playbook or tasks: it parses, nothing to run" % (
            example.id, type(example.data).__name__))
    sim, workdir, extra_vars, data = _prepare(example, simulators, tmp_path)
    tasks = _tasks_of(example)
    if example.is_playbook:
        _write_vars_files(data, workdir, extra_vars)
        first = run_playbook(sim, workdir, data, extra_vars)
        first.check_ok(example)
        assert [r for r in first.records if r["status"] != "skipped"], "%s: the playbook ran no task" % example.id
        _assert_changes_as_expected(example, first)
        second = run_playbook(sim, workdir, data, extra_vars)
        second.check_ok(example)
        assert second.changed() == [], "%s: a second run changed: %s" % (
            example.id, [r["task"] for r in second.changed()])
        timings[example.id] = (first.seconds + second.seconds, len(tasks))
        return
    run = run_playbook(sim, workdir, _play_for_tasks(example, sim, data), extra_vars)
    run.check_ok(example)
    _assert_changes_as_expected(example, run)
    ran = set(r["task"] for r in run.records if r["status"] != "skipped")
    missing = [name for name in _expected_task_names(data) if name not in ran]
    assert not missing, "%s: tasks that did not run (or were skipped): %s" % (example.id, missing)
    _assert_repeats_unchanged(example, run)
    timings[example.id] = (run.seconds, len(tasks))
