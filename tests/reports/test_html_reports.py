# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The HTML pages people read - the drill report (verify_backup) and the compliance report - made by the real
playbooks against the simulator, then rendered in headless Chromium: the page is not empty, Chromium reports
no console message at all (the pages have no scripts, so any message is a fault: a failed resource, a blocked
load, an error), the figures are there (each VM's RPO and RTO bar with its target line, each VM's backup age
against the limit), the verdict is coloured, it prints, and nothing is loaded from outside the file.

Needs Chromium (Debian package `chromium`, listed in bindep.txt; `tests/setup/system-packages.sh` installs it).
"""

import json
import os
import re
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO_ROOT, "tests", "simulator"))
sys.path.insert(0, HERE)

from harness import Simulator  # noqa: E402  pylint: disable=wrong-import-position
from headless_chromium import Chromium, chromium_binary  # noqa: E402  pylint: disable=wrong-import-position
from testbed import Api, link_collection  # noqa: E402  pylint: disable=wrong-import-position

ANSIBLE_PLAYBOOK = os.path.join(REPO_ROOT, ".venv", "bin", "ansible-playbook")
COLLECTIONS_PATH = os.path.join(REPO_ROOT, ".build", "collections")
INVENTORY = os.path.join(REPO_ROOT, "playbooks", "inventory", "demo")
OUTPUT = os.path.join(REPO_ROOT, "tests", "output", "reports")

pytestmark = pytest.mark.skipif(chromium_binary() is None and not os.environ.get("CI"),
                                reason="Chromium is not installed (tests/setup/system-packages.sh installs it)")

GREEN, RED = "rgb(46, 125, 50)", "rgb(198, 40, 40)"


def run_playbook(sim, name, report_dir, extra=None, expect_rc=0):
    command = [ANSIBLE_PLAYBOOK, "-i", INVENTORY, os.path.join(REPO_ROOT, "playbooks", name),
               "-e", json.dumps(dict({"scv_hostname": sim.host, "scv_port": sim.port, "scv_vcenter_hostname": sim.host,
                                      "scv_vcenter_port": sim.vcenter_port, "scv_ca_path": sim.ca_path,
                                      "scv_report_dir": str(report_dir)}, **(extra or {})))]
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_PATH, ANSIBLE_NOCOLOR="1")
    completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, cwd=REPO_ROOT,
                               check=False)
    assert (completed.returncode == 0) == (expect_rc == 0), completed.stdout[-4000:] + completed.stderr[-2000:]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The pages: a passing drill, a failing drill, and a compliance report with an unprotected VM."""
    link_collection()
    passing, failing, compliance = (tmp_path_factory.mktemp(n) for n in ("passing", "failing", "compliance"))
    with Simulator(job_seconds=0) as sim:
        api = Api(sim)
        api.backup_now(*api.protect("rg_ds", ["datastore-11"], snapmirror=False))
        api.backup_now(*api.protect("rg_web", ["vm-101", "vm-102"], snapmirror=False))
        drill = {"scv_verify_datastores": ["nfs_ds01"], "scv_verify_vms": ["web01", "web02"],
                 "scv_verify_rpo": "2h", "scv_verify_rto": "5m"}
        run_playbook(sim, "verify_backups.yml", passing, drill)
        run_playbook(sim, "verify_backups.yml", failing, dict(drill, scv_verify_rpo="1s", scv_verify_force=True),
                     expect_rc=2)
        run_playbook(sim, "compliance_report.yml", compliance, {"scv_report_exempt_vms": ["app01"]})
    return {"passing": str(passing / "drill.html"), "failing": str(failing / "drill.html"),
            "compliance": str(compliance / "compliance.html")}


@pytest.fixture(scope="module")
def browser(pages):  # pylint: disable=redefined-outer-name,unused-argument
    """Started once the pages exist (a long wait before the first page is not a browser test)."""
    with Chromium() as running:
        yield running


def render(browser, path, name):
    page = browser.render("file://" + path)
    os.makedirs(OUTPUT, exist_ok=True)
    with open(os.path.join(OUTPUT, name + ".png"), "wb") as out:
        out.write(page.screenshot)
    with open(os.path.join(OUTPUT, name + ".pdf"), "wb") as out:
        out.write(page.pdf)
    return page


