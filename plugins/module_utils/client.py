# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one REST client for the SCV appliance.

Session and connection reuse, login and token reuse, one re-login on 401, retries with exponential
backoff and jitter for safe calls only, envelope unwrapping, published/fallback paths, and errors as
one exception hierarchy (errors.py).  It knows nothing of resources.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email.utils
import json
import random
import re
import time

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - depends on the managed node
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

from ansible_collections.snapcenter.vsphere.plugins.module_utils import api
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import (
    ScvApiError,
    ScvAuthError,
    ScvConflictError,
    ScvConnectionError,
    ScvError,
    ScvInputError,
    ScvNotFoundError,
    ScvResponseError,
    ScvVersionError,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils.version import COLLECTION_VERSION

USER_AGENT = "snapcenter.vsphere-ansible/%s" % COLLECTION_VERSION

# HTTP statuses worth another try for a safe call: the appliance or a proxy is busy or restarting.
RETRY_STATUSES = (429, 502, 503, 504)
BACKOFF_BASE_SECONDS = 0.5
BACKOFF_MAX_SECONDS = 8.0
# Never sleep longer than this for a Retry-After, whatever the appliance asks.
RETRY_AFTER_MAX_SECONDS = 60.0

_STATUS_ERRORS = {401: ScvAuthError, 404: ScvNotFoundError, 409: ScvConflictError}


class Endpoint:
    """Which options say how to reach a service, for the messages of a connection that failed."""

    def __init__(self, what, hostname, port, ca_path, usual_port, defaults=""):
        self.what = what                # "the SCV appliance"
        self.hostname = hostname        # option names
        self.port = port
        self.ca_path = ca_path
        self.usual_port = usual_port
        self.defaults = defaults        # what the options default to, said in the fix


SCV_ENDPOINT = Endpoint("the SCV appliance", "hostname", "port", "ca_path", 8144)
VCENTER_ENDPOINT = Endpoint("vCenter", "vcenter_hostname", "vcenter_port", "vcenter_ca_path", 443,
                            " (vcenter_hostname defaults to hostname, the SCV appliance; vcenter_ca_path to ca_path)")

# How the Python libraries word the usual reasons a connection fails before any answer.
_REFUSED_MARKERS = ("Connection refused", "Errno 111", "WinError 10061", "actively refused")
_UNRESOLVED_MARKERS = ("NameResolutionError", "Name or service not known", "nodename nor servname",
                       "getaddrinfo failed", "Temporary failure in name resolution", "No address associated")


def _errno_text(text):
    """The innermost reason (``[Errno 111] Connection refused``) of a requests exception's text."""
    found = re.findall(r"\[Errno -?\d+\] [^'\"()]+", text)
    return found[-1].strip() if found else _short(text)


def backoff_delay(attempt, retry_after=None):
    """Seconds to wait before retry number `attempt` (1-based): Retry-After when given, else
    exponential backoff with full jitter."""
    if retry_after is not None:
        return min(retry_after, RETRY_AFTER_MAX_SECONDS)
    ceiling = min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * (2 ** (attempt - 1)))
    return random.uniform(ceiling / 2.0, ceiling)


def parse_retry_after(value):
    """Retry-After in seconds (only the delta-seconds form; an HTTP date is treated as absent)."""
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        return None


def tls_verify_value(validate_certs, ca_path):
    """What to pass as `verify=` on every request.

    Passed per request (not on the Session) because REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE would
    otherwise silently replace a ca_path set on the Session.
    """
    if not validate_certs:
        return False
    return ca_path or True


