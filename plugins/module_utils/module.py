# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Module glue: ScvModule (AnsibleModule with the connection options, lazy clients and one error
handler) and the runners every module's main() is made of.

INTERNAL to snapcenter.vsphere: not a public API, it may change in any release.

    run_resource_module(DECLARATION)         storage_system, policy, resource_group, schedule
    run_info_module(DECLARATION)             storage_system_info, policy_info, resource_group_info, schedule_info
    run_operation(flow, options, ...)        every other module
    run_local(flow, options)                 support_bundle (no appliance)
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import plain
from ansible_collections.snapcenter.vsphere.plugins.module_utils.client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR
from ansible_collections.snapcenter.vsphere.plugins.module_utils.connection import (
    connection_argument_spec,
    scv_client,
    vcenter_client,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvError
from ansible_collections.snapcenter.vsphere.plugins.module_utils.jobs import DEFAULT_WAIT_TIMEOUT, JobRunner
from ansible_collections.snapcenter.vsphere.plugins.module_utils.options import Option, argument_spec as spec_of

# The options of the snapcenter.vsphere.wait doc fragment (generated from this list).
WAIT_OPTIONS = [
    Option("wait", "bool", default=True, doc=[
        "Wait until the job the operation started has ended.",
        "With V(false) the module returns as soon as the appliance accepted the request, with the job's id; "
        "follow it with M(snapcenter.vsphere.job_info).",
    ]),
    Option("wait_timeout", "int", default=DEFAULT_WAIT_TIMEOUT, doc=[
        "Seconds to wait for the job. When they run out the task fails, naming the job and its last status; "
        "the job itself goes on on the appliance.",
        "Polling follows the job's age on the appliance's clock: at once, after 0.2 seconds, then every second "
        "until the job has run 20 seconds, then every 5 % of its age (at most every 60 seconds). So the end of a "
        "job is noticed within a second, or within 5 % of its length for jobs over 20 seconds, and a 30-minute "
        "job costs about 116 polls.",
    ]),
]


class ScvModule(AnsibleModule):
    """AnsibleModule plus the connection options, lazily built clients and one error handler."""

    def __init__(self, argument_spec=None, wait=False, **kwargs):
        spec = connection_argument_spec()
        if wait:
            spec.update(spec_of(WAIT_OPTIONS))
        spec.update(argument_spec or {})
        super(ScvModule, self).__init__(argument_spec=spec, **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
        self._client = None
        self._vcenter = None
        self._jobs = None

    @property
    def client(self):
        if self._client is None:
            self._client = scv_client(self.params, warn=self.warn, secrets=self.no_log_values)
        return self._client

    @property
    def vcenter(self):
        if self._vcenter is None:
            self._vcenter = vcenter_client(self.params, warn=self.warn, secrets=self.no_log_values)
        return self._vcenter

    @property
    def jobs(self):
        if self._jobs is None:
            timeout = self.params.get("wait_timeout")
            self._jobs = JobRunner(self.client, wait_timeout=DEFAULT_WAIT_TIMEOUT if timeout is None else timeout,
                                   check_mode=self.check_mode)
        return self._jobs

    def run_job(self, endpoint, path_params=None, body=None, match=None):
        """Start an asynchronous operation through the JobRunner (no-job-id dialect, lost answers) and wait
        when the module's `wait` says so.  A failed job raises with the job's own messages and id."""
        return self.jobs.run(endpoint, path_params=path_params, body=body, match=match,
                             wait=self.params.get("wait", True))

    def run(self, task):
        run_task(self, task)


def run_task(module, task):
    """Run task(module) -> result dict and exit; any ScvError becomes fail_json here, in one place.

    Other exceptions are bugs and are left to fail loudly with their traceback.
    """
    try:
        result = task(module)
    except ScvError as error:
        module.fail_json(**plain(error.to_fail_kwargs()))
    module.exit_json(**plain(result))


def run_operation(flow, options=None, wait=False, **module_kwargs):
    """main() of an operation module: its options (argument spec dict), then flow(module) -> result."""
    module = ScvModule(argument_spec=options or {}, wait=wait, supports_check_mode=True, **module_kwargs)
    module.run(flow)


def run_resource_module(declaration):
    """main() of a per-resource module: the declaration's options, reconciled by the engine."""
    # Imported here: operation modules never compile the engine (AnsiballZ ships sources).
    from ansible_collections.snapcenter.vsphere.plugins.module_utils.engine import reconcile
    module = ScvModule(argument_spec=declaration.argument_spec,
                       mutually_exclusive=[list(rule) for rule in declaration.mutually_exclusive] or None,
                       supports_check_mode=True)
    module.run(lambda m: reconcile(m, declaration))


def run_info_module(declaration):
    """main() of an info module: option `name` filters, everything else is listed."""
    from ansible_collections.snapcenter.vsphere.plugins.module_utils.engine import describe
    module = ScvModule(argument_spec=dict(name=dict(type="str")), supports_check_mode=True)
    module.run(lambda m: describe(m, declaration))


def run_local(flow, options, **module_kwargs):
    """main() of a module that works on the controller's files only (no appliance, no connection options)."""
    run_task(AnsibleModule(argument_spec=options, supports_check_mode=True, **module_kwargs), flow)
