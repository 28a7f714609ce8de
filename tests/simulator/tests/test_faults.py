"""The /_sim controls: drops, latency, request log, token expiry, stuck jobs, config, persistence, shutdown."""
import http.client
import signal
import ssl
import time

import pytest
import requests
from cryptography import x509

from harness import Simulator
from simclient import ScvClient


@pytest.fixture
def scv(sim):
    return ScvClient(sim)


def test_drop_closes_connection_without_answer(scv, sim):
    sim.inject(method="GET", path="/4.1/policies$", drop=True)
    with pytest.raises(requests.exceptions.ConnectionError):
        scv.raw("GET", "/4.1/policies")
    assert scv.raw("GET", "/4.1/policies").status_code == 200
    dropped = [e for e in sim.requests() if e["path"] == "/api/4.1/policies"][0]
    assert dropped["status"] is None and dropped["fault"] is not None


def test_drop_seen_as_remote_disconnect(sim):
    sim.inject(path="health_never|/4.1/schedules", drop=True)
    context = ssl.create_default_context(cafile=sim.ca_path)
    connection = http.client.HTTPSConnection(sim.host, sim.port, context=context, timeout=10)
    connection.request("GET", "/api/4.1/schedules")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        connection.getresponse()
    connection.close()


def test_after_handling_applies_the_write_then_drops(scv, sim):
    sim.inject(method="POST", path="/4.1/policies$", after_handling=True)
    with pytest.raises(requests.exceptions.ConnectionError):
        scv.create_policy("lost_answer")
    names = [p["name"] for p in scv.get("/4.1/policies")["policyResponseList"]]
    assert names == ["lost_answer"]
    entry = [e for e in sim.requests() if e["path"] == "/api/4.1/policies" and e["method"] == "POST"][0]
    assert entry["status"] is None and entry["handled_status"] == 200


def test_latency_and_unlimited_count(scv, sim):
    sim.inject(path="/4.1/schedules", latency=0.3, count=None)
    for dummy in range(2):
        started = time.monotonic()
        assert scv.raw("GET", "/4.1/schedules").status_code == 200
        assert time.monotonic() - started >= 0.3
    sim.clear_faults()


def test_request_log_and_writes(scv, sim):
    scv.create_policy()
    scv.get("/4.1/policies")
    log = sim.requests()
    assert {"listener", "method", "path", "query", "status", "time", "duration"} <= set(log[-1])
    assert [(w["method"], w["path"]) for w in sim.writes()] == [("POST", "/api/4.1/policies")]
    assert sim.requests(clear=True) and sim.requests() == []


def test_token_expiry_and_relogin(scv, sim):
    assert scv.raw("GET", "/4.1/policies").status_code == 200
    sim.expire_tokens()
    assert scv.raw("GET", "/4.1/policies").status_code == 401
    scv.token = sim.login()
    assert scv.raw("GET", "/4.1/policies").status_code == 200


def test_short_token_ttl(scv, sim):
    sim.config(token_ttl=1)
    scv.token = sim.login()
    time.sleep(1.2)
    assert scv.raw("GET", "/4.1/policies").status_code == 401


def test_job_seconds_keeps_jobs_running(scv, sim):
    scv.register_cluster()
    policy = scv.create_policy()
    group = scv.create_group("rg", ["vm-101"], policy["id"])
    sim.config(job_seconds=0.5)
    job_id = scv.start_job("/4.1/resource-groups/backupnow",
                           {"resourceGroupId": group["id"], "policyId": policy["id"]}, "backup")
    job = scv.get(f"/4.1/jobs/{job_id}")
    assert job["status"] == "RUNNING" and job["endTime"] is None and job["backupId"] is None
    assert scv.get("/4.1/vm/vm-101/backups")["backupResponseList"] == []   # effects happen at completion
    assert scv.wait_job(job_id)["status"] == "COMPLETED"
    assert len(scv.get("/4.1/vm/vm-101/backups")["backupResponseList"]) == 1


def test_reset_restores_the_world(scv, sim):
    scv.create_policy()
    sim.reset()
    assert scv.get("/4.1/policies")["policyResponseList"] == []   # the token survives a reset
    assert sim.health()["status"] == "ok"


def test_state_file_survives_restart_with_running_job(tmp_path):
    with Simulator(job_seconds=1, state_file=tmp_path / "state.db") as running:
        scv = ScvClient(running)
        scv.register_cluster()
        policy = scv.create_policy()
        group = scv.create_group("rg", ["vm-101"], policy["id"])
        job_id = scv.start_job("/4.1/resource-groups/backupnow",
                               {"resourceGroupId": group["id"], "policyId": policy["id"]}, "backup")
        running.restart()
        job = scv.wait_job(job_id)   # same token, same job, finished after the restart
        assert job["status"] == "COMPLETED"
        assert [p["name"] for p in scv.get("/4.1/policies")["policyResponseList"]] == ["daily"]
        assert len(scv.get("/4.1/vm/vm-101/backups")["backupResponseList"]) == 1


def test_sigterm_stops_cleanly_and_certificate_names():
    running = Simulator().start()
    try:
        with open(running.ca_path, "rb") as handle:
            assert x509.load_pem_x509_certificate(handle.read()).extensions.get_extension_for_class(
                x509.BasicConstraints).value.ca
        with open(running.ca_path.replace("ca.pem", "server.pem"), "rb") as handle:
            server = x509.load_pem_x509_certificate(handle.read())
        names = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        assert {str(ip) for ip in names.get_values_for_type(x509.IPAddress)} >= {"127.0.0.1", "::1"}
        assert "localhost" in names.get_values_for_type(x509.DNSName)
        process = running.process
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
        assert "stopped" in running.log_text()
    finally:
        running.close()


def test_bad_fault_regex_is_400(sim):
    response = requests.post(f"{sim.sim_url}/faults", json={"path": "(", "status": 500},
                             verify=sim.ca_path, timeout=10)
    assert response.status_code == 400 and "regular expression" in response.text
