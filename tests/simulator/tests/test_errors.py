"""Every status code of the contract, each with the envelope and a message naming the problem."""
import pytest
import requests

from simclient import ScvClient, VcenterClient


@pytest.fixture
def scv(sim):
    return ScvClient(sim)


def _assert_envelope(response, status, fragment=""):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["statusCode"] == status and body["response"] is None and body["uri"] is None
    assert body["statusMessage"] and isinstance(body["responseMessage"], list)
    assert fragment in " ".join(body["responseMessage"]), body


def _policy(**fields):
    body = {"name": "p1", "frequency": "DAILY", "retention": {"type": "COUNT", "value": 3}}
    body.update(fields)
    return body


@pytest.mark.parametrize("body, field", [
    (_policy(name="bad-name"), "name"),
    (_policy(name="has space"), "name"),
    (_policy(name=""), "name"),
    (_policy(retention={"type": "COUNT", "value": 0}), "retention.value"),
    (_policy(retention={"type": "COUNT", "value": 1019}), "retention.value"),
    (_policy(retention={"type": "COUNT", "value": 1}, snapVault=True), "snapVault"),
    (_policy(snapshotLabel="x" * 32), "snapshotLabel"),
    (_policy(frequency="YEARLY"), "frequency"),
    (_policy(retention={"type": "COUNT", "value": "many"}), "retention.value"),
    ({"frequency": "DAILY", "retention": {"type": "COUNT", "value": 3}}, "name"),
])
def test_policy_validation_400(scv, body, field):
    _assert_envelope(scv.raw("POST", "/4.1/policies", json=body), 400, field)


def test_invalid_json_400(scv):
    response = scv.raw("POST", "/4.1/policies", data="{not json", headers={"Content-Type": "application/json"})
    _assert_envelope(response, 400, "body")


def test_resource_group_rules_400(scv):
    on_demand = scv.create_policy("adhoc", frequency="ON_DEMAND")
    daily = scv.create_policy("daily")
    schedule = {"frequency": "DAILY", "every": 1}
    cases = [
        ({"name": "rg", "entities": ["vm-101"], "policies": [{"id": on_demand["id"], "schedule": schedule}]},
         "ON_DEMAND"),
        ({"name": "rg", "entities": ["vm-101"],
          "policies": [{"id": daily["id"], "schedule": dict(schedule, frequency="WEEKLY")}]}, "frequency"),
        ({"name": "rg", "entities": ["vm-999"], "policies": []}, "entities[0]"),
        ({"name": "rg", "entities": ["vm-101"], "policies": [{"id": 999999}]}, "policies[0].id"),
        ({"name": "r&g", "entities": ["vm-101"]}, "name"),
        ({"name": "rg", "entities": ["vm-101"],
          "policies": [{"id": daily["id"], "schedule": dict(schedule, startTime="tomorrow")}]}, "startTime"),
    ]
    for body, fragment in cases:
        _assert_envelope(scv.raw("POST", "/4.1/resource-groups", json=body), 400, fragment)


def test_storage_and_restore_400(scv):
    _assert_envelope(scv.raw("POST", "/4.1/storage-system",
                             json={"name": "cluster1.demo.local", "userName": "admin", "password": "wrong"}),
                     400, "password")
    _assert_envelope(scv.raw("POST", "/4.1/storage-system",
                             json={"name": "nowhere.example", "userName": "admin", "password": "x"}), 400, "name")
    scv.register_cluster()
    policy = scv.create_policy()
    group = scv.create_group("rg_tmpl", ["vm-105"], policy["id"])
    backup_id = scv.backup_now(group["id"], policy["id"])["backupId"]
    location = scv.get(f"/4.1/vm/backups/{backup_id}/snapshotlocations")["snapshotLocationsList"][0]
    response = scv.raw("POST", f"/4.1/vm/vm-105/backups/{backup_id}/restore",
                       json={"restartVM": False, "restoreLocations": [dict(location, esxHost="esx01.demo.local")]})
    _assert_envelope(response, 400, "template")
    _assert_envelope(scv.raw("PUT", "/4.1/schedules", json={"name": "Schedule-PurgeJobs", "cronExpression": "0 0 * * * *"}),
                     400, "cronExpression")


