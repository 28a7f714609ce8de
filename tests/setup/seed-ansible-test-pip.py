#!/usr/bin/env python
"""Seed ansible-test's pip bootstrap cache for machines that cannot reach ci-files.testing.ansible.com.

`ansible-test sanity --venv` creates empty virtual environments and bootstraps pip in them with a
get-pip script downloaded from https://ci-files.testing.ansible.com/ansible-test/get-pip-<version>.py.
It first looks for ~/.ansible/test/cache/get_pip_<version with _>.py, so writing a stand-in there lets
it work air-gapped or behind a TLS-intercepting proxy.

The stand-in:
- bootstraps pip from the interpreter's own `ensurepip` (no download),
- installs the pip/setuptools/wheel versions ansible-test asks for with `--cert <CA bundle>`,
  because ansible-test runs pip with PIP_CONFIG_FILE=/dev/null and a scrubbed environment,
- ignores `--no-setuptools` / `--no-wheel` (those are get-pip flags pip itself does not know),
- copies the CA bundle over the new pip's vendored certifi bundle so ansible-test's later
  `pip install` calls in that venv trust the same CAs.

Usage:
  seed-ansible-test-pip.py [--ca-bundle PATH] [--pip-version X.Y.Z ...] [ANSIBLE_TEST_PYTHON ...]

Each ANSIBLE_TEST_PYTHON is a Python interpreter that has ansible-core installed (e.g.
.venv/bin/python); its ansible-test is asked which pip versions it bootstraps (for every Python version
it supports: ansible-core 2.16 wants pip 23.1.2 with setuptools and wheel, and older pips for 2.7/3.6;
2.18 wants pip 24.2; 2.21 and 2.22 want pip 25.2 alone).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess

DEFAULT_CA_BUNDLES = (
    '/etc/ssl/certs/ca-certificates.crt',  # Debian/Ubuntu
    '/etc/pki/tls/certs/ca-bundle.crt',  # RHEL/Fedora
    '/etc/ssl/cert.pem',  # Alpine/macOS
)

CACHE_DIR = os.path.expanduser('~/.ansible/test/cache')

STAND_IN_TEMPLATE = '''\
#!/usr/bin/env python
# Stand-in for get-pip.py written by snapcenter.vsphere tests/setup/seed-ansible-test-pip.py.
# ansible-test runs: python get_pip.py [pip options] pip==X [setuptools==Y wheel==Z] [--no-setuptools] [--no-wheel]
import shutil
import subprocess
import sys

CA_BUNDLE = {ca_bundle!r}
GET_PIP_ONLY_FLAGS = ('--no-setuptools', '--no-wheel', '--no-pip')


def run(command):
    sys.stderr.write('get-pip stand-in: %s\\n' % ' '.join(command))
    subprocess.check_call(command)


def main():
    pip_args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_FLAGS]
    run([sys.executable, '-m', 'ensurepip', '--default-pip'])
    run([sys.executable, '-m', 'pip', 'install', '--cert', CA_BUNDLE, '--disable-pip-version-check'] + pip_args)
    certifi_bundle = subprocess.check_output(
        [sys.executable, '-c', 'from pip._vendor import certifi; print(certifi.where())'],
        universal_newlines=True).strip()
    shutil.copyfile(CA_BUNDLE, certifi_bundle)
    sys.stderr.write('get-pip stand-in: trusted CA bundle copied to %s\\n' % certifi_bundle)


if __name__ == '__main__':
    main()
'''

PIP_VERSION_PATTERN = re.compile(r"default_packages\s*=\s*dict\(\s*pip='([0-9][0-9.]*)'")

# Run in the interpreter that has ansible-core: ask ansible-test itself which pip it bootstraps, for every
# Python version it supports (per-version overrides included: ansible-core 2.16 pins older pips for 2.7
# and 3.6, newer ansible-tests have none). get_venv_packages() only reads `python.version`.
ASK_ANSIBLE_TEST = """
import types
from ansible_test._internal import python_requirements
from ansible_test._util.target.common.constants import CONTROLLER_PYTHON_VERSIONS, REMOTE_ONLY_PYTHON_VERSIONS
versions = set()
for python_version in REMOTE_ONLY_PYTHON_VERSIONS + CONTROLLER_PYTHON_VERSIONS:
    packages = python_requirements.get_venv_packages(types.SimpleNamespace(version=python_version))
    versions.add(packages['pip'])
print(' '.join(sorted(versions)))
"""


def find_ca_bundle(explicit: str | None) -> str:
    """Return the CA bundle to trust: the explicit one, the environment's, or the distribution's."""
    candidates = [explicit] if explicit else [
        os.environ.get('PIP_CERT'), os.environ.get('SSL_CERT_FILE'), os.environ.get('REQUESTS_CA_BUNDLE'),
        *DEFAULT_CA_BUNDLES,
    ]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate):
            return os.path.abspath(candidate)
    raise SystemExit('seed-ansible-test-pip: no CA bundle found (tried %s); pass --ca-bundle' % ', '.join(c for c in candidates if c))


def pip_versions_wanted_by(python: str) -> set[str]:
    """The pip versions the ansible-test installed for this interpreter bootstraps into its venvs."""
    try:
        output = subprocess.check_output([python, '-c', ASK_ANSIBLE_TEST], universal_newlines=True, stderr=subprocess.PIPE)
        versions = set(output.split())
        if versions:
            return versions
    except subprocess.CalledProcessError:
        pass
    # Fallback for an ansible-test whose internals moved: read the default pip version from its source.
    source = subprocess.check_output(
        [python, '-c', 'import ansible_test._internal.python_requirements as m; print(m.__file__)'],
        universal_newlines=True).strip()
    with open(source, encoding='utf-8') as handle:
        match = PIP_VERSION_PATTERN.search(handle.read())
    if not match:
        raise SystemExit('seed-ansible-test-pip: cannot find the pip version ansible-test bootstraps in %s' % source)
    return {match.group(1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--ca-bundle', help='CA bundle pip should trust (default: from the environment or the OS)')
    parser.add_argument('--pip-version', action='append', default=[], help='seed this pip version (repeatable)')
    parser.add_argument('pythons', nargs='*', help='interpreters with ansible-core installed whose ansible-test to seed for')
    args = parser.parse_args()

    versions = set(args.pip_version)
    for python in args.pythons:
        versions.update(pip_versions_wanted_by(python))
    if not versions:
        parser.error('give at least one --pip-version or interpreter')

    stand_in = STAND_IN_TEMPLATE.format(ca_bundle=find_ca_bundle(args.ca_bundle))
    os.makedirs(CACHE_DIR, exist_ok=True)
    for version in sorted(versions):
        path = os.path.join(CACHE_DIR, 'get_pip_%s.py' % version.replace('.', '_'))
        with open(path, 'w', encoding='utf-8') as handle:
            handle.write(stand_in)
        print('seeded %s (pip %s)' % (path, version))


if __name__ == '__main__':
    main()
