# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWX / Automation Controller as code (awx/controller/), tested without a Controller:

- the survey specs pass the checks AWX applies when a survey is saved (JobTemplateSurveySpec: the spec's
  name/description/spec, each question's type, question_name, variable and required, unique variables,
  defaults of the question's type, min/max integers, choices for the choice types and defaults among them),
  plus the answer limits AWX applies at launch (a default within min/max);
- every job template points at a playbook that exists (playbooks/drift.yml is provided by issue 13 and
  accepted while it is absent), every workflow node and schedule at a template that is defined;
- each playbook accepts exactly the survey's variables: every survey variable is an input the playbook
  declares (its validate_argument_spec), every required input is asked or set by the template; and each
  surveyed playbook, and the workflow node by node, runs through ansible-runner with the survey's answers as
  extra variables against the simulator, doing what was chosen.
"""

import json
import os
import shutil
import sys

import ansible_runner  # tests/requirements-tools.txt: missing, the tests fail at import (never skip)
import pytest
import requests
import yaml

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(REPO_ROOT, "tests", "simulator"))
sys.path.insert(0, os.path.join(REPO_ROOT, "tests", "runner"))

from harness import Simulator  # noqa: E402  pylint: disable=wrong-import-position
from testbed import Api, link_collection  # noqa: E402  pylint: disable=wrong-import-position
from test_runner_protect import render_credential, write_yaml  # noqa: E402  pylint: disable=wrong-import-position

CONTROLLER_DIR = os.path.join(REPO_ROOT, "awx", "controller")
VENV_BIN = os.path.join(REPO_ROOT, ".venv", "bin")
COLLECTIONS_PATH = os.path.join(REPO_ROOT, ".build", "collections")
# Playbooks other issues provide; a template may name them while they are not on this branch yet.
PROVIDED_ELSEWHERE = {"playbooks/drift.yml": "issue 13 (GitOps drift report)"}
REQUIRED_TEMPLATES = {"protect": "SCV - Protect", "reconcile": "SCV - Reconcile", "drift": "SCV - Drift",
                      "backup now": "SCV - Backup now", "restore VM": "SCV - Restore VM",
                      "patch with rollback": "SCV - Patch with rollback", "drill": "SCV - Restore drill"}
ALLOWED_TYPES = {"text": str, "textarea": str, "password": str, "multiplechoice": str, "multiselect": str,
                 "integer": int, "float": (int, float)}


def definitions():
    merged = {}
    for name in sorted(os.listdir(CONTROLLER_DIR)):
        if name.endswith(".yml"):
            with open(os.path.join(CONTROLLER_DIR, name), encoding="utf-8") as handle:
                merged.update(yaml.safe_load(handle))
    return merged


DEFS = definitions()
TEMPLATES = {t["name"]: t for t in DEFS["controller_templates"]}
WORKFLOWS = {w["name"]: w for w in DEFS["controller_workflows"]}


# -- AWX's rules for survey specs ---------------------------------------------------------------------------

def survey_errors(spec):
    """The errors AWX would answer (HTTP 400) for this survey spec, plus launch-time answer limits."""
    errors = []
    for field, kind in (("name", str), ("description", str), ("spec", list)):
        if field not in spec:
            errors.append("Field '%s' is missing from survey spec." % field)
        elif not isinstance(spec[field], kind):
            errors.append("Expected %s for field '%s'" % (kind.__name__, field))
    if isinstance(spec.get("spec"), list) and not spec["spec"]:
        errors.append("'spec' doesn't contain any items.")
    seen = set()
    for index, question in enumerate(spec.get("spec") or []):
        if not isinstance(question, dict):
            errors.append("Survey question %d is not a json object." % index)
            continue
        for field in ("type", "question_name", "variable", "required"):
            if field not in question:
                errors.append("'%s' missing from survey question %d" % (field, index))
            elif not isinstance(question[field], bool if field == "required" else str):
                errors.append("'%s' in survey question %d expected to be %s." % (
                    field, index, "boolean" if field == "required" else "string"))
        variable, qtype = question.get("variable"), question.get("type")
        if variable in seen:
            errors.append("'variable' '%s' duplicated in survey question %d." % (variable, index))
        seen.add(variable)
        if qtype not in ALLOWED_TYPES:
            errors.append("'%s' in survey question %d is not an allowed question type" % (qtype, index))
            continue
        default = question.get("default")
        if "default" in question and default != "" and not isinstance(default, ALLOWED_TYPES[qtype]):
            errors.append("Default value %r in survey question %d expected to be %s." % (default, index, qtype))
        for key in ("min", "max"):
            if question.get(key) is not None and not isinstance(question[key], int):
                errors.append("The %s limit in survey question %d expected to be integer." % (key, index))
        if qtype in ("multiplechoice", "multiselect"):
            choices = question.get("choices")
            if choices is None:
                errors.append("Survey question %d of type %s must specify choices." % (index, qtype))
                continue
            choices = choices.splitlines() if isinstance(choices, str) else choices
            defaults = (default.splitlines() if isinstance(default, str) else default or []) if "default" in question else []
            if qtype == "multiplechoice" and len(defaults) > 1:
                errors.append("Multiple Choice (Single Select) can only have one default value.")
            if any(item not in choices for item in defaults):
                errors.append("Default choice must be answered from the choices listed (question %d)." % index)
        if isinstance(default, str) and default.startswith("$encrypted$"):
            errors.append("$encrypted$ is a reserved keyword (question %d)." % index)
        # At launch AWX checks every answer (a default is the answer nobody changed) against min/max.
        if qtype in ("text", "textarea", "password") and isinstance(default, str) and default != "":
            if question.get("min") is not None and len(default) < question["min"]:
                errors.append("default of question %d is shorter than its min" % index)
            if question.get("max") is not None and len(default) > question["max"]:
                errors.append("default of question %d is longer than its max" % index)
        if question.get("required") and "default" not in question and qtype in ("multiplechoice",):
            errors.append("required choice question %d needs a default or an answer every time" % index)
    return errors


SURVEYED = [(name, t["survey_spec"]) for name, t in TEMPLATES.items() if t.get("survey_enabled")] + [
    (name, w["survey_spec"]) for name, w in WORKFLOWS.items() if w.get("survey_enabled")]


@pytest.mark.parametrize("name, spec", SURVEYED, ids=[n for n, dummy in SURVEYED])
def test_surveys_pass_awx_validation(name, spec):
    assert survey_errors(spec) == [], name


def test_the_validator_refuses_what_awx_refuses():
    good = {"question_name": "VM", "variable": "vm", "type": "text", "required": True}
    assert survey_errors({"name": "s", "description": "", "spec": [good]}) == []
    bad = [
        {"name": "s", "description": "", "spec": []},
        {"description": "", "spec": [good]},
        {"name": "s", "description": "", "spec": [good, dict(good)]},
        {"name": "s", "description": "", "spec": [dict(good, type="boolean")]},
        {"name": "s", "description": "", "spec": [dict(good, type="integer", default="3")]},
        {"name": "s", "description": "", "spec": [dict(good, required="yes")]},
        {"name": "s", "description": "", "spec": [{"question_name": "x", "variable": "x", "type": "text"}]},
        {"name": "s", "description": "", "spec": [dict(good, type="multiplechoice", choices=["a"], default="b")]},
        {"name": "s", "description": "", "spec": [dict(good, type="multiplechoice")]},
        {"name": "s", "description": "", "spec": [dict(good, min="1")]},
    ]
    for spec in bad:
        assert survey_errors(spec), spec


def test_every_runbook_has_a_template_and_the_workflow_and_schedules_exist():
    assert set(REQUIRED_TEMPLATES.values()) <= set(TEMPLATES)
    for purpose in ("restore VM", "patch with rollback", "drill", "backup now"):
        assert TEMPLATES[REQUIRED_TEMPLATES[purpose]]["survey_enabled"], purpose
    restore_vars = {q["variable"]: q for q in TEMPLATES["SCV - Restore VM"]["survey_spec"]["spec"]}
    assert set(restore_vars) == {"restore_target_vm", "restore_from_backup", "restore_to_host", "restore_power_on"}
    assert restore_vars["restore_from_backup"]["default"] == "latest"
    assert set(restore_vars["restore_power_on"]["choices"]) == {"yes", "no"}
    [workflow] = WORKFLOWS.values()
    nodes = {n["identifier"]: n for n in workflow["simplified_workflow_nodes"]}
    assert nodes["backup"]["success_nodes"] == ["change"] and nodes["change"]["failure_nodes"] == ["rollback"]
    scheduled = {s["unified_job_template"] for s in DEFS["controller_schedules"]}
    assert {"SCV - Drift", "SCV - Restore drill"} <= scheduled


def test_references_resolve():
    for template in TEMPLATES.values():
        path = template["playbook"]
        if not os.path.exists(os.path.join(REPO_ROOT, path)):
            assert path in PROVIDED_ELSEWHERE, "%s: %s does not exist" % (template["name"], path)
    for workflow in WORKFLOWS.values():
        identifiers = [n["identifier"] for n in workflow["simplified_workflow_nodes"]]
        assert len(identifiers) == len(set(identifiers))
        for node in workflow["simplified_workflow_nodes"]:
            assert node["unified_job_template"] in TEMPLATES
            for key in ("success_nodes", "failure_nodes", "always_nodes"):
                assert set(node.get(key, [])) <= set(identifiers)
            if node.get("extra_data"):
                assert TEMPLATES[node["unified_job_template"]].get("ask_variables_on_launch"), \
                    "AWX drops a node's extra_data unless its template prompts for variables"
    for schedule in DEFS["controller_schedules"]:
        target = schedule["unified_job_template"]
        assert target in TEMPLATES or target in WORKFLOWS
        assert schedule["rrule"].startswith("DTSTART") and " RRULE:FREQ=" in schedule["rrule"]
        template = TEMPLATES.get(target) or WORKFLOWS[target]
        asked = {q["variable"] for q in (template.get("survey_spec") or {}).get("spec", [])}
        assert set(schedule.get("extra_data") or {}) <= asked, "a schedule may only answer the survey"


def declared_inputs(playbook):
    """The inputs a playbook declares: {name: spec} of its validate_argument_spec (first play's pre_tasks)."""
    with open(os.path.join(REPO_ROOT, playbook), encoding="utf-8") as handle:
        play = yaml.safe_load(handle)[0]
    for task in play.get("pre_tasks", []) + play.get("tasks", []):
        if "ansible.builtin.validate_argument_spec" in task:
            return task["ansible.builtin.validate_argument_spec"]["argument_spec"]
    return None


def workflow_inputs():
    """(template, the variables the workflow gives it: its survey and the node's extra_data)."""
    for workflow in WORKFLOWS.values():
        asked = {q["variable"] for q in workflow["survey_spec"]["spec"]}
        for node in workflow["simplified_workflow_nodes"]:
            yield TEMPLATES[node["unified_job_template"]], asked | set(node.get("extra_data") or {})


@pytest.mark.parametrize("name", sorted(n for n, t in TEMPLATES.items() if t.get("survey_enabled")))
def test_each_surveyed_playbook_declares_exactly_the_survey_variables(name):
    template = TEMPLATES[name]
    inputs = declared_inputs(template["playbook"])
    assert inputs is not None, "%s declares no inputs (validate_argument_spec)" % template["playbook"]
    asked = {q["variable"] for q in template["survey_spec"]["spec"]}
    given = asked | set(template.get("extra_vars") or {})
    assert asked <= set(inputs), "survey variables the playbook does not take: %s" % (asked - set(inputs))
    required = {k for k, spec in inputs.items() if spec.get("required")}
    assert required <= given, "inputs the playbook needs and the survey does not ask: %s" % (required - given)


def test_workflow_nodes_accept_what_the_workflow_gives_them():
    for template, given in workflow_inputs():
        inputs = declared_inputs(template["playbook"])
        assert inputs is not None, template["playbook"]
        assert given <= set(inputs), "%s: %s" % (template["name"], given - set(inputs))
        assert {k for k, s in inputs.items() if s.get("required")} <= given


# -- running the templates as AWX would ---------------------------------------------------------------------

def survey_answers(spec, chosen):
    """What a person submits: the defaults, with the chosen answers; required questions must be answered."""
    answers = {}
    for question in spec["spec"]:
        if question["variable"] in chosen:
            answers[question["variable"]] = chosen[question["variable"]]
        elif "default" in question:
            answers[question["variable"]] = question["default"]
        else:
            assert not question["required"], "the test gives no answer to required %s" % question["variable"]
    assert set(chosen) <= set(answers)
    return answers


@pytest.fixture(scope="module")
def sim():
    link_collection()
    with Simulator(job_seconds=0) as running:
        yield running


@pytest.fixture
def site(sim):
    sim.reset()
    api = Api(sim)
    api.backup_now(*api.protect("rg_web", ["vm-101", "vm-102"], snapmirror=False))
    api.backup_now(*api.protect("rg_ds", ["datastore-11"], snapmirror=False))
    sim.clear_requests()
    return api


def launch(sim, tmp_path, template, extra_vars, name="job"):
    """Run a template's playbook as Controller runs a job: private data dir, credential env, inventory
    variables, the survey answers (and the template's extra_vars) as extra variables."""
    root = tmp_path / name
    for sub in ("env", "inventory/group_vars/scv_appliances", "project"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    with open(sim.ca_path, encoding="utf-8") as handle:
        envvars = render_credential(str(root), {"hostname": sim.host, "username": sim.username,
                                                "password": sim.password, "validate_certs": True,
                                                "ca_data": handle.read()})
    envvars.update({"ANSIBLE_COLLECTIONS_PATH": COLLECTIONS_PATH, "ANSIBLE_NOCOLOR": "1"})
    write_yaml(str(root / "env" / "envvars"), envvars)
    write_yaml(str(root / "env" / "extravars"), dict(template.get("extra_vars") or {}, **extra_vars))
    (root / "inventory" / "hosts").write_text("[scv_appliances]\nscv-awx\n")
    write_yaml(str(root / "inventory" / "group_vars" / "scv_appliances" / "connection.yml"), {
        "ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}",
        "scv_port": sim.port, "scv_vcenter_hostname": sim.host, "scv_vcenter_port": sim.vcenter_port,
        "scv_report_dir": str(tmp_path / "reports")})
    shutil.copytree(os.path.join(REPO_ROOT, "playbooks"), str(root / "project" / "playbooks"),
                    ignore=shutil.ignore_patterns("inventory"))
    old_path = os.environ.get("PATH", "")
    os.environ["PATH"] = VENV_BIN + os.pathsep + old_path
    try:
        result = ansible_runner.run(private_data_dir=str(root), playbook=template["playbook"], quiet=True,
                                    suppress_env_files=True)
    finally:
        os.environ["PATH"] = old_path
    stdout = result.stdout.read()
    artifacts = {}
    for event in result.events:
        if event.get("event") == "playbook_on_stats":
            artifacts = event.get("event_data", {}).get("artifact_data") or {}
    return result, stdout, artifacts


def vcenter_vm(sim, moref):
    session = requests.post(sim.vcenter_url + "/api/session", auth=(sim.username, sim.password),
                            verify=sim.ca_path, timeout=30).json()
    return requests.get(sim.vcenter_url + "/api/vcenter/vm/%s" % moref, headers={"vmware-api-session-id": session},
                        verify=sim.ca_path, timeout=30).json()


def posted(sim, suffix):
    return [e for e in sim.requests() if e["listener"] == "scv" and e["method"] == "POST" and e["path"].endswith(suffix)]


def test_restore_vm_survey(sim, site, tmp_path):
    template = TEMPLATES["SCV - Restore VM"]
    answers = survey_answers(template["survey_spec"], {"restore_target_vm": "web01",
                                                       "restore_to_host": "esx02.demo.local",
                                                       "restore_power_on": "no"})
    result, stdout, dummy = launch(sim, tmp_path, template, answers)
    assert result.status == "successful", stdout[-5000:]
    [restore] = site.call("GET", "/4.1/jobs", query={"type": "restore"})
    assert restore["status"] == "COMPLETED" and "web01" in restore["name"]
    details = vcenter_vm(sim, "vm-101")
    assert details["power_state"] == "POWERED_OFF", "restore_power_on=no"
    # A relaunch of the same job restores nothing again.
    result, stdout, dummy = launch(sim, tmp_path, template, answers, name="relaunch")
    assert result.status == "successful", stdout[-3000:]
    assert len(posted(sim, "/restore")) == 1


def test_backup_now_survey(sim, site, tmp_path):
    template = TEMPLATES["SCV - Backup now"]
    result, stdout, dummy = launch(sim, tmp_path, template, survey_answers(template["survey_spec"],
                                                                           {"backup_vms": "web02"}))
    assert result.status == "successful", stdout[-5000:]
    assert len(posted(sim, "/backupnow")) == 1 and "rg_web" in stdout, stdout[-3000:]


def test_drill_survey(sim, site, tmp_path):
    template = TEMPLATES["SCV - Restore drill"]
    result, stdout, dummy = launch(sim, tmp_path, template, survey_answers(template["survey_spec"],
                                                                           {"drill_datastores": "nfs_ds01",
                                                                            "drill_vms": "web01"}))
    assert result.status == "successful", stdout[-5000:]
    summary = json.loads((tmp_path / "reports" / "drill.json").read_text())
    assert [r["name"] for r in summary["results"]] == ["nfs_ds01", "web01"]
    assert summary["results"][0]["rpo_target_seconds"] == 26 * 3600 and summary["results"][0]["rto_target_seconds"] == 900
    assert (tmp_path / "reports" / "drill.xml").exists()


def test_patch_with_rollback_survey(sim, site, tmp_path):
    template = TEMPLATES["SCV - Patch with rollback"]
    result, stdout, dummy = launch(sim, tmp_path, template, survey_answers(template["survey_spec"],
                                                                           {"patch_vms": "web01, web02"}))
    assert result.status == "failed", "the demo change fails on purpose"
    assert "the VMs were rolled back" in stdout, stdout[-5000:]
    assert len(posted(sim, "/restore")) == 2


def test_the_workflow_node_by_node(sim, site, tmp_path):
    """backup -> change (fails) -> rollback, each node a job; the rollback point travels as AWX carries
    set_stats artifacts to the following nodes."""
    [workflow] = WORKFLOWS.values()
    answers = survey_answers(workflow["survey_spec"], {"patch_vms": "web01"})
    nodes = {n["identifier"]: n for n in workflow["simplified_workflow_nodes"]}
    carried = {}
    outcome = {}
    current = "backup"
    while current:
        node = nodes[current]
        template = TEMPLATES[node["unified_job_template"]]
        extra = dict(carried, **answers)
        extra.update(node.get("extra_data") or {})
        result, stdout, artifacts = launch(sim, tmp_path, template, extra, name=current)
        outcome[current] = (result.status, stdout)
        carried.update(artifacts)
        following = node.get("success_nodes" if result.status == "successful" else "failure_nodes") or []
        current = following[0] if following else None
    assert list(outcome) == ["backup", "change", "rollback"]
    assert outcome["backup"][0] == "successful" and "web01" in carried["change_guard_backups"]
    assert outcome["change"][0] == "failed"
    status, stdout = outcome["rollback"]
    assert status == "failed" and "The change failed; the VMs were rolled back: web01 restored" in stdout, stdout[-3000:]
    [restore] = site.call("GET", "/4.1/jobs", query={"type": "restore"})
    assert str(restore["backupId"]) == str(carried["change_guard_backups"]["web01"]["backup_id"])
