#!/usr/bin/env bash
# Create (or re-create, when it is on another Python) a virtualenv on Python X.Y and pip install into it.
#
#   tests/setup/make-venv.sh VENV X.Y PIP_INSTALL_ARGS...
#   tests/setup/make-venv.sh .venv 3.12 -r tests/requirements.txt -r tests/requirements-tools.txt
#
# The interpreter comes from tests/setup/find-python.sh (PYTHON3XY override, PATH, pyenv, /usr/bin), which
# says what to install or set when there is none. An existing venv on another Python version (e.g. a .venv
# made on 3.11 before the main venv moved to 3.12) is removed first, so a stale venv never passes for a
# new one.
set -euo pipefail
venv=$1
version=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)

if [ -x "$venv/bin/python" ]; then
    have=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo broken)
    if [ "$have" != "$version" ]; then
        echo "make-venv: $venv is on Python $have, needs $version: re-creating it"
        rm -rf "$venv"
    fi
fi
if [ ! -x "$venv/bin/python" ]; then
    python=$("$here/find-python.sh" "$version")
    echo "make-venv: $venv on $python"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install -q --upgrade pip
fi
"$venv/bin/python" -m pip install -q "$@"
