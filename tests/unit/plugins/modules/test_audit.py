# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""audit_log_info and audit_config against the fake transport (house shapes, docs/api-notes.md "Audit logs")."""

import os
import stat

from ansible_collections.snapcenter.vsphere.plugins.modules import audit_config, audit_log_info
from ops_world import API

LOGS = API + "/audit/logs"
VERIFY = API + "/audit/verify"
CONFIG = API + "/audit/config"

CURRENT = {"fileName": "audit.log", "sizeBytes": 600, "createdTime": "11/28/2026 01:00:00 AM",
           "modifiedTime": "11/28/2026 01:30:05 AM", "entries": 2, "integrityStatus": "UNVERIFIED",
           "lastVerifiedTime": None}
ROLLED = {"fileName": "audit-20261127-010000.log.gz", "sizeBytes": 300, "createdTime": "11/27/2026 01:00:00 AM",
          "modifiedTime": "11/28/2026 12:59:59 AM", "entries": 1, "integrityStatus": "VERIFIED",
          "lastVerifiedTime": "11/28/2026 12:00:00 AM"}
CONTENT = {"audit.log": '{"category": "POLICY", "operation": "CREATE"}\n{"category": "ACCOUNT", "operation": "LOGIN"}\n',
           "audit-20261127-010000.log.gz": '{"category": "BACKUP", "operation": "BACKUP"}\n'}
DEFAULT_CONFIG = {"enabled": True, "maxFileSizeMB": 10, "maxFiles": 10,
                  "syslog": {"enabled": False, "server": None, "port": 514, "protocol": "UDP"}}


def file_routes(fake_http):
    fake_http.route("GET", LOGS, {"auditLogFiles": [CURRENT, ROLLED]})
    for item in (CURRENT, ROLLED):
        fake_http.route("GET", LOGS + "/" + item["fileName"], dict(item, content=CONTENT[item["fileName"]]))


def test_lists_files_with_their_integrity_state(fake_http, run_module):
    file_routes(fake_http)
    result = run_module(audit_log_info, {})
    assert result["changed"] is False
    assert [(f["name"], f["integrity_status"], f["entries"]) for f in result["files"]] == [
        ("audit.log", "unverified", 2), ("audit-20261127-010000.log.gz", "verified", 1)]
    assert result["files"][1]["last_verified_time_iso"] == "2026-11-28T00:00:00"
    assert "verification" not in result and "downloads" not in result
    assert fake_http.sent() == [("GET", LOGS, None)]


def test_downloads_every_file_atomically_with_mode_0600_and_idempotently(fake_http, run_module, tmp_path):
    file_routes(fake_http)
    dest = str(tmp_path / "audit")
    result = run_module(audit_log_info, {"dest": dest})
    assert result["changed"] is False and result["downloads_changed"] is True
    assert sorted(os.listdir(dest)) == ["audit-20261127-010000.log", "audit.log"]
    for name, text in (("audit.log", CONTENT["audit.log"]),
                       ("audit-20261127-010000.log", CONTENT["audit-20261127-010000.log.gz"])):
        path = os.path.join(dest, name)
        assert open(path).read() == text
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(dest).st_mode) == 0o700
    again = run_module(audit_log_info, {"dest": dest})
    assert again["downloads_changed"] is False
    assert [d["changed"] for d in again["downloads"]] == [False, False]


def test_one_file_by_name_and_an_unknown_name(fake_http, run_module, tmp_path):
    file_routes(fake_http)
    result = run_module(audit_log_info, {"name": "audit.log", "dest": str(tmp_path)})
    assert [d["name"] for d in result["downloads"]] == ["audit.log"]
    assert os.listdir(str(tmp_path)) == ["audit.log"]
    result = run_module(audit_log_info, {"name": "audit-1.log"})
    assert result["failed"] is True and result["option"] == "name"


def test_check_mode_writes_no_file_and_does_not_verify(fake_http, run_module, tmp_path):
    file_routes(fake_http)
    dest = str(tmp_path / "new")
    result = run_module(audit_log_info, {"dest": dest, "verify": True}, check_mode=True)
    assert result["verification"] is None
    assert any("verify" in warning for warning in result["warnings"])
    assert [d["changed"] for d in result["downloads"]] == [True, True]
    assert not os.path.exists(dest)


