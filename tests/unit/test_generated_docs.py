# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The options documentation generated from the declarations: committed files are up to date, and a
file that drifted from its declaration is caught."""

import os
import shutil
import subprocess
import sys

import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GENERATOR = os.path.join(REPO_ROOT, "tests", "setup", "generate-docs.py")


def run_generator(*args):
    return subprocess.run([sys.executable, GENERATOR] + list(args), capture_output=True, text=True, check=False)


def copy_plugins(tmp_path):
    for folder in ("plugins/modules", "plugins/doc_fragments"):
        shutil.copytree(os.path.join(REPO_ROOT, folder), str(tmp_path / folder))
    return tmp_path


def test_committed_files_match_their_declarations():
    done = run_generator("--check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "all up to date" in done.stdout


def test_a_hand_edited_generated_block_fails_the_check_and_is_repaired(tmp_path):
    root = copy_plugins(tmp_path)
    policy = root / "plugins" / "modules" / "policy.py"
    text = policy.read_text()
    edited = text.replace("Keep backups this many days.", "Keep backups for a while.")
    assert edited != text
    policy.write_text(edited)
    done = run_generator("--check", "--root", str(root))
    assert done.returncode == 1
    assert "plugins/modules/policy.py" in done.stdout and "Keep backups this many days." in done.stdout
    assert run_generator("--root", str(root)).returncode == 0
    assert policy.read_text() == text


def test_a_tree_without_generated_blocks_is_a_failure_not_a_pass(tmp_path):
    (tmp_path / "plugins" / "modules").mkdir(parents=True)
    done = run_generator("--check", "--root", str(tmp_path))
    assert done.returncode == 1 and "nothing was checked" in done.stdout


def test_protection_config_items_document_the_per_resource_options():
    from ansible_collections.snapcenter.vsphere.plugins.modules import policy, protection_config
    module_options = yaml.safe_load(policy.DOCUMENTATION)["options"]
    item_options = yaml.safe_load(protection_config.DOCUMENTATION)["options"]["policies"]["suboptions"]
    assert sorted(item_options) == sorted(module_options)
    # References are rewritten to the item's place: O(snapvault) -> O(policies[].snapvault).
    assert "O(policies[].snapvault)" in " ".join(item_options["retention_count"]["description"])
    assert "O(snapvault)" in " ".join(module_options["retention_count"]["description"])
