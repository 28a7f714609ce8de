# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The simulator's vCenter driven directly (a disaster: power a VM off and delete it), for test set-up."""

import requests


def vcenter_session(sim):
    response = requests.post(sim.vcenter_url + "/api/session", auth=(sim.username, sim.password),
                             verify=sim.ca_path, timeout=30)
    response.raise_for_status()
    return {"vmware-api-session-id": response.json()}


def vcenter_call(sim, method, path, **kwargs):
    response = requests.request(method, sim.vcenter_url + path, headers=vcenter_session(sim), verify=sim.ca_path,
                                timeout=30, **kwargs)
    assert response.status_code < 400, "%s %s: %s %s" % (method, path, response.status_code, response.text)
    return response.json() if response.content else None


def delete_vm(sim, moref):
    details = vcenter_call(sim, "GET", "/api/vcenter/vm/%s" % moref)
    if details.get("power_state") == "POWERED_ON":
        vcenter_call(sim, "POST", "/api/vcenter/vm/%s/power" % moref, params={"action": "stop"})
    vcenter_call(sim, "DELETE", "/api/vcenter/vm/%s" % moref)
