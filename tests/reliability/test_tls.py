# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""TLS: verification is on, ca_path is what is trusted, the environment cannot override it, and nothing
the project ships turns verification off by default."""

import os
import re
import subprocess

import pytest

from reliability_helpers import REPO_ROOT, assert_no_traceback, failed, ok, run_playbook, scv_requests
from tls_stub import CertificateAuthority

CERT_ERROR = re.compile(r"certificate verif|CERTIFICATE_VERIFY_FAILED", re.IGNORECASE)


@pytest.fixture(scope="module")
def other_ca(tmp_path_factory):
    """A second self-signed CA that did not sign the simulator's certificate."""
    return CertificateAuthority("not the appliance's CA").write_ca(str(tmp_path_factory.mktemp("ca") / "other.pem"))


def policy_info(**connection):
    return {"snapcenter.vsphere.policy_info": dict(connection)}


def test_ca_path_wrong_ca_environment_override_and_default_trust(sim, other_ca):
    """One playbook, four tasks:
    0. validate_certs: true + ca_path = the simulator's CA -> works;
    1. ca_path = another CA -> fails with a certificate error naming the call;
    2. ca_path = the simulator's CA while REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE point at another CA -> works
       (the environment does not override ca_path);
    3. no ca_path at all (system trust store) -> fails: verification is on by default.
    """
    tasks = [
        policy_info(validate_certs=True, ca_path=sim.ca_path),
        policy_info(validate_certs=True, ca_path=other_ca),
        policy_info(validate_certs=True, ca_path=sim.ca_path),
        dict(policy_info(), environment={"SCV_CA_PATH": ""}),
    ]
    run = run_playbook(sim, tasks, env={"REQUESTS_CA_BUNDLE": other_ca, "CURL_CA_BUNDLE": other_ca})
    assert_no_traceback(run)
    good, wrong_ca, env_override, default_trust = run[0], run[1], run[2], run[3]
    assert isinstance(ok(good)["policies"], list)
    for refused in (wrong_ca, default_trust):
        failed(refused)
        assert CERT_ERROR.search(refused["msg"]), refused["msg"]
        assert "POST /4.1/auth/login" in refused["msg"], refused["msg"]
        assert sim.password not in refused["msg"]
    assert isinstance(ok(env_override)["policies"], list)
    # Only the two trusted tasks reached the appliance's HTTP layer (a refused handshake logs nothing).
    assert len(scv_requests(sim, "POST", "/auth/login")) == 2


def test_environment_bundle_does_not_replace_a_wrong_ca_path(sim, other_ca):
    """The reverse: REQUESTS_CA_BUNDLE holds the right CA but ca_path the wrong one -> still refused."""
    run = run_playbook(sim, [policy_info(validate_certs=True, ca_path=other_ca)],
                       env={"REQUESTS_CA_BUNDLE": sim.ca_path, "CURL_CA_BUNDLE": sim.ca_path})
    failed(run[0])
    assert CERT_ERROR.search(run[0]["msg"]), run[0]["msg"]
    assert scv_requests(sim) == []


# --- nothing shipped defaults to validate_certs: false ---------------------------------------------

SHIPPED = ["roles", "playbooks", "plugins", "README.md", "docs", "meta", "awx"]
DISABLING = re.compile(r"""validate_certs\s*[:=]\s*["']?(false|no|off|0)\b|SCV_VALIDATE_CERTS\s*[:=]\s*["']?(false|no|off|0)\b""",
                       re.IGNORECASE)
WARNING_WORDS = re.compile(r"never|not |don't|do not|avoid|insecure|only for|unsafe|warning|disable", re.IGNORECASE)


def _ignored(paths):
    """The paths git ignores (build output such as docs/build/ is not shipped); none outside a checkout."""
    if not paths:
        return set()
    found = subprocess.run(["git", "-C", REPO_ROOT, "check-ignore", "--stdin"], input="\n".join(paths),
                           capture_output=True, text=True, check=False)
    return set(found.stdout.splitlines()) if found.returncode in (0, 1) else set()


def shipped_files():
    candidates = []
    for entry in SHIPPED:
        path = os.path.join(REPO_ROOT, entry)
        if os.path.isfile(path):
            candidates.append(path)
        for root, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if d not in ("__pycache__", ".git")]
            for name in files:
                if name.endswith((".yml", ".yaml", ".md", ".py", ".j2", ".rst", ".txt", ".ini", ".json", ".cfg")):
                    candidates.append(os.path.join(root, name))
    ignored = _ignored(candidates)
    return [path for path in candidates if path not in ignored]


def offending_lines():
    """Lines that set validate_certs to false, except in prose or comments that warn against it."""
    offences = []
    for path in shipped_files():
        with open(path, encoding="utf-8", errors="replace") as source:
            lines = source.read().splitlines()
        for number, line in enumerate(lines, 1):
            if not DISABLING.search(line):
                continue
            context = " ".join(lines[max(0, number - 3):number + 1])
            is_prose = path.endswith((".md", ".rst", ".txt")) or line.lstrip().startswith("#")
            if is_prose and WARNING_WORDS.search(context):
                continue
            offences.append("%s:%d: %s" % (os.path.relpath(path, REPO_ROOT), number, line.strip()))
    return offences


def test_nothing_shipped_defaults_to_validate_certs_false():
    files = list(shipped_files())
    assert any("/roles/" in f for f in files) and any("/plugins/" in f for f in files), \
        "the scan found no roles or plugins: it would prove nothing"
    offences = offending_lines()
    assert not offences, "validate_certs switched off in shipped files:\n" + "\n".join(offences)


def test_the_scan_catches_a_disabling_default(tmp_path, monkeypatch):
    """The scan itself: a role default with validate_certs: false is caught, a warning in prose is not."""
    (tmp_path / "roles" / "x" / "defaults").mkdir(parents=True)
    (tmp_path / "roles" / "x" / "defaults" / "main.yml").write_text("scv_validate_certs: false\nvalidate_certs: no\n")
    (tmp_path / "README.md").write_text("Never set `validate_certs: false` outside a lab.\n")
    monkeypatch.setattr(__import__("test_tls"), "REPO_ROOT", str(tmp_path))
    offences = offending_lines()
    assert offences == ["roles/x/defaults/main.yml:1: scv_validate_certs: false",
                        "roles/x/defaults/main.yml:2: validate_certs: no"]
