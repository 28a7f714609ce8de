# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""ScvModule: AnsibleModule with the connection options, lazy clients and one error handler."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.snapcenter.vsphere.plugins.module_utils.client import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    ScvClient,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvError
from ansible_collections.snapcenter.vsphere.plugins.module_utils.jobs import DEFAULT_WAIT_TIMEOUT, JobRunner
from ansible_collections.snapcenter.vsphere.plugins.module_utils.vcenter import VcenterClient

# Defaults are applied here, not in the argument spec: AnsibleModule sets a spec default before it
# looks at an environment fallback, so a spec default would hide SCV_PORT and friends.
CONNECTION_DEFAULTS = {
    "port": 8144,
    "validate_certs": True,
    "timeout": 60,
    "retries": 3,
    "vcenter_port": 443,
}


def connection_argument_spec():
    """The options of the snapcenter.vsphere.connection doc fragment."""
    def env(name):
        return (env_fallback, [name])

    return dict(
        hostname=dict(type="str", fallback=env("SCV_HOSTNAME")),
        port=dict(type="int", fallback=env("SCV_PORT")),
        username=dict(type="str", fallback=env("SCV_USERNAME")),
        password=dict(type="str", no_log=True, fallback=env("SCV_PASSWORD")),
        token=dict(type="str", no_log=True, fallback=env("SCV_TOKEN")),
        validate_certs=dict(type="bool", fallback=env("SCV_VALIDATE_CERTS")),
        ca_path=dict(type="path", fallback=env("SCV_CA_PATH")),
        timeout=dict(type="int", fallback=env("SCV_TIMEOUT")),
        retries=dict(type="int", fallback=env("SCV_RETRIES")),
        vcenter_hostname=dict(type="str", fallback=env("SCV_VCENTER_HOSTNAME")),
        vcenter_port=dict(type="int", fallback=env("SCV_VCENTER_PORT")),
        vcenter_username=dict(type="str", fallback=env("SCV_VCENTER_USERNAME")),
        vcenter_password=dict(type="str", no_log=True, fallback=env("SCV_VCENTER_PASSWORD")),
        vcenter_validate_certs=dict(type="bool", fallback=env("SCV_VCENTER_VALIDATE_CERTS")),
        vcenter_ca_path=dict(type="path", fallback=env("SCV_VCENTER_CA_PATH")),
    )


def wait_argument_spec():
    """The options of the snapcenter.vsphere.wait doc fragment."""
    return dict(
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=DEFAULT_WAIT_TIMEOUT),
    )


class ScvModule(AnsibleModule):
    """AnsibleModule plus the connection options, lazily built clients and one error handler."""

    def __init__(self, argument_spec=None, wait=False, **kwargs):
        spec = connection_argument_spec()
        if wait:
            spec.update(wait_argument_spec())
        spec.update(argument_spec or {})
        super(ScvModule, self).__init__(argument_spec=spec, **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
        for option, default in CONNECTION_DEFAULTS.items():
            if self.params.get(option) is None:
                self.params[option] = default
        self._client = None
        self._vcenter = None
        self._jobs = None

    @property
    def client(self):
        if self._client is None:
            params = self.params
            self._client = ScvClient(
                hostname=params["hostname"],
                port=params["port"],
                username=params["username"],
                password=params["password"],
                token=params["token"],
                validate_certs=params["validate_certs"],
                ca_path=params["ca_path"],
                timeout=params["timeout"],
                retries=params["retries"],
                warn=self.warn,
            )
        return self._client

    @property
    def vcenter(self):
        if self._vcenter is None:
            self._vcenter = VcenterClient.from_module(self)
        return self._vcenter

    @property
    def jobs(self):
        if self._jobs is None:
            timeout = self.params.get("wait_timeout")
            self._jobs = JobRunner(self.client, wait_timeout=DEFAULT_WAIT_TIMEOUT if timeout is None else timeout,
                                   check_mode=self.check_mode)
        return self._jobs

    def run(self, task):
        """Run task(self) -> result dict and exit; any ScvError becomes fail_json here, in one place.

        Other exceptions are bugs and are left to fail loudly with their traceback.
        """
        try:
            result = task(self)
        except ScvError as error:
            self.fail_json(**error.to_fail_kwargs())
        self.exit_json(**result)
