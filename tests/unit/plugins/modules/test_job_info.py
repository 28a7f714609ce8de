# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from ansible_collections.snapcenter.vsphere.plugins.modules import job_info
from ops_world import JOBS, job


def test_one_job(fake_http, run_module):
    fake_http.route("GET", JOBS + "/17", job(17, status="FAILED", messages=["boom"]))
    result = run_module(job_info, {"id": "17"})
    assert result["changed"] is False
    assert result["job"]["status"] == "failed"
    assert result["job"]["messages"] == ["boom"]
    assert result["job"]["start_time_iso"] == "2026-11-28T13:30:05"


def test_wait_until_the_job_ends_and_report_a_failure_without_failing(fake_http, run_module):
    fake_http.route("GET", JOBS + "/17", job(17, status="RUNNING"), times=1)
    fake_http.route("GET", JOBS + "/17", job(17, status="FAILED"))
    result = run_module(job_info, {"id": "17", "wait": True})
    assert "failed" not in result
    assert result["job"]["status"] == "failed"


def test_logs_dest_writes_the_log_once(fake_http, run_module, tmp_path):
    fake_http.route("GET", JOBS + "/17", job(17))
    fake_http.route("GET", JOBS + "/17/logs", raw="line one\nline two\n")
    dest = tmp_path / "job.log"
    result = run_module(job_info, {"id": "17", "logs_dest": str(dest)})
    assert result["logs_changed"] is True
    assert "line one" in dest.read_text()
    result = run_module(job_info, {"id": "17", "logs_dest": str(dest)})
    assert result["logs_changed"] is False


def test_list_filters_and_newest_first(fake_http, run_module):
    fake_http.route("GET", JOBS, [job(1, startTime="01/01/2020 01:00:00 AM"), job(2), job(3, startTime=None)])
    result = run_module(job_info, {"type": "backup", "status": "completed", "newer_than": "2026-01-01T00:00"})
    assert [j["id"] for j in result["jobs"]] == ["2"]
    query = fake_http.requests[-1].query
    assert query == {"type": ["backup"], "status": ["COMPLETED"]}


def test_logs_dest_needs_id(fake_http, run_module):
    result = run_module(job_info, {"logs_dest": "/tmp/x.log"})
    assert result["failed"] and "logs_dest" in result["msg"]
