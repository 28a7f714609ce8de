# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Modules that start an appliance job.
    DOCUMENTATION = r"""
options:
  # BEGIN generated: WAIT -- edit plugins/module_utils/module.py, then run `make generate`
  wait:
    description:
      - Wait until the job the operation started has ended.
      - With V(false) the module returns as soon as the appliance accepted the request, with the job's id; follow
        it with M(snapcenter.vsphere.job_info).
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait for the job. When they run out the task fails, naming the job and its last status; the job
        itself goes on on the appliance.
      - 'Polling follows the job''s age on the appliance''s clock: at once, after 0.2 seconds, then every second until
        the job has run 20 seconds, then every 5 % of its age (at most every 60 seconds). So the end of a job is noticed
        within a second, or within 5 % of its length for jobs over 20 seconds, and a 30-minute job costs about 116
        polls.'
    type: int
    default: 900
  # END generated
"""
