# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The connection options, once, and the one factory that turns them into clients.

Every module (through module.ScvModule), the inventory plugin and anything else that talks to the
appliance takes these options and builds its clients with `scv_client()` / `vcenter_client()`.
The doc fragment `snapcenter.vsphere.connection` (DOCUMENTATION for modules, PLUGINS for plugins) is
generated from CONNECTION_OPTIONS by `make generate`.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.snapcenter.vsphere.plugins.module_utils.client import ScvClient
from ansible_collections.snapcenter.vsphere.plugins.module_utils.options import Option, argument_spec

# The wire tracer (trace.py) and the vCenter client (vcenter.py) are imported where they are first needed:
# most module runs use neither, and every module run compiles what it imports (AnsiballZ ships sources).

CONNECTION_OPTIONS = [
    Option("hostname", "str", env="SCV_HOSTNAME", doc=[
        "Address (FQDN or IP) of the SnapCenter Plug-in for VMware vSphere appliance.",
        "Required.",
    ]),
    Option("port", "int", env="SCV_PORT", default=8144, doc="TCP port of the appliance's REST API."),
    Option("username", "str", env="SCV_USERNAME", doc=[
        "vCenter user the appliance authenticates, for example V(administrator@vsphere.local) or V(DOMAIN\\\\user).",
        "Required unless O(token) is given.",
    ]),
    Option("password", "str", env="SCV_PASSWORD", no_log=True, doc=[
        "Password of O(username).",
        "Keep it out of files in clear text: use Ansible Vault, an AWX/Controller credential or the environment.",
    ]),
    Option("token", "str", env="SCV_TOKEN", no_log=True, doc=[
        "A token from M(snapcenter.vsphere.login), to reuse one login for a whole play.",
        "When the token has expired and O(username)/O(password) are set, a new login is made once.",
    ]),
    Option("validate_certs", "bool", env="SCV_VALIDATE_CERTS", default=True, doc=[
        "Verify the appliance's TLS certificate.",
        "Turn it off only for a throwaway lab; prefer O(ca_path) with the appliance's CA.",
    ]),
    Option("ca_path", "path", env="SCV_CA_PATH", doc=[
        "PEM file with the CA certificate(s) that signed the appliance's certificate.",
        "When not set, the CA bundle of the Python C(requests) library is used (certifi's, or the file named by "
        "E(REQUESTS_CA_BUNDLE) when it is set), not the operating system's trust store.",
    ]),
    Option("timeout", "int", env="SCV_TIMEOUT", default=60, doc="Seconds to wait for each HTTP answer."),
    Option("retries", "int", env="SCV_RETRIES", default=3, doc=[
        "How many times a safe call (a read, or a write that cannot do its work twice) is retried after "
        "a connection error or HTTP 429, 502, 503 or 504, with exponential backoff and jitter "
        "(honouring C(Retry-After)). Calls that start a job are never retried blindly.",
    ]),
    Option("vcenter_hostname", "str", env="SCV_VCENTER_HOSTNAME", doc=[
        "vCenter address, used to turn VM, datastore and ESXi host names into morefs.",
        "When not set, O(hostname) is used.",
        "Not contacted when every object is given by moref.",
    ]),
    Option("vcenter_port", "int", env="SCV_VCENTER_PORT", default=443, doc="vCenter HTTPS port."),
    Option("vcenter_username", "str", env="SCV_VCENTER_USERNAME", doc=[
        "vCenter user for name lookups.",
        "When not set, O(username) is used.",
    ]),
    Option("vcenter_password", "str", env="SCV_VCENTER_PASSWORD", no_log=True, doc=[
        "Password of O(vcenter_username).",
        "When not set, O(password) is used.",
    ]),
    Option("vcenter_validate_certs", "bool", env="SCV_VCENTER_VALIDATE_CERTS", doc=[
        "Verify vCenter's TLS certificate.",
        "When not set, O(validate_certs) is used.",
    ]),
    Option("vcenter_ca_path", "path", env="SCV_VCENTER_CA_PATH", doc=[
        "PEM file with the CA certificate(s) of vCenter.",
        "When not set, O(ca_path) is used.",
    ]),
    Option("appliance_version", "str", env="SCV_APPLIANCE_VERSION", doc=[
        "The appliance's SCV version (for example V(6.1.0)), when known; M(snapcenter.vsphere.api_info) "
        "returns it.",
        "With it, a call or field the version does not have (storage rename 5.0, snapshot locking 5.0, audit "
        "logs 4.8, jobs, reports and schedules 4.4) fails before anything is sent, naming the version it needs.",
        "Without it nothing is checked in advance; an older appliance's HTTP 404 then says which version "
        "the call needs.",
    ]),
    Option("trace_file", "path", env="SCV_TRACE_FILE", doc=[
        "Append every exchange with SCV and vCenter to this file as JSON lines (method, path, query, status, "
        "duration, request and response bodies, the dialect fallbacks taken), for a bug report or a "
        "replayable test.",
        "Passwords, tokens, session ids, C(Authorization)/C(Token) headers and ONTAP credentials are redacted "
        "before anything is written; the file is created with mode C(0600). Many tasks may write to one file.",
        "Off when not set.",
    ]),
]