class HttpTransport:
    """One requests.Session with per-request TLS settings and retries for safe calls.

    Shared by the SCV client and the vCenter lookups, so both get the same retry and TLS rules.
    """

    def __init__(self, base_url, validate_certs=True, ca_path=None, timeout=60, retries=3, warn=None, tracer=None,
                 service="scv", endpoint=SCV_ENDPOINT):
        if not HAS_REQUESTS:
            raise ScvError("the Python library 'requests' is required: %s" % REQUESTS_IMPORT_ERROR)
        self.base_url = base_url.rstrip("/")
        self.verify = tls_verify_value(validate_certs, ca_path)
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.warn = warn or (lambda message: None)
        # trace.Tracer when the user asked for a wire trace (trace_file), else None: no cost at all.
        self.tracer = tracer
        self.service = service
        self.endpoint = endpoint
        self.session = requests.Session()
        self.session.headers.update({
            "Accept": "application/json",
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
        })

    def send(self, method, path, safe, headers=None, body=None, query=None, auth=None):
        """Send one request, retrying only when `safe`.  Returns the requests.Response.

        Raises ScvConnectionError when the connection fails (after retries for safe calls).
        """
        url = self.base_url + path
        data = None if body is None else json.dumps(body)
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._request(method, url, path, query, attempt, headers=headers, data=data, auth=auth)
            except requests.exceptions.SSLError as exc:
                if is_certificate_error(exc):
                    # A certificate problem does not heal by retrying.
                    raise self._certificate_error(method, path, exc)
                # Anything else at the TLS layer (the peer closed the connection mid-handshake while
                # restarting, a reset from a proxy) is a broken connection like any other.
                if safe and attempt <= self.retries:
                    delay = backoff_delay(attempt)
                    self._note_retry(method, path, "connection error (%s)" % _short(exc), attempt, delay)
                    continue
                raise ScvConnectionError(method, path, _short(exc))
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
                if safe and attempt <= self.retries:
                    delay = backoff_delay(attempt)
                    self._note_retry(method, path, "connection error (%s)" % _short(exc), attempt, delay)
                    continue
                raise self._connection_error(method, path, exc)
            except IOError as exc:
                # requests checks the CA file before it connects: a missing one is the user's to fix.
                if "CA certificate bundle" not in str(exc):
                    raise
                raise ScvInputError(self.endpoint.ca_path, "'%s' does not exist where the task runs (the control "
                                                           "node, for tasks on localhost): save the PEM file of the "
                                                           "CA that issued %s's certificate there, or correct the "
                                                           "path%s" % (self.verify, self.endpoint.what,
                                                                       self.endpoint.defaults))
            if safe and response.status_code in RETRY_STATUSES and attempt <= self.retries:
                delay = backoff_delay(attempt, parse_retry_after(response.headers.get("Retry-After")))
                self._note_retry(method, path, "HTTP %s" % response.status_code, attempt, delay)
                continue
            return response

    def _address(self):
        parsed = requests.utils.urlparse(self.base_url)
        return "%s:%s" % (parsed.hostname, parsed.port)

    def _certificate_error(self, method, path, exc):
        endpoint = self.endpoint
        found = re.search(r"\[SSL[^\]]*\][^'\"()]*", str(exc))
        error = ScvConnectionError(method, path, "TLS certificate verification failed: %s" % (
            found.group(0).strip() if found else _short(exc)))
        if any(marker in str(exc) for marker in ("doesn't match", "hostname mismatch", "not valid for")):
            return error.about(endpoint.hostname, "the certificate of %s is not issued for %s: connect with a name "
                                                  "it is issued for" % (endpoint.what, self._address()))
        return error.about(endpoint.ca_path, "point %s at the PEM file of the CA that issued the certificate of %s "
                                             "(do not turn validate_certs off outside a lab)%s" % (
                                                 endpoint.ca_path, endpoint.what, endpoint.defaults))

    def _connection_error(self, method, path, exc):
        """The connection failed before any answer: say which option to check, and how."""
        endpoint, text = self.endpoint, str(exc)
        where = self._address()
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return ScvConnectionError(method, path, "no connection to %s within %ss" % (where, self.timeout)).about(
                "%s/%s" % (endpoint.hostname, endpoint.port),
                "check that %s is %s (its REST API is on port %s unless changed there) and that no firewall "
                "drops the connection%s" % (where, endpoint.what, endpoint.usual_port, endpoint.defaults))
        if isinstance(exc, requests.exceptions.ReadTimeout):
            return ScvConnectionError(method, path, "%s did not answer within timeout=%ss" % (where, self.timeout)).about(
                "timeout", "raise timeout (SCV_TIMEOUT) if %s is slow to answer" % endpoint.what)
        if any(marker in text for marker in _UNRESOLVED_MARKERS):
            return ScvConnectionError(method, path, "the name %s does not resolve (%s)" % (
                requests.utils.urlparse(self.base_url).hostname, _errno_text(text))).about(
                endpoint.hostname, "give the DNS name or address of %s%s" % (endpoint.what, endpoint.defaults))
        if any(marker in text for marker in _REFUSED_MARKERS):
            return ScvConnectionError(method, path, "nothing accepts connections at %s (%s)" % (
                where, _errno_text(text))).about(
                "%s/%s" % (endpoint.hostname, endpoint.port),
                "check that %s is %s and that it runs: its REST API is on port %s unless changed there%s" % (
                    where, endpoint.what, endpoint.usual_port, endpoint.defaults))
        return ScvConnectionError(method, path, _short(exc))

    def _request(self, method, url, path, query, attempt, **kwargs):
        """One attempt, recorded in the wire trace when there is one."""
        if self.tracer is None:
            return self.session.request(method, url, params=query, verify=self.verify, timeout=self.timeout, **kwargs)
        started = time.monotonic()
        try:
            response = self.session.request(method, url, params=query, verify=self.verify, timeout=self.timeout,
                                            **kwargs)
        except requests.exceptions.RequestException as exc:
            prepared = getattr(exc, "request", None)
            self.tracer.exchange(self.service, method, url, path, query, attempt, started, request=prepared, error=exc)
            raise
        self.tracer.exchange(self.service, method, url, path, query, attempt, started, request=response.request,
                             response=response)
        return response

    def event(self, event, **details):
        """A dialect decision, for the wire trace (nothing without one)."""
        if self.tracer is not None:
            self.tracer.event(self.service, event, **details)

    def _note_retry(self, method, path, reason, attempt, delay):
        self.warn("%s %s: %s; retry %d of %d in %.1fs" % (method, path, reason, attempt, self.retries, delay))
        time.sleep(delay)


