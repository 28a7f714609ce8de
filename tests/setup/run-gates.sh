#!/usr/bin/env bash
# Run each gate (a make target), keep going after a failure, print a summary with timings.
# Exit status: 0 only when every gate passed.
#   tests/setup/run-gates.sh TARGET...
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

names=()
results=()
times=()
total_start=$(date +%s)
for gate in "$@"; do
    echo
    echo "================ make $gate ================"
    start=$(date +%s)
    if make --no-print-directory "$gate"; then
        results+=("PASS")
    else
        results+=("FAIL")
    fi
    names+=("$gate")
    times+=("$(( $(date +%s) - start ))")
done

echo
echo "================ summary ================"
failed=0
for i in "${!names[@]}"; do
    printf '%-18s %s %6ss\n' "${names[$i]}" "${results[$i]}" "${times[$i]}"
    [ "${results[$i]}" = PASS ] || failed=$((failed + 1))
done
echo "total: $(( $(date +%s) - total_start ))s, ${#names[@]} gates, $failed failed"
# The plain closing line CI reads: gates passed and failed.
echo "gates: $(( ${#names[@]} - failed )) passed, $failed failed"
[ "$failed" -eq 0 ]