_DEFAULTS = dict((option.name, option.default) for option in CONNECTION_OPTIONS if option.default is not None)


def connection_argument_spec():
    """The argument spec of the connection options (defaults and environment fallbacks included)."""
    return argument_spec(CONNECTION_OPTIONS)


def _getter(options):
    """get(name) over a mapping or a callable, with the table's defaults for unset options (callers that
    do not validate through an argument spec, such as plugins built by hand, get them too)."""
    read = options if callable(options) else options.get

    def get(name):
        value = read(name)
        return _DEFAULTS.get(name) if value is None else value

    return get


_SECRET_OPTIONS = ("password", "token", "vcenter_password")


def option_values(args, names=None, environ=None):
    """Connection option values for a caller that has no argument spec (the event source): each from
    `args`, else from its environment variable (SCV_HOSTNAME, ...), converted to its type.  `names`: only
    these options.  Raises ValueError naming the option for a value of the wrong type."""
    environ = os.environ if environ is None else environ
    values = {}
    for option in CONNECTION_OPTIONS:
        if names is not None and option.name not in names:
            continue
        value = args.get(option.name)
        if value is None and option.env:
            value = environ.get(option.env) or None
        if value is None:
            continue
        try:
            if option.type == "int":
                value = int(value)
            elif option.type == "bool":
                value = boolean(value, strict=True)
            elif option.type == "path":
                value = os.path.expanduser(os.path.expandvars(str(value)))
            else:
                value = str(value)
        except (TypeError, ValueError):
            raise ValueError("%s: %r is not a valid %s" % (option.name, value, option.type))
        values[option.name] = value
    return values


def secret_values(options):
    """The values of the secret connection options that are set (what nothing may ever print)."""
    get = _getter(options)
    return [get(name) for name in _SECRET_OPTIONS if get(name)]


def tracer(options, secrets=()):
    """The wire tracer when `trace_file` is set (else None), knowing every secret it must never write:
    the secret connection options and `secrets` (a module's no_log values)."""
    get = _getter(options)
    if not get("trace_file"):
        return None
    from ansible_collections.snapcenter.vsphere.plugins.module_utils.trace import Tracer
    return Tracer.for_file(get("trace_file"), list(secrets) + [get(name) for name in _SECRET_OPTIONS])


def scv_client(options, warn=None, secrets=()):
    """The ScvClient for connection option values (a mapping such as module.params, or get(name))."""
    get = _getter(options)
    return ScvClient(
        hostname=get("hostname"),
        port=get("port"),
        username=get("username"),
        password=get("password"),
        token=get("token"),
        validate_certs=get("validate_certs"),
        ca_path=get("ca_path"),
        timeout=get("timeout"),
        retries=get("retries"),
        warn=warn,
        tracer=tracer(options, secrets),
        appliance_version=get("appliance_version"),
    )


def vcenter_client(options, warn=None, secrets=()):
    """The VcenterClient for the same option values; unset vcenter_* options fall back to the SCV ones
    (SCV logs in with vCenter credentials, so one user usually serves both)."""
    from ansible_collections.snapcenter.vsphere.plugins.module_utils.vcenter import VcenterClient
    get = _getter(options)

    def either(vcenter_option, scv_option):
        # An empty answer (an AWX survey left blank) counts as not set.
        value = get(vcenter_option)
        return get(scv_option) if value in (None, "") else value

    return VcenterClient(
        hostname=either("vcenter_hostname", "hostname"),
        port=get("vcenter_port"),
        username=either("vcenter_username", "username"),
        password=either("vcenter_password", "password"),
        validate_certs=either("vcenter_validate_certs", "validate_certs"),
        ca_path=either("vcenter_ca_path", "ca_path"),
        timeout=get("timeout"),
        retries=get("retries"),
        warn=warn,
        tracer=tracer(options, secrets),
    )
