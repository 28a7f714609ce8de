#!/usr/bin/env bash
# Documentation gate:
#  1. antsibull-docs lint-collection-docs --plugin-docs on a copy at ansible_collections/snapcenter/vsphere
#  2. ansible-doc renders every module and every inventory plugin (fails when there are none).
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$repo_root/.venv/bin"
export PATH="$bin:$PATH"  # antsibull-docs runs `ansible` and `ansible-doc` from PATH
copy_root="$repo_root/.build/docs-lint"
collection=$("$repo_root/tests/setup/copy-collection.sh" "$copy_root")

echo "== antsibull-docs lint-collection-docs --plugin-docs"
(cd "$collection" && ANSIBLE_COLLECTIONS_PATH="$copy_root" "$bin/antsibull-docs" lint-collection-docs --plugin-docs .)

echo "== ansible-doc renders every module and plugin"
export ANSIBLE_COLLECTIONS_PATH="$copy_root" ANSIBLE_NOCOLOR=1
# ansible-doc exits 0 with only an [ERROR]/[WARNING] on stderr when it cannot find or parse docs.
render() {  # render PLUGIN_TYPE NAME... -> 0 when every page rendered cleanly
    local plugin_type=$1 errors
    shift
    errors=$("$bin/ansible-doc" -t "$plugin_type" "$@" 2>&1 >"$copy_root/ansible-doc.out") || { echo "$errors"; return 1; }
    if grep -qE '\[(WARNING|ERROR)\]|^(WARNING|ERROR)' <<<"$errors"; then echo "$errors"; return 1; fi
    for name in "$@"; do
        grep -qE "^> [A-Z ]+ $name " "$copy_root/ansible-doc.out" || { echo "no page rendered for $name"; return 1; }
    done
}
rendered=0
failed=0
for plugin_type in module inventory; do
    case $plugin_type in
        module) dir=plugins/modules ;;
        *) dir=plugins/$plugin_type ;;
    esac
    names=()
    for file in "$collection/$dir"/*.py; do
        [ -e "$file" ] || continue
        name=$(basename "$file" .py)
        [ "$name" = __init__ ] || names+=("snapcenter.vsphere.$name")
    done
    [ "${#names[@]}" -gt 0 ] || continue
    rendered=$((rendered + ${#names[@]}))
    # One ansible-doc run for all pages (fast); on failure, one per page to name every broken one.
    render "$plugin_type" "${names[@]}" >/dev/null && { printf 'ok  %s %s\n' "$plugin_type" "${names[@]}"; continue; }
    for name in "${names[@]}"; do
        if output=$(render "$plugin_type" "$name"); then
            echo "ok  $plugin_type $name"
        else
            echo "$output" >&2
            echo "FAIL $plugin_type $name: ansible-doc cannot render it" >&2
            failed=$((failed + 1))
        fi
    done
done
if [ "$rendered" -eq 0 ]; then
    echo "docs-lint: no modules or plugins found to render -- a gate that checks nothing fails" >&2
    exit 1
fi
if [ "$failed" -gt 0 ]; then
    echo "docs-lint: $failed of $rendered modules/plugins do not render" >&2
    exit 1
fi
echo "docs-lint: $rendered modules/plugins rendered"
