# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Test helpers: throw-away certificate authorities, and a tiny HTTPS stand-in for a broken appliance.

The simulator's faults cover statuses, latency and dropped connections but not garbage bodies, so the
malformed-answer checks run modules against `StubAppliance`: it logs in like SCV and answers every other
request with one fixed (status, body, content type), the way a proxy in front of the appliance might.
"""

import datetime
import ipaddress
import json
import os
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _pem_key(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


class CertificateAuthority:
    """A self-signed CA that can issue a server certificate for 127.0.0.1."""

    def __init__(self, common_name="reliability test CA"):
        self.key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.datetime.now(datetime.timezone.utc)
        self.cert = (x509.CertificateBuilder()
                     .subject_name(_name(common_name)).issuer_name(_name(common_name))
                     .public_key(self.key.public_key()).serial_number(x509.random_serial_number())
                     .not_valid_before(now - datetime.timedelta(days=1))
                     .not_valid_after(now + datetime.timedelta(days=30))
                     .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                     .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                                  content_commitment=False, key_encipherment=False,
                                                  data_encipherment=False, key_agreement=False,
                                                  encipher_only=False, decipher_only=False), critical=True)
                     .sign(self.key, hashes.SHA256()))

    def write_ca(self, path):
        with open(path, "wb") as out:
            out.write(self.cert.public_bytes(serialization.Encoding.PEM))
        return path

    def issue_server(self, directory, host="127.0.0.1"):
        """Write server.pem/server.key signed by this CA for `host`; returns (cert path, key path)."""
        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.datetime.now(datetime.timezone.utc)
        cert = (x509.CertificateBuilder()
                .subject_name(_name(host)).issuer_name(self.cert.subject)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(days=1))
                .not_valid_after(now + datetime.timedelta(days=30))
                .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host)),
                                                            x509.DNSName("localhost")]), critical=False)
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .sign(self.key, hashes.SHA256()))
        cert_path = os.path.join(directory, "server.pem")
        key_path = os.path.join(directory, "server.key")
        with open(cert_path, "wb") as out:
            out.write(cert.public_bytes(serialization.Encoding.PEM))
        with open(key_path, "wb") as out:
            out.write(_pem_key(key))
        return cert_path, key_path


LOGIN_PATH = "/api/4.1/auth/login"
STUB_TOKEN = "stub-token-0123456789"


class StubAppliance:
    """HTTPS server on 127.0.0.1: SCV-like login, then `answer` = (status, body bytes, content type) for
    every other request.  Records (method, path) of what it received."""

    def __init__(self, directory, answer, ca=None):
        self.ca = ca or CertificateAuthority("stub appliance CA")
        os.makedirs(directory, exist_ok=True)
        self.ca_path = self.ca.write_ca(os.path.join(directory, "ca.pem"))
        cert_path, key_path = self.ca.issue_server(directory)
        self.answer = answer
        self.received = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):   # quiet
                pass

            def _reply(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                path = self.path.split("?", 1)[0]
                stub.received.append((self.command, path))
                if path == LOGIN_PATH:
                    status, body, content_type = 200, json.dumps({
                        "statusCode": 200, "statusMessage": "OK", "responseMessage": [],
                        "response": {"token": STUB_TOKEN}, "uri": None}).encode(), "application/json"
                else:
                    status, body, content_type = stub.answer
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _reply

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_path, key_path)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.server.shutdown()
        self.server.server_close()
