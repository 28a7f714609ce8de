# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Resource declarations: what the engine needs to know about each kind of configuration object."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type
