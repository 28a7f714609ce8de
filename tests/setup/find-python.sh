#!/usr/bin/env bash
# Print the path of a Python X.Y interpreter that works, or say what is needed and exit 1.
#
#   tests/setup/find-python.sh 3.12            -> /root/.pyenv/versions/3.12.1/bin/python3.12
#   tests/setup/find-python.sh --link DIR 3.12 3.13
#        also links DIR/python3.12 -> that interpreter (ansible-test finds target Pythons on PATH)
#   tests/setup/find-python.sh --quiet ...   no advice on stderr when one is missing (exit status only)
#
# Where it looks, in order:
#   1. PYTHON3XY from the environment or make (PYTHON312=/opt/py/bin/python3.12 make test)
#   2. pythonX.Y on PATH, if it runs (a pyenv shim of a version that is installed but not selected
#      does not: "pyenv: python3.12: command not found")
#   3. pyenv: the newest installed X.Y.* ($(pyenv root)/versions), found without selecting it
#   4. /usr/local/bin, /usr/bin, ~/.local/bin (uv / deadsnakes / distribution packages)
set -euo pipefail

link_dir=
quiet=
while [ "$#" -gt 0 ]; do
    case $1 in
        --link) link_dir=$2; shift 2 ;;
        --quiet) quiet=1; shift ;;  # no advice on stderr for a missing version (optional lookups)
        *) break ;;
    esac
done
[ "$#" -ge 1 ] || { echo "usage: $0 [--link DIR] [--quiet] X.Y..." >&2; exit 2; }

works() {  # works PATH X.Y -> the interpreter runs and is Python X.Y
    [ -x "$1" ] && [ "$("$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "$2" ]
}

real() {  # the base interpreter itself: not a pyenv shim (its meaning depends on the directory), not a venv
    "$1" -c 'import os, sys; p = os.path.join(sys.base_exec_prefix, "bin", "python%d.%d" % sys.version_info[:2]); print(p if os.access(p, os.X_OK) else sys.executable)'
}

find_one() {
    local version=$1 var candidate root
    var="PYTHON${version/./}"
    if [ -n "${!var:-}" ]; then
        candidate=$(command -v "${!var}" 2>/dev/null || true)
        if [ -n "$candidate" ] && works "$candidate" "$version"; then
            real "$candidate"
            return 0
        fi
        echo "find-python: $var=${!var} is not a working Python $version interpreter" >&2
        return 1
    fi
    candidate=$(command -v "python$version" 2>/dev/null || true)
    if [ -n "$candidate" ] && works "$candidate" "$version"; then
        real "$candidate"
        return 0
    fi
    if command -v pyenv >/dev/null 2>&1; then
        root=$(pyenv root 2>/dev/null || true)
        # Newest patch release first: 3.12.10 before 3.12.9 (sort -V), no pre-releases or variants.
        local installed=()
        for candidate in "$root/versions/$version".*; do
            [[ "$candidate" =~ /$version\.[0-9]+$ ]] && installed+=("$candidate")
        done
        if [ "${#installed[@]}" -gt 0 ]; then
            while read -r candidate; do
                if works "$candidate/bin/python$version" "$version"; then
                    real "$candidate/bin/python$version"
                    return 0
                fi
            done < <(printf '%s\n' "${installed[@]}" | sort -rV)
        fi
    fi
    for candidate in "/usr/local/bin/python$version" "/usr/bin/python$version" "$HOME/.local/bin/python$version"; do
        if works "$candidate" "$version"; then
            real "$candidate"
            return 0
        fi
    done
    [ -n "$quiet" ] && return 1
    cat >&2 <<EOF
find-python: this needs Python $version and none was found (looked at \$$var, python$version on PATH,
  pyenv's installed versions, /usr/local/bin, /usr/bin, ~/.local/bin). Provide it with one of:
    make ... $var=/path/to/python$version     (or export $var)
    pyenv install $version                   (found without 'pyenv global' or PYENV_VERSION)
    a python$version on PATH, e.g. apt-get install python$version (Debian/Ubuntu)
EOF
    return 1
}

rc=0
for version in "$@"; do
    if path=$(find_one "$version"); then
        if [ -n "$link_dir" ]; then
            mkdir -p "$link_dir"
            ln -sfn "$path" "$link_dir/python$version"
        fi
        echo "$path"
    else
        rc=1
    fi
done
exit "$rc"
