#!/usr/bin/env bash
# System packages the test suite needs beyond Python (bindep.txt, profile "test"): Chromium renders the
# HTML reports in `make test-reports`. Installs what is missing with apt-get (Debian/Ubuntu, as root);
# elsewhere it says what to install and fails.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    echo "system-packages: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    exit 0
fi
echo "system-packages: missing ${missing[*]}; install them (bindep.txt, profile test: 'bindep test') and run again" >&2
exit 1
