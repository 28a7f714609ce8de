# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from ansible_collections.snapcenter.vsphere.plugins.modules import report_info
from ops_world import API

PROTECTED = {"vmName": "web01", "vmMoref": "vm-101", "resourceGroups": ["rg_web"], "lastBackupName": "b1",
             "lastBackupTime": "11/28/2026 01:30:05 PM", "lastBackupStatus": "COMPLETED"}


def test_both_reports_with_counts(fake_http, run_module):
    fake_http.route("GET", API + "/reports/protectedVM", [PROTECTED])
    fake_http.route("GET", API + "/reports/unProtectedVM", [{"vmName": "db01", "vmMoref": "vm-103"}])
    result = run_module(report_info, {})
    assert result["changed"] is False
    assert result["counts"] == {"protected": 1, "unprotected": 1}
    assert result["protected"][0]["last_backup_time_iso"] == "2026-11-28T13:30:05"
    assert result["protected"][0]["last_backup_status"] == "completed"
    assert result["unprotected"][0]["name"] == "db01"


def test_one_report_only(fake_http, run_module):
    fake_http.route("GET", API + "/reports/unProtectedVM", [])
    result = run_module(report_info, {"report": "unprotected"}, check_mode=True)
    assert "protected" not in result
    assert result["counts"] == {"unprotected": 0}
    assert [path for dummy, path, dummy2 in fake_http.sent()] == [API + "/reports/unProtectedVM"]
