#!/usr/bin/env bash
# Build gate: build the collection tarball, install it into an empty collections path, check the
# installed copy has what a user needs, and run a playbook from the installed copy against the simulator.
# Catches files missing from (or wrongly added to) the build.
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$repo_root/.venv/bin"
work="$repo_root/.build/build-install"
rm -rf "$work"
mkdir -p "$work/dist" "$work/collections"
cd "$repo_root"

echo "== ansible-galaxy collection build"
"$bin/ansible-galaxy" collection build --output-path "$work/dist" .
tarball=$(ls "$work"/dist/snapcenter-vsphere-*.tar.gz)

# Nothing from venvs, build or test output may end up in the artifact.
if tar -tzf "$tarball" | grep -E '^(\.venv|\.venvs|\.build|\.sim|tests/output|\.pytest_cache|\.hypothesis|reports|context)(/|$)|__pycache__|\.pyc$'; then
    echo "build-install: the tarball contains the files above, which build_ignore should exclude" >&2
    exit 1
fi
echo "tarball: $tarball ($(du -k "$tarball" | cut -f1) kB, $(tar -tzf "$tarball" | wc -l) entries)"

echo "== ansible-galaxy collection install into an empty collections path"
# --force: a copy installed elsewhere (e.g. ~/.ansible/collections) must not make this a no-op.
"$bin/ansible-galaxy" collection install --offline --force -p "$work/collections" "$tarball"
installed="$work/collections/ansible_collections/snapcenter/vsphere"
missing=0
for required in meta/runtime.yml plugins/modules/login.py roles playbooks README.md LICENSE CHANGELOG.rst \
        extensions/eda/plugins/event_source/scv_events.py extensions/eda/rulebooks/scv_backup_retry.yml; do
    [ -e "$installed/$required" ] || { echo "build-install: installed collection lacks $required" >&2; missing=1; }
done
[ "$missing" -eq 0 ]
compgen -G "$installed/roles/*" >/dev/null || { echo "build-install: installed collection has no roles" >&2; exit 1; }

echo "== installed-smoke.yml from the installed copy against the simulator"
# Only the installed copy is visible: not the repo link, not anything on sys.path.
cd "$work"
ANSIBLE_COLLECTIONS_PATH="$work/collections" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false \
    "$bin/python" "$repo_root/tests/setup/with-simulator.py" -- \
    "$bin/ansible-playbook" "$repo_root/tests/setup/installed-smoke.yml"