def test_verify_reports_the_result_and_warns_on_tampering(fake_http, run_module):
    fake_http.route("POST", VERIFY, {"result": "FAILED", "verifiedTime": "11/28/2026 01:31:00 AM", "files": [
        {"fileName": "audit.log", "integrityStatus": "TAMPERED", "firstBadEntry": 2},
        {"fileName": "audit-20261127-010000.log.gz", "integrityStatus": "VERIFIED", "firstBadEntry": None}]})
    fake_http.route("GET", LOGS, {"auditLogFiles": [dict(CURRENT, integrityStatus="TAMPERED")]})
    result = run_module(audit_log_info, {"verify": True})
    assert result["verification"]["result"] == "failed"
    assert result["verification"]["files"][0] == {"name": "audit.log", "integrity_status": "tampered",
                                                  "first_bad_entry": 2}
    assert result["files"][0]["integrity_status"] == "tampered"
    assert any("audit.log (entry 2)" in warning for warning in result["warnings"])
    # The verification first, so the list shows its outcome.
    assert [r[:2] for r in fake_http.sent()] == [("POST", VERIFY), ("GET", LOGS)]


def test_a_file_name_that_is_not_a_plain_name_is_never_written(fake_http, run_module, tmp_path):
    fake_http.route("GET", LOGS, {"auditLogFiles": [dict(CURRENT, fileName="../../etc/passwd")]})
    result = run_module(audit_log_info, {"dest": str(tmp_path)})
    assert result["failed"] is True
    assert "not a plain file name" in result["msg"]
    assert os.listdir(str(tmp_path)) == []


def test_an_appliance_without_audit_calls_is_told_apart(fake_http, run_module):
    fake_http.route("GET", LOGS, None, status=404, messages=["No such path: /api/4.1/audit/logs"])
    result = run_module(audit_log_info, {})
    assert result["failed"] is True
    assert result["msg"].startswith("audit logs need SCV 4.8 or later: GET /4.1/audit/logs returned HTTP 404")
    fake_http.route("GET", CONFIG, None, status=404)
    result = run_module(audit_config, {"max_files": 5})
    assert result["msg"].startswith("audit logs need SCV 4.8 or later: GET /4.1/audit/config")
    assert fake_http.writes() == []


def test_a_known_older_appliance_is_refused_before_anything_is_sent(fake_http, run_module):
    result = run_module(audit_config, {"max_files": 5, "appliance_version": "4.7"})
    assert result["failed"] is True
    assert "needs SCV 4.8 or later; this appliance is SCV 4.7" in result["msg"]
    assert fake_http.sent() == []


def test_config_changes_only_what_is_given_with_diff(fake_http, run_module):
    wanted = dict(DEFAULT_CONFIG, maxFiles=5,
                  syslog={"enabled": True, "server": "siem.example.com", "port": 514, "protocol": "TCP"})
    fake_http.route("GET", CONFIG, DEFAULT_CONFIG, times=1)
    fake_http.route("PUT", CONFIG, wanted)
    fake_http.route("GET", CONFIG, wanted)
    result = run_module(audit_config, {"max_files": 5, "syslog": {"enabled": True, "server": "siem.example.com",
                                                                  "protocol": "tcp"}}, diff=True)
    assert result["changed"] is True
    assert fake_http.writes() == [("PUT", CONFIG, wanted)]
    assert result["diff"]["before"]["syslog"]["enabled"] is False
    assert result["diff"]["after"]["syslog"] == {"enabled": True, "server": "siem.example.com", "port": 514,
                                                 "protocol": "tcp"}
    assert result["audit_config"]["max_files"] == 5
    assert "name" not in result["audit_config"]


def test_config_is_idempotent_and_check_mode_writes_nothing(fake_http, run_module):
    fake_http.route("GET", CONFIG, DEFAULT_CONFIG)
    result = run_module(audit_config, {"enabled": True, "max_files": 10, "syslog": {"port": 514, "protocol": "udp"}})
    assert result["changed"] is False
    result = run_module(audit_config, {})
    assert result["changed"] is False and result["audit_config"]["syslog"]["protocol"] == "udp"
    result = run_module(audit_config, {"enabled": False}, check_mode=True, diff=True)
    assert result["changed"] is True
    assert result["audit_config"]["enabled"] is False
    assert result["diff"]["before"]["enabled"] is True
    assert fake_http.writes() == []


def test_config_checks_before_writing(fake_http, run_module):
    fake_http.route("GET", CONFIG, DEFAULT_CONFIG)
    result = run_module(audit_config, {"syslog": {"enabled": True}})
    assert result["failed"] is True and result["option"] == "syslog.server"
    result = run_module(audit_config, {"syslog": {"port": 70000}})
    assert result["failed"] is True and result["option"] == "syslog.port"
    assert fake_http.writes() == []


def test_config_rejected_by_the_appliance_names_its_field(fake_http, run_module):
    fake_http.route("GET", CONFIG, DEFAULT_CONFIG)
    fake_http.route("PUT", CONFIG, None, status=400, messages=["maxFiles: must be between 1 and 10"])
    result = run_module(audit_config, {"max_files": 11})
    assert result["failed"] is True and result["status"] == 400
    assert "maxFiles: must be between 1 and 10" in result["msg"]
