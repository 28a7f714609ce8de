"""--time-scale: the simulated clock runs faster than real time (job durations and reported times)."""
import datetime
import time

from harness import Simulator
from simclient import ScvClient

TIME_FORMAT = "%m/%d/%Y %I:%M:%S %p"


def test_time_scale_makes_long_jobs_short_in_real_time():
    with Simulator(job_seconds=120, extra_args=["--time-scale", "60"]) as fast:
        assert fast.health()["time_scale"] == 60
        scv = ScvClient(fast)
        scv.register_cluster()
        policy = scv.create_policy()
        group = scv.create_group("rg", ["vm-101"], policy["id"])
        began = time.monotonic()
        job = scv.wait_job(scv.start_job("/4.1/resource-groups/backupnow",
                                         {"resourceGroupId": group["id"], "policyId": policy["id"]}, "backup"))
        real = time.monotonic() - began
        assert job["status"] == "COMPLETED"
        assert real < 10   # two simulated minutes at 60x: about two real seconds
        simulated = (datetime.datetime.strptime(job["endTime"], TIME_FORMAT)
                     - datetime.datetime.strptime(job["startTime"], TIME_FORMAT)).total_seconds()
        assert 119 <= simulated <= 121   # the job's own times are simulated times


def test_simulated_clock_runs_ahead_of_real_time():
    with Simulator(extra_args=["--time-scale", "100"]) as fast:
        first = fast.health()["clock_offset"]
        time.sleep(0.5)
        assert fast.health()["clock_offset"] - first >= 40   # 0.5 s real = 50 s simulated


def test_date_header_follows_the_simulated_clock():
    """Every answer's HTTP Date is the simulated clock (one header), as a real appliance sends its own."""
    import email.utils
    import requests
    with Simulator(extra_args=["--time-scale", "100"]) as fast:
        first = requests.get(fast.scv_url + "/4.1/auth/login", verify=fast.ca_path, timeout=10)
        time.sleep(0.5)
        second = requests.get(fast.scv_url + "/4.1/auth/login", verify=fast.ca_path, timeout=10)
        assert len(second.raw.headers.getlist("date")) == 1
        told = [email.utils.parsedate_to_datetime(r.headers["Date"]).timestamp() for r in (first, second)]
        assert told[1] - told[0] >= 40   # 0.5 s real = 50 s simulated
