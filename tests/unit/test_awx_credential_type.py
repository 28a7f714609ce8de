# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWX credential type (awx/credential_type.yml) injects exactly the connection settings the
collection reads, and the registration playbook sends the file's definition unchanged.

AWX renders injector templates with a sandboxed Jinja2 environment over the credential's inputs plus
`tower.filename.<file id>` for file injectors; render_injectors() below does the same so the test sees
what a job would get.
"""

import os
import re

import pytest
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CREDENTIAL_TYPE = os.path.join(REPO_ROOT, "awx", "credential_type.yml")
REGISTER_PLAYBOOK = os.path.join(REPO_ROOT, "awx", "register_credential_type.yml")
CONNECTION_FRAGMENT = os.path.join(REPO_ROOT, "plugins", "doc_fragments", "connection.py")

# credential input -> (environment variable, collection connection option), from the team brief.
EXPECTED = {
    "hostname": ("SCV_HOSTNAME", "hostname"),
    "username": ("SCV_USERNAME", "username"),
    "password": ("SCV_PASSWORD", "password"),
    "validate_certs": ("SCV_VALIDATE_CERTS", "validate_certs"),
    "ca_data": ("SCV_CA_PATH", "ca_path"),
}


@pytest.fixture(scope="module")
def credential_type():
    with open(CREDENTIAL_TYPE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def documented_env_vars():
    """Map each connection option to the E(SCV_*) variables its documentation names."""
    namespace = {}
    with open(CONNECTION_FRAGMENT, encoding="utf-8") as handle:
        exec(compile(handle.read(), CONNECTION_FRAGMENT, "exec"), namespace)  # pylint: disable=exec-used
    options = yaml.safe_load(namespace["ModuleDocFragment"].DOCUMENTATION)["options"]
    return {
        name: set(re.findall(r"E\((SCV_[A-Z_]+)\)", " ".join(spec.get("description", []))))
        for name, spec in options.items()
    }


def render_injectors(credential_type, inputs, tmp_path):
    """Render env and file injectors the way AWX does; return (env, {file id: content})."""
    sandbox = ImmutableSandboxedEnvironment()
    namespace = dict(inputs)
    for field in credential_type["inputs"]["fields"]:
        if field["type"] == "boolean" and field["id"] not in inputs:
            namespace[field["id"]] = field.get("default", False)
    files, filenames = {}, {}
    for label, template in credential_type["injectors"].get("file", {}).items():
        file_id = label.split(".", 1)[1]
        files[file_id] = sandbox.from_string(template).render(**namespace)
        path = tmp_path / ("credential_" + file_id)
        path.write_text(files[file_id])
        filenames[file_id] = str(path)
    namespace["tower"] = {"filename": filenames}
    env = {name: sandbox.from_string(template).render(**namespace)
           for name, template in credential_type["injectors"]["env"].items()}
    return env, files


def test_inputs_are_the_documented_ones(credential_type):
    fields = {field["id"]: field for field in credential_type["inputs"]["fields"]}
    assert set(fields) == set(EXPECTED)
    assert fields["password"]["secret"] is True
    assert fields["validate_certs"]["type"] == "boolean"
    assert fields["validate_certs"]["default"] is True, "TLS verification must be on unless turned off"
    assert fields["ca_data"]["multiline"] is True
    assert fields["ca_data"]["secret"] is False
    assert set(credential_type["inputs"]["required"]) == {"hostname", "username", "password"}


def test_injected_env_names_are_connection_option_fallbacks(credential_type):
    injected = set(credential_type["injectors"]["env"])
    assert injected == {env for env, _option in EXPECTED.values()}
    documented = documented_env_vars()
    for env, option in EXPECTED.values():
        assert env in documented.get(option, set()), (
            "%s is injected for option %s, but plugins/doc_fragments/connection.py does not document it"
            % (env, option))


def test_rendered_env_with_ca(credential_type, tmp_path):
    pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    env, files = render_injectors(credential_type, {
        "hostname": "scv.example.com", "username": "administrator@vsphere.local",
        "password": "s3cret", "validate_certs": True, "ca_data": pem}, tmp_path)
    assert env["SCV_HOSTNAME"] == "scv.example.com"
    assert env["SCV_USERNAME"] == "administrator@vsphere.local"
    assert env["SCV_PASSWORD"] == "s3cret"
    assert env["SCV_VALIDATE_CERTS"] == "True"
    assert files["ca_data"] == pem
    with open(env["SCV_CA_PATH"], encoding="utf-8") as handle:
        assert handle.read() == pem


def test_rendered_env_without_ca_keeps_verification_on(credential_type, tmp_path):
    env, _files = render_injectors(credential_type, {
        "hostname": "scv.example.com", "username": "u", "password": "p"}, tmp_path)
    # No CA given: the system trust store is used (empty SCV_CA_PATH), never an empty CA file,
    # and an unset validate_certs stays True.
    assert env["SCV_CA_PATH"] == ""
    assert env["SCV_VALIDATE_CERTS"] == "True"


def test_registration_playbook_sends_the_file_definition():
    with open(REGISTER_PLAYBOOK, encoding="utf-8") as handle:
        plays = yaml.safe_load(handle)
    tasks = [task for play in plays for task in play["tasks"] if "awx.awx.credential_type" in task]
    assert len(tasks) == 1
    arguments = tasks[0]["awx.awx.credential_type"]
    assert arguments["state"] == "present"
    for key in ("name", "description", "kind", "inputs", "injectors"):
        assert arguments[key] == "{{ scv_credential_type.%s }}" % key
    assert "credential_type.yml" in plays[0]["vars"]["scv_credential_type"]
