"""A small test client for the simulator that copes with every dialect (it is NOT the collection's client)."""
import time

import requests

TIMEOUT = 30


class ApiFailure(AssertionError):
    pass


class ScvClient:
    def __init__(self, sim, token: str | None = None):
        self.sim = sim
        self.token = token or sim.login()

    def raw(self, method: str, path: str, headers=None, **kwargs) -> requests.Response:
        all_headers = {"Token": self.token, "Accept": "application/json"}
        all_headers.update(headers or {})
        return requests.request(method, f"{self.sim.scv_url}{path}", headers=all_headers,
                                verify=self.sim.ca_path, timeout=TIMEOUT, **kwargs)

    def call(self, method: str, path: str, expect: int = 200, **kwargs):
        response = self.raw(method, path, **kwargs)
        if response.status_code != expect:
            raise ApiFailure(f"{method} {path}: expected {expect}, got {response.status_code}: {response.text}")
        if response.headers.get("content-type", "").startswith("application/json"):
            body = response.json()
            assert set(body) == {"statusCode", "statusMessage", "responseMessage", "response", "uri"}, body
            assert body["statusCode"] == expect and body["uri"] is None
            return body
        return response.text

    def get(self, path, **kw):
        return self.call("GET", path, **kw)["response"]

    def post(self, path, json=None, **kw):
        return self.call("POST", path, json=json, **kw)["response"]

    def put(self, path, json=None, **kw):
        return self.call("PUT", path, json=json, **kw)["response"]

    def delete(self, path, **kw):
        return self.call("DELETE", path, **kw)["response"]

    # --- dialect-aware helpers ------------------------------------------------------------------
    def ds_snapshot_path(self, backup_id) -> str:
        segment = "snapshotlocators" if self.sim.paths == "published" else "snapshotlocations"
        return f"/4.1/datastores/backups/{backup_id}/{segment}"

    def ds_hosts_path(self, moref) -> str:
        segment = "availableEsxHosts" if self.sim.paths == "published" else "availableesxhosts"
        return f"/4.1/datastores/{moref}/{segment}"

    def check_id(self, value):
        expected_type = str if self.sim.ids == "str" else int
        assert isinstance(value, expected_type), f"id {value!r} should be {expected_type.__name__}"
        return value

    def start_job(self, path: str, body: dict, job_type: str):
        """POST that starts a job; returns the job id whether or not the dialect answers it."""
        response = self.post(path, json=body)
        if self.sim.job_ids == "on":
            return self.check_id(response["jobId"])
        assert response is None or "jobId" not in response
        # without job ids the newest job of the type is ours (these tests start one job at a time)
        jobs = self.get("/4.1/jobs", params={"type": job_type})
        assert jobs, f"no {job_type} job found"
        return max(jobs, key=lambda job: int(job["id"]))["id"]

    def wait_job(self, job_id, timeout: float = 20):
        deadline = time.time() + timeout
        while True:
            job = self.get(f"/4.1/jobs/{job_id}")
            if job["status"] != "RUNNING" or time.time() > deadline:
                return job
            time.sleep(0.05)

    def run_job(self, path: str, body: dict, job_type: str, expect_status: str = "COMPLETED") -> dict:
        job = self.wait_job(self.start_job(path, body, job_type))
        assert job["status"] == expect_status, job
        return job

    # --- setup shortcuts -------------------------------------------------------------------------
    def register_cluster(self):
        return self.post("/4.1/storage-system", json={
            "name": "cluster1.demo.local", "userName": "admin", "password": "netapp-demo-1", "protocol": "HTTPS",
            "port": 443, "timeout": 60, "preferredIp": "", "platformType": "AFF", "asup": False, "syslog": False})

    def create_policy(self, name="daily", **fields):
        body = {"name": name, "description": "", "frequency": "DAILY", "retention": {"type": "COUNT", "value": 7},
                "snapMirror": False, "snapVault": False, "snapshotLabel": "", "vmConsistency": False,
                "includeIndependentDisks": False, "lockingPeriod": None}
        body.update(fields)
        return self.post("/4.1/policies", json=body)

    def create_group(self, name, entities, policy_id, spanning="EXCLUDE_ALL", schedule=None, **fields):
        body = {"name": name, "description": "", "entities": entities,
                "policies": [{"id": policy_id, "schedule": schedule}],
                "spanningDatastores": {"spanningType": spanning}, "notification": "NEVER"}
        body.update(fields)
        return self.post("/4.1/resource-groups", json=body)

    def backup_now(self, group_id, policy_id, expect_status="COMPLETED") -> dict:
        return self.run_job("/4.1/resource-groups/backupnow",
                            {"resourceGroupId": group_id, "policyId": policy_id}, "backup", expect_status)


class VcenterClient:
    def __init__(self, sim):
        self.sim = sim
        response = requests.post(f"{sim.vcenter_url}/api/session", auth=(sim.username, sim.password),
                                 verify=sim.ca_path, timeout=TIMEOUT)
        assert response.status_code == 201, response.text
        self.session_id = response.json()

    def raw(self, method, path, **kwargs):
        return requests.request(method, f"{self.sim.vcenter_url}{path}",
                                headers={"vmware-api-session-id": self.session_id},
                                verify=self.sim.ca_path, timeout=TIMEOUT, **kwargs)

    def get(self, path, **kwargs):
        response = self.raw("GET", path, **kwargs)
        assert response.status_code == 200, response.text
        return response.json()

    def vm_by_name(self, name) -> dict:
        found = self.get("/api/vcenter/vm", params={"names": name})
        assert len(found) == 1, found
        return found[0]