def test_401_variants(sim):
    url = f"{sim.scv_url}/4.1/policies"
    _assert_envelope(requests.get(url, verify=sim.ca_path, timeout=10), 401, "Missing Token")
    _assert_envelope(requests.get(url, headers={"Token": "nope"}, verify=sim.ca_path, timeout=10), 401, "Invalid")
    _assert_envelope(requests.post(f"{sim.scv_url}/4.1/auth/login", json={"username": sim.username, "password": "x"},
                                   verify=sim.ca_path, timeout=10), 401, "Login failed")
    token = sim.login()
    sim.expire_tokens()
    _assert_envelope(requests.get(url, headers={"Token": token}, verify=sim.ca_path, timeout=10), 401, "expired")
    vcenter = requests.get(f"{sim.vcenter_url}/api/vcenter/vm", verify=sim.ca_path, timeout=10)
    assert vcenter.status_code == 401 and vcenter.json()["error_type"] == "UNAUTHENTICATED"


def test_404_variants(scv):
    _assert_envelope(scv.raw("GET", "/4.1/policies/424242"), 404, "424242")
    _assert_envelope(scv.raw("GET", "/4.1/nothing-here"), 404, "No such path")
    _assert_envelope(scv.raw("GET", "/4.1/vm/vm-999/backups"), 404, "vm-999")
    _assert_envelope(scv.raw("GET", "/4.1/jobs/777"), 404, "777")
    _assert_envelope(scv.raw("PUT", "/4.1/schedules", json={"name": "Nope", "cronExpression": "0 0 1 * * ?"}),
                     404, "Nope")


def test_409_variants(scv):
    scv.register_cluster()
    _assert_envelope(scv.raw("POST", "/4.1/storage-system", json={
        "name": "cluster1.demo.local", "userName": "admin", "password": "netapp-demo-1"}), 409, "already")
    policy = scv.create_policy()
    _assert_envelope(scv.raw("POST", "/4.1/policies", json=_policy(name="daily")), 409, "already exists")
    group = scv.create_group("rg1", ["vm-101"], policy["id"])
    _assert_envelope(scv.raw("POST", "/4.1/resource-groups", json={"name": "rg1", "entities": ["vm-102"]}),
                     409, "already exists")
    _assert_envelope(scv.raw("DELETE", f"/4.1/policies/{policy['id']}"), 409, "rg1")
    _assert_envelope(scv.raw("DELETE", "/4.1/storage-system/1"), 409, "rg1")
    job = scv.backup_now(group["id"], policy["id"])
    _assert_envelope(scv.raw("PUT", f"/4.1/jobs/{job['id']}/failJobs"), 409, "not RUNNING")


@pytest.mark.parametrize("status", [500, 502, 503])
def test_injected_server_errors(scv, sim, status):
    sim.inject(method="GET", path="/4.1/policies$", status=status)
    _assert_envelope(scv.raw("GET", "/4.1/policies"), status, "Injected")
    assert scv.raw("GET", "/4.1/policies").status_code == 200   # count=1: only once


def test_429_with_retry_after(scv, sim):
    sim.inject(path="policies", status=429, retry_after=3, count=2)
    for dummy in range(2):
        response = scv.raw("GET", "/4.1/policies")
        assert response.status_code == 429 and response.headers["Retry-After"] == "3"
    assert scv.raw("GET", "/4.1/policies").status_code == 200


def test_vcenter_errors(sim):
    vcenter = VcenterClient(sim)
    assert vcenter.raw("GET", "/api/vcenter/vm/vm-999").status_code == 404
    power = vcenter.raw("POST", "/api/vcenter/vm/vm-101/power", params={"action": "start"})
    assert power.status_code == 400 and power.json()["error_type"] == "ALREADY_IN_DESIRED_STATE"
    bad = requests.post(f"{sim.vcenter_url}/api/session", auth=(sim.username, "wrong"), verify=sim.ca_path, timeout=10)
    assert bad.status_code == 401
