# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from ansible_collections.snapcenter.vsphere.plugins.modules import job as job_module
from ops_world import JOBS, job


def test_running_job_is_marked_failed(fake_http, run_module):
    fake_http.route("GET", JOBS + "/17", job(17, status="RUNNING"), times=1)
    fake_http.route("PUT", JOBS + "/17/failJobs", None)
    fake_http.route("GET", JOBS + "/17", job(17, status="FAILED"))
    result = run_module(job_module, {"id": "17", "state": "failed"})
    assert result["changed"] is True
    assert fake_http.writes() == [("PUT", JOBS + "/17/failJobs", None)]
    assert result["job"]["status"] == "failed"


def test_check_mode_plans_without_writing(fake_http, run_module):
    fake_http.route("GET", JOBS + "/17", job(17, status="RUNNING"))
    result = run_module(job_module, {"id": "17"}, check_mode=True)
    assert result["changed"] is True
    assert result["job"]["status"] == "failed"


def test_failed_job_is_unchanged(fake_http, run_module):
    fake_http.route("GET", JOBS + "/17", job(17, status="FAILED"))
    result = run_module(job_module, {"id": "17"})
    assert result["changed"] is False
    assert fake_http.writes() == []


def test_completed_job_is_a_clear_error(fake_http, run_module):
    fake_http.route("GET", JOBS + "/17", job(17, status="COMPLETED"))
    result = run_module(job_module, {"id": "17"})
    assert result["failed"] is True
    assert result["option"] == "id"
    assert "completed" in result["msg"]
    assert fake_http.writes() == []


def test_unknown_job_surfaces_the_api_error(fake_http, run_module):
    fake_http.route("GET", JOBS + "/99", None, status=404, messages=["No job with id 99"])
    result = run_module(job_module, {"id": "99"})
    assert result["status"] == 404
    assert "No job with id 99" in result["msg"]


def test_a_404_for_an_id_says_unknown_id_first_then_the_version(fake_http, run_module):
    fake_http.route("GET", JOBS + "/99", None, status=404, messages=["No job with id 99"])
    result = run_module(job_module, {"id": "99"})
    assert result["msg"].endswith("(an unknown id, or an appliance older than SCV 4.4, which lacks this call)")
