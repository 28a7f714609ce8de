#!/usr/bin/env bash
# `make test-core-pre` (optional, non-blocking): tests/unit and ansible-test sanity on the newest
# ansible-core pre-release.
#
#   tests/setup/core-pre.sh VENV        (VENV: .venvs/core-pre, re-created for each new pre-release)
#
# 1. The newest Python here (3.14, 3.13 or 3.12, via find-python.sh) asks the package index for
#    `ansible-core --pre`: a pre-release of the next ansible-core may need a newer Python than the newest
#    release does (2.22 needs 3.13), so asking with an older one would not see it.
# 2. When the newest version listed is a release (nothing newer is in pre-release), it says so and exits 1:
#    nothing was tested, and a run that tests nothing does not pass.
# 3. Otherwise VENV gets that pre-release and tests/requirements-unit.txt, and run-gates.sh runs the unit
#    tests and sanity on it (summary with timings).
set -euo pipefail
venv=$1
repo_root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo_root"

python=
for version in 3.14 3.13 3.12; do
    if python=$(tests/setup/find-python.sh --quiet "$version"); then
        break
    fi
    python=
done
[ -n "$python" ] || { tests/setup/find-python.sh 3.13 >/dev/null; exit 1; }
py_version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')

listing=$("$python" -m pip index versions ansible-core --pre 2>/dev/null | sed -n 's/^Available versions: //p')
[ -n "$listing" ] || { echo "core-pre: 'pip index versions ansible-core --pre' listed nothing (no index reachable?)" >&2; exit 1; }
read -r newest newest_release <<<"$("$python" - "$listing" <<'PY'
import sys
from pip._vendor.packaging.version import Version
versions = sorted((Version(v.strip()) for v in sys.argv[1].split(',')), reverse=True)
releases = [v for v in versions if not v.is_prerelease]
print(versions[0], releases[0] if releases else '-')
PY
)"
echo "core-pre: asked with Python $py_version ($python): newest ansible-core $newest, newest release $newest_release"
if [ "$newest" = "$newest_release" ]; then
    echo "core-pre: no ansible-core pre-release newer than the newest release ($newest_release) exists for Python $py_version; nothing tested" >&2
    exit 1
fi

installed=$("$venv/bin/python" -c 'import ansible.release as r; print(r.__version__)' 2>/dev/null || true)
if [ "$installed" != "$newest" ]; then
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install -q --upgrade pip
    "$venv/bin/python" -m pip install -q "ansible-core==$newest" -r tests/requirements-unit.txt
fi
echo "core-pre: $venv has ansible-core $("$venv/bin/python" -c 'import ansible.release as r; print(r.__version__)') on Python $py_version"
make --no-print-directory collection-link >/dev/null
tests/setup/run-gates.sh test-unit-pre sanity-pre
