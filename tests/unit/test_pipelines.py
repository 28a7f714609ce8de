# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The example pipelines (docs/pipelines/) do what the GitOps guide says: plan in check mode on a change
request with the plan posted, apply only from the main branch, drift on a schedule; secrets only from the
CI's secret store; TLS never switched off.  (Their schemas are checked by `make pipelines-lint`.)"""

import os
import re

import yaml

PIPELINES = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "pipelines")


def load(relative):
    with open(os.path.join(PIPELINES, relative)) as handle:
        text = handle.read()
    return text, yaml.safe_load(text)


def commands(job):
    """The shell text of a job (GitHub steps' run, GitLab script and after_script)."""
    if "steps" in job:
        return "\n".join(step.get("run", "") for step in job["steps"])
    return "\n".join(job.get("script", []) + job.get("after_script", []))


def test_no_pipeline_turns_tls_verification_off_or_holds_a_secret():
    for relative in ("github/scv-gitops.yml", "gitlab/gitlab-ci.yml"):
        text, dummy = load(relative)
        assert not re.search(r"validate_certs\s*[=:]\s*(false|no|0)", text, re.I), relative
        assert not re.search(r"VALIDATE_CERTS", text), relative
        assert "set -x" not in text and "--verbose" not in text, relative
        # No password-looking literal: every credential is a CI secret.
        assert not re.search(r"SCV_PASSWORD:\s*[\"']?[^$\s]", text.replace("${{ secrets.SCV_PASSWORD }}", "$")), relative


def test_github_workflow_plans_pull_requests_applies_main_and_checks_drift_nightly():
    dummy, workflow = load("github/scv-gitops.yml")
    triggers = workflow[True] if True in workflow else workflow["on"]   # YAML 1.1 reads `on` as true
    assert set(triggers) == {"pull_request", "push", "schedule", "workflow_dispatch"}
    jobs = workflow["jobs"]
    assert "pull_request" in jobs["plan"]["if"] and "--check" in commands(jobs["plan"])
    assert "scv_plan_dir" in commands(jobs["plan"])
    assert any("github-script" in step.get("uses", "") for step in jobs["plan"]["steps"]), "plan posted as a comment"
    assert jobs["plan"]["permissions"]["pull-requests"] == "write"
    assert "refs/heads/main" in jobs["apply"]["if"] and "--check" not in commands(jobs["apply"])
    assert "snapcenter.vsphere.reconcile" in commands(jobs["apply"])
    assert "schedule" in jobs["drift"]["if"] and "snapcenter.vsphere.drift" in commands(jobs["drift"])
    for name, job in jobs.items():
        secrets = [value for step in job["steps"] for value in (step.get("env") or {}).values()]
        assert "${{ secrets.SCV_PASSWORD }}" in secrets, name
        assert any("SCV_CA_CERT" in value for value in secrets), name + " verifies TLS with the site's CA"


def test_gitlab_pipeline_plans_merge_requests_applies_the_default_branch_and_checks_drift_on_schedule():
    dummy, pipeline = load("gitlab/gitlab-ci.yml")
    plan, apply, drift = pipeline["plan"], pipeline["apply"], pipeline["drift"]
    assert "merge_request_event" in plan["rules"][0]["if"] and "--check" in commands(plan)
    assert "merge_requests" in commands(plan) and "SCV_GITLAB_TOKEN" in commands(plan), "plan posted as a note"
    assert "CI_DEFAULT_BRANCH" in apply["rules"][0]["if"] and "--check" not in commands(apply)
    assert apply["resource_group"] == drift["resource_group"], "one apply or drift check at a time"
    assert "schedule" in drift["rules"][0]["if"] and "snapcenter.vsphere.drift" in commands(drift)
