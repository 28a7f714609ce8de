#!/usr/bin/env python
"""Write tests/integration/integration_config.yml: the simulators `ansible-test integration` targets run against.

    integration-config.py OUT NAME=VARS_FILE [NAME=VARS_FILE ...]

Each VARS_FILE is what `tests/setup/sim_ctl.py start --vars-file VARS_FILE` wrote for one running
simulator (scv_hostname, scv_port, scv_vcenter_port, scv_ca_path); NAME names its API dialect (for example
`published` or `lowercase`). The first one is the main simulator: its connection becomes scv_hostname,
scv_port, scv_vcenter_port, scv_ca_path and scv_sim_url (the simulator's test controls, /_sim), with the
demo world's login (scv_username, scv_password). Every one is listed in scv_dialects, the simulators the
operation targets repeat their tests against. ansible-test gives the file to every target as vars_files.
TLS stays verified: each simulator has its own CA, and its path is given.
"""

import json
import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO_ROOT, "tests", "simulator"))

from harness import world_login  # noqa: E402  pylint: disable=wrong-import-position


def main(argv):
    if len(argv) < 2 or any("=" not in spec for spec in argv[1:]):
        sys.exit("usage: integration-config.py OUT NAME=VARS_FILE [NAME=VARS_FILE ...]")
    dialects = []
    hostname = None
    for spec in argv[1:]:
        name, path = spec.split("=", 1)
        with open(path, encoding="utf-8") as handle:
            sim = json.load(handle)
        dialects.append({"name": name, "port": sim["scv_port"], "vcenter_port": sim["scv_vcenter_port"],
                         "ca_path": sim["scv_ca_path"],
                         "sim_url": "https://%s:%s/_sim" % (sim["scv_hostname"], sim["scv_port"])})
        hostname = hostname or sim["scv_hostname"]
    username, password = world_login(None)
    main_sim = dialects[0]
    config = {"scv_hostname": hostname, "scv_port": main_sim["port"], "scv_vcenter_port": main_sim["vcenter_port"],
              "scv_ca_path": main_sim["ca_path"], "scv_sim_url": main_sim["sim_url"],
              "scv_username": username, "scv_password": password, "scv_dialects": dialects}
    with open(argv[0], "w", encoding="utf-8") as handle:
        handle.write("# Written by tests/setup/integration-config.py: the simulators of this run (not committed).\n")
        json.dump(config, handle, indent=2)   # JSON is YAML
        handle.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