def assert_a_page_people_can_read(page, path):
    assert page.console == [], "Chromium reported: %s" % page.console
    assert page.screenshot[:8] == b"\x89PNG\r\n\x1a\n" and len(page.screenshot) > 20000, "the page rendered empty"
    assert page.pdf[:5] == b"%PDF-" and len(page.pdf) > 5000, "the page does not print"
    assert page.evaluate("document.body.innerText.length") > 200
    with open(path, encoding="utf-8") as handle:
        html = handle.read()
    # No external asset: no script at all, nothing fetched over the network.
    assert "<script" not in html and "@import" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "an external asset"
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    assert "@media print" in html


def bars(page, figure):
    return page.evaluate("""Array.from(document.querySelectorAll('svg[data-figure="%s"]')).map(svg => ({
        row: svg.closest('tr').dataset.name,
        measured: svg.querySelector('rect.measured') ? getComputedStyle(svg.querySelector('rect.measured')).fill : null,
        width: svg.querySelector('rect.measured') ? svg.querySelector('rect.measured').getBBox().width : 0,
        target: svg.querySelector('line.target') ? svg.querySelector('line.target').getBBox().x : null,
        label: svg.getAttribute('aria-label')}))""" % figure)


def test_the_passing_drill_page(browser, pages):
    page = render(browser, pages["passing"], "drill-passing")
    assert_a_page_people_can_read(page, pages["passing"])
    assert page.evaluate("document.getElementById('verdict').textContent") == "PASSED"
    assert page.evaluate("getComputedStyle(document.getElementById('verdict')).backgroundColor") == GREEN
    for figure in ("rpo", "rto"):
        drawn = bars(page, figure)
        assert [b["row"] for b in drawn] == ["nfs_ds01", "web01", "web02"], drawn
        for drawn_bar in drawn:
            assert drawn_bar["measured"] == GREEN and drawn_bar["width"] > 0, drawn_bar
            assert drawn_bar["target"] > drawn_bar["width"], drawn_bar
            assert "against a target of" in drawn_bar["label"]


def test_the_failing_drill_page(browser, pages):
    page = render(browser, pages["failing"], "drill-failing")
    assert_a_page_people_can_read(page, pages["failing"])
    assert page.evaluate("document.getElementById('verdict').textContent") == "FAILED"
    assert page.evaluate("getComputedStyle(document.getElementById('verdict')).backgroundColor") == RED
    rpo = bars(page, "rpo")
    assert len(rpo) == 3 and all(b["measured"] == RED and b["width"] > b["target"] for b in rpo), rpo
    assert all(b["measured"] == GREEN for b in bars(page, "rto"))
    assert page.evaluate("document.querySelectorAll('tr.failed').length") == 3
    assert "RPO missed" in page.evaluate("document.body.innerText")


def test_the_compliance_page(browser, pages):
    page = render(browser, pages["compliance"], "compliance")
    assert_a_page_people_can_read(page, pages["compliance"])
    # db01 is in no group: not compliant, in red; app01 is exempt.
    assert page.evaluate("document.getElementById('verdict').textContent") == "NOT COMPLIANT"
    assert page.evaluate("getComputedStyle(document.getElementById('verdict')).backgroundColor") == RED
    ages = bars(page, "age")
    assert sorted(b["row"] for b in ages) == ["web01", "web02"], ages
    assert all(b["measured"] == GREEN and b["target"] > b["width"] for b in ages)
    states = page.evaluate("Object.fromEntries(Array.from(document.querySelectorAll('#unprotected-vms tr[data-name]'))"
                           ".map(tr => [tr.dataset.name, tr.querySelector('.state').textContent]))")
    assert states["db01"] == "UNPROTECTED" and states["app01"] == "EXEMPT"


def test_the_console_check_would_see_an_error(browser, tmp_path):
    """The check itself: a script error and a missing image are reported, so an empty list means something."""
    broken = tmp_path / "broken.html"
    broken.write_text('<!DOCTYPE html><html><body><img src="missing.png"><script>console.error("boom");'
                      'undefined_function();</script></body></html>')
    page = browser.render("file://%s" % broken)
    levels = sorted(set(m["level"] for m in page.console))
    assert "error" in levels and "exception" in levels, page.console
    assert any("missing.png" in str(m.get("url")) or "ERR_FILE_NOT_FOUND" in m["text"] for m in page.console)