# How OpenSSL and urllib3 word a certificate that was checked and refused (as opposed to a TLS
# connection that broke before any certificate was checked).
_CERTIFICATE_ERROR_MARKERS = ("CERTIFICATE_VERIFY_FAILED", "certificate verify failed", "SSLCertVerificationError",
                              "doesn't match", "hostname mismatch", "not valid for")


def is_certificate_error(exc):
    """True when an SSLError means the certificate was refused, not that the connection broke."""
    text = str(exc)
    return any(marker in text for marker in _CERTIFICATE_ERROR_MARKERS)


def decode_json(response):
    """The JSON document of a response; ValueError for anything that is not one.

    A body nested deeper than the interpreter's recursion limit (a broken or hostile proxy) makes the
    json module raise RecursionError, which is not a ValueError: turn it into one, so callers have one
    exception to handle.
    """
    try:
        return response.json()
    except RecursionError:
        raise ValueError("the JSON document is nested too deeply")


def _short(exc):
    """A one-line reason for a requests exception, without the URL's query string noise."""
    text = str(exc)
    return text if len(text) <= 300 else text[:297] + "..."


class ScvClient:
    """Talks to one SCV appliance.  See api.py for the endpoint names."""

    def __init__(self, hostname, port=8144, username=None, password=None, token=None, validate_certs=True,
                 ca_path=None, timeout=60, retries=3, warn=None, tracer=None, appliance_version=None):
        if not hostname:
            raise ScvError("hostname: the SCV appliance's address is required (option hostname or SCV_HOSTNAME)")
        if not token and not (username and password):
            raise ScvError("username/password: SCV credentials are required when no token is given "
                           "(options username and password, or SCV_USERNAME and SCV_PASSWORD, or token)")
        self.hostname = hostname
        self.port = port
        self.username = username
        self.password = password
        self._token = token
        self.transport = HttpTransport(
            "https://%s:%s%s" % (host_for_url(hostname), port, api.BASE_PATH),
            validate_certs=validate_certs, ca_path=ca_path, timeout=timeout, retries=retries, warn=warn,
            tracer=tracer, service="scv")
        # For endpoints with fallback paths: the index of the form that worked in this run.
        self._path_choice = {}
        # The SCV version, when the user knows it (api_info tells it): features it lacks fail early.
        self.appliance_version = appliance_version or None
        # The appliance's clock as its last answer told it (HTTP Date header, epoch seconds), or None:
        # job waiting measures a job's age on it.
        self.server_time = None

    def require(self, what, since, option=None):
        """Fail before sending anything when the appliance is known to be older than `since`."""
        if since and self.appliance_version and version_tuple(self.appliance_version) < version_tuple(since):
            raise ScvVersionError(what, since, self.appliance_version, option)

    def describe_api(self):
        """The appliance's own API description: (path, document) from the first of springdoc's and
        springfox's usual locations that answers with one, else (None, None)."""
        for path in api.API_DESCRIPTION_PATHS:
            response = self.transport.send("GET", path, safe=True, headers={api.TOKEN_HEADER: self.token})
            if response.status_code != 200:
                continue
            try:
                document = decode_json(response)
            except ValueError:
                continue
            if isinstance(document, dict) and ("openapi" in document or "swagger" in document):
                return path, document
        return None, None

    @property
    def token(self):
        if not self._token:
            self.login()
        return self._token

    def login(self):
        """Log in with the vCenter credentials and keep the token.  Returns the token."""
        if not (self.username and self.password):
            raise ScvError("username/password: the token was refused and no credentials are set to log in again")
        endpoint = api.ENDPOINTS["auth.login"]
        path = endpoint.paths[0]
        # Login does no work on the appliance, so it is safe to retry.
        response = self.transport.send(endpoint.method, path, safe=True,
                                       body=dict(zip(api.LOGIN_FIELDS, (self.username, self.password))))
        if response.status_code == 401:
            raise ScvAuthError(endpoint.method, path, 401,
                               reason="authentication failed for %s as %s" % (self.hostname, self.username),
                               api_messages=["authentication failed for %s as %s" % (self.hostname, self.username)]
                               ).about("username/password", "SCV logs in with vCenter credentials (a vCenter user "
                                                            "such as administrator@vsphere.local): check username "
                                                            "and password (SCV_USERNAME, SCV_PASSWORD)")
        try:
            envelope = self._envelope(endpoint.method, path, response)
            if response.status_code == 404:
                raise self._http_error(endpoint.method, path, response)
        except (ScvResponseError, ScvNotFoundError) as error:
            # Something answers there, but not SCV's REST API: the usual cause is the wrong port.
            if response.status_code == 404:
                error.msg = "%s %s returned HTTP 404 and no SCV answer" % (endpoint.method, path)
            raise error.about("hostname/port", "https://%s:%s%s is not the SCV appliance's REST API: check "
                                               "hostname and port (SCV's REST API is on port 8144 unless changed "
                                               "there; 443 is vCenter's)" % (
                                                   host_for_url(self.hostname), self.port, api.BASE_PATH))
        payload = envelope.get(api.ENVELOPE_PAYLOAD)
        token = payload.get(api.LOGIN_TOKEN_FIELD) if isinstance(payload, dict) else None
        if not isinstance(token, str) or not token:
            raise ScvResponseError(endpoint.method, path, response.status_code, "the login answer carries no token")
        self._token = token
        if self.transport.tracer is not None:
            self.transport.tracer.add_secrets([token])
        return token

    def call(self, name, path_params=None, body=None, query=None, read=None):
        """Call endpoint `name`; return the envelope's payload (for list endpoints: the list).

        The payload's shape is checked against the endpoint's declaration, and `read` (a vocabulary
        reader, given the payload) turns it into Records; so a malformed answer is an ScvResponseError
        naming the call and the field rather than a crash in the module that reads it.
        """
        endpoint = api.ENDPOINTS[name]
        self.require("%s %s" % (endpoint.method, endpoint.paths[0]), endpoint.since)
        envelope = self.call_envelope(name, path_params=path_params, body=body, query=query)
        payload = envelope.get(api.ENVELOPE_PAYLOAD)
        path = self._path(name, self._path_choice.get(name, 0), path_params)

        def malformed(reason):
            return ScvResponseError(endpoint.method, path, 200, reason)

        if endpoint.list_key:
            value = _checked_items(_listed(payload, endpoint.list_key, malformed), endpoint,
                                   "'%s'" % endpoint.list_key, malformed)
        elif endpoint.bare_list:
            value = _checked_items(_bare_list(payload), endpoint, "the answer", malformed)
        elif payload is not None and not isinstance(payload, dict):
            raise malformed("expected an object, got %s" % type(payload).__name__)
        else:
            value = payload
        if read is None:
            return value

        def notice(text):
            self.transport.warn("%s %s: %s; if the appliance is right, please send a wire trace (trace_file) "
                                "with your report" % (endpoint.method, path, text))

        try:
            return read(value, notice)
        except ValueError as exc:
            raise malformed(str(exc))

    def call_envelope(self, name, path_params=None, body=None, query=None):
        """Call endpoint `name`; return the whole envelope (dict)."""
        method, path, response = self._request(name, path_params, body, query)
        return self._envelope(method, path, response)

    def call_text(self, name, path_params=None, query=None):
        """Call endpoint `name` whose answer is text (job logs)."""
        dummy_method, dummy_path, response = self._request(name, path_params, None, query)
        return response.text

    def _path(self, name, index, path_params):
        template = api.ENDPOINTS[name].paths[index]
        params = dict((k, _quote(v)) for k, v in (path_params or {}).items())
        return template.format(**params)

    def _request(self, name, path_params, body, query):
        """Send, with one re-login on 401 and the fallback paths on 404.  Raises on HTTP errors."""
        endpoint = api.ENDPOINTS[name]
        if name in self._path_choice:
            choices = [self._path_choice[name]]
        else:
            choices = list(range(len(endpoint.paths)))
        first_error = None
        for index in choices:
            path = self._path(name, index, path_params)
            response = self._send_with_relogin(endpoint, path, body, query)
            if response.status_code < 400:
                if index and name not in self._path_choice:
                    self.transport.event("path_chosen", endpoint=name, path=path)
                self._path_choice[name] = index
                return endpoint.method, path, response
            error = self._http_error(endpoint.method, path, response)
            if response.status_code == 401 and not (self.username and self.password):
                raise error.about("token", "the appliance refused the token (expired, or issued before the "
                                           "appliance restarted or by another one): log in again with "
                                           "snapcenter.vsphere.login, or give username and password too, so the "
                                           "module logs in by itself")
            if response.status_code != 404:
                raise error
            # 404: this form may not be served by this appliance; try the next form, but report the
            # published form's answer if none of them knows the object.
            if index + 1 < len(endpoint.paths) and len(choices) > 1:
                self.transport.event("path_fallback", endpoint=name, path=path, status=404)
            first_error = first_error or error
        if endpoint.since:
            if "{" in endpoint.paths[0]:
                # 404 names an unknown object first; an appliance without the call answers it too.
                hint = "an unknown %s, or an appliance older than SCV %s, which lacks this call" % (
                    " or ".join(sorted(path_params or {})) or "object", endpoint.since)
            else:
                hint = "this call needs SCV %s or later: an older appliance answers 404" % endpoint.since
            raise first_error.with_hint(hint)
        raise first_error

    def _send_with_relogin(self, endpoint, path, body, query):
        response = self.transport.send(endpoint.method, path, endpoint.safe,
                                       headers={api.TOKEN_HEADER: self.token}, body=body, query=query)
        if response.status_code == 401 and self.username and self.password:
            # The token expired or the appliance restarted: log in once more and repeat once.
            self._token = None
            response = self.transport.send(endpoint.method, path, endpoint.safe,
                                           headers={api.TOKEN_HEADER: self.token}, body=body, query=query)
        self.server_time = http_date_epoch(response.headers.get("Date"))
        return response

    def _http_error(self, method, path, response):
        messages = []
        reason = response.reason
        try:
            document = decode_json(response)
        except ValueError:
            document = None
        if isinstance(document, dict):
            raw = document.get(api.ENVELOPE_MESSAGES)
            if isinstance(raw, list):
                messages = [str(m) for m in raw if m is not None]
            elif raw:
                messages = [str(raw)]
        elif response.text:
            reason = "%s: %s" % (response.reason, _excerpt(response.text))
        error_class = _STATUS_ERRORS.get(response.status_code, ScvApiError)
        return error_class(method, path, response.status_code, api_messages=messages, reason=reason)

    def _envelope(self, method, path, response):
        if not response.content:
            raise ScvResponseError(method, path, response.status_code, "empty body")
        try:
            document = decode_json(response)
        except ValueError:
            raise ScvResponseError(method, path, response.status_code,
                                   "not JSON (%s): %s" % (response.headers.get("Content-Type", "no content type"),
                                                          _excerpt(response.text)))
        if not isinstance(document, dict):
            raise ScvResponseError(method, path, response.status_code,
                                   "expected a JSON object envelope, got %s" % type(document).__name__)
        if api.ENVELOPE_PAYLOAD not in document and api.ENVELOPE_STATUS not in document:
            raise ScvResponseError(method, path, response.status_code,
                                   "the envelope has neither '%s' nor '%s'" % (api.ENVELOPE_PAYLOAD,
                                                                               api.ENVELOPE_STATUS))
        return document


