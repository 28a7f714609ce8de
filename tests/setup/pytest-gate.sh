#!/usr/bin/env bash
# Run pytest; "collected no tests" (exit 5) is a failure, not a silent pass.
#   tests/setup/pytest-gate.sh PYTEST_BINARY [pytest arguments...]
set -uo pipefail
pytest_bin=$1
shift
"$pytest_bin" "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
    echo "pytest-gate: pytest collected no tests from: $*  -- a gate that runs nothing fails" >&2
    exit 1
fi
exit "$rc"
