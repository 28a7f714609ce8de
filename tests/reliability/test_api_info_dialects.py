# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""api_info against the simulator's own API description in each dialect and in an old and a new version:
what it reports is what that appliance really serves (the simulator and the collection share no code)."""

import pytest

from reliability_helpers import Simulator, run_playbook


# What SCV 4.7 does not have yet: storage rename (5.0+) and the audit logs (4.8+).
NOT_IN_4_7 = {"storage_systems.rename", "audit.logs", "audit.log", "audit.verify", "audit.config",
              "audit.config_update"}


@pytest.mark.parametrize("settings, verdict, version, fallbacks, not_in_version", [
    ({"paths": "published"}, "compatible", "6.1.0", set(), set()),
    ({"paths": "lowercase"}, "compatible_with_fallbacks", "6.1.0",
     {"datastores.snapshot_locations", "datastores.available_esx_hosts"}, set()),
    ({"paths": "published", "extra_args": ["--version", "4.7"]}, "compatible", "4.7", set(),
     NOT_IN_4_7),
    ({"paths": "lowercase", "extra_args": ["--version", "4.7"]}, "compatible_with_fallbacks", "4.7",
     {"datastores.snapshot_locations", "datastores.available_esx_hosts"}, NOT_IN_4_7),
], ids=["published-6.1", "lowercase-6.1", "published-4.7", "lowercase-4.7"])
def test_verdict_on_the_simulators_own_description(settings, verdict, version, fallbacks, not_in_version):
    with Simulator(job_seconds=0, **settings) as sim:
        result = run_playbook(sim, [{"snapcenter.vsphere.api_info": {}}]).results["localhost"][0]
    assert not result.get("failed"), result.get("msg")
    assert result["verdict"] == verdict, result["reasons"]
    assert result["version"] == version and result["version_source"] == "document"
    assert result["document"]["format"].startswith("swagger 2" if version == "4.7" else "openapi 3")
    statuses = dict((e["name"], e["status"]) for e in result["endpoints"])
    assert set(name for name, status in statuses.items() if status == "fallback") == fallbacks
    assert set(name for name, status in statuses.items() if status == "not_in_version") == not_in_version
    assert result["features"]["storage_rename"]["supported"] is (version != "4.7")
    assert result["features"]["snapshot_locking"]["supported"] is (version != "4.7")
    unknown = [(f["endpoint"], f["field"]) for f in result["request_fields"]
               if f["known"] is False and not f["expected_missing"]]
    assert unknown == []