_ITEM_TYPES = {"object": (dict, "objects"), "string": (str, "strings")}


def _listed(payload, list_key, malformed):
    """The list a list endpoint answered: under its key (in any case), or the payload itself when the
    appliance sends a bare list; None for an empty answer."""
    if payload is None or isinstance(payload, list):
        return payload
    if not isinstance(payload, dict):
        raise malformed("expected an object holding '%s', got %s" % (list_key, type(payload).__name__))
    if list_key in payload:
        return payload[list_key]
    folded = list_key.lower()
    spelled = [key for key in payload if isinstance(key, str) and key.lower() == folded]
    if spelled:
        return payload[spelled[0]]
    lists = [value for value in payload.values() if isinstance(value, list)]
    if not payload or (not lists and all(value is None for value in payload.values())):
        return None
    raise malformed("the answer holds no '%s' (it has: %s)" % (list_key, ", ".join(sorted(map(str, payload)))))


def _bare_list(payload):
    """A bare-list endpoint's list; an object holding exactly one list is read as that list."""
    if isinstance(payload, dict):
        lists = [value for value in payload.values() if isinstance(value, list)]
        if len(lists) == 1:
            return lists[0]
    return payload


def _checked_items(items, endpoint, what, malformed):
    """The list of a list endpoint ([] when absent), every item of the declared type."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise malformed("%s is not a list" % what)
    python_type, plural = _ITEM_TYPES[endpoint.item_type]
    for index, item in enumerate(items):
        if not isinstance(item, python_type):
            raise malformed("item %d of %s is %s; expected %s" % (index, what, type(item).__name__, plural))
    return items


def _excerpt(text, limit=200):
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _quote(value):
    return requests.utils.quote(str(value), safe="")


def version_tuple(version):
    """A version's numbers, for comparing: 5.0 -> (5, 0), 6.1.0 -> (6, 1, 0), 4.9P1 -> (4, 9)."""
    parts = []
    for part in str(version).split("."):
        digits = re.match(r"\d+", part)
        if not digits:
            break
        parts.append(int(digits.group(0)))
    return tuple(parts)


def http_date_epoch(value):
    """Epoch seconds of an HTTP Date header (RFC 7231, GMT), or None when absent or unreadable."""
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_tz(value)
        return float(email.utils.mktime_tz(parsed)) if parsed else None
    except (TypeError, ValueError, OverflowError):
        return None


def host_for_url(hostname):
    """Bracket a bare IPv6 address for use in a URL."""
    if ":" in hostname and not hostname.startswith("["):
        return "[%s]" % hostname
    return hostname
