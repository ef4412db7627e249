#!/usr/bin/env bash
# Runs the Z3 lemma tests again and again and counts hangs, failures and passes (not part of CI).
#
#   Benchmarks/lemmas/stress.sh [RUNS] [MODE]
#     RUNS  how many runs (default 100)
#     MODE  tests  - `swift test --filter LemmasTests` (the whole lemma suite's tests, ~1 min a run)
#           cli    - `bftcheck lemmas quorum-sets --timeout 0.001` plus the Z3 layer tests: the
#                    reproducers that hung with Z3's own timer (libz3 4.8.12), a few seconds a run
#           (default cli)
#
# A run that has not finished after PER_RUN_SECONDS (default 600 for tests, 120 for cli) counts as a
# hang and is killed. The goal is 0 hangs of 100. At the end it prints the largest Z3 resource count
# (rlimit) any shipped lemma query uses, against the default budget, to re-calibrate Z3Budget.
set -uo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-100}"
mode="${2:-cli}"
case "$mode" in
tests) per_run="${PER_RUN_SECONDS:-600}" ;;
cli) per_run="${PER_RUN_SECONDS:-120}" ;;
*) echo "stress.sh: MODE must be tests or cli, got '$mode'" >&2; exit 2 ;;
esac
case "$runs" in
'' | *[!0-9]*) echo "stress.sh: RUNS must be a positive integer, got '$runs'" >&2; exit 2 ;;
esac
scratch="${BFTCHECK_SCRATCH:-$(mktemp -d)}"
# The test bundle and binary are run directly (not through `swift test`), so a build elsewhere in
# the same .build cannot make a run wait on SwiftPM's lock and look like a hang. BIN_PATH picks a copy.
if [ -z "${BIN_PATH:-}" ]; then
    swift build --build-tests >/dev/null || { echo "stress.sh: build failed" >&2; exit 2; }
    BIN_PATH="$(swift build --show-bin-path)"
fi
binary="$BIN_PATH/bftcheck"
bundle="$BIN_PATH/bftcheckPackageTests.xctest"

hangs=0 failures=0 passes=0
for ((i = 1; i <= runs; i++)); do
    if [ "$mode" = tests ]; then
        timeout --kill-after=10s "$per_run" "$bundle" --testing-library swift-testing --filter LemmasTests >"$scratch/run.log" 2>&1
    else
        timeout --kill-after=10s "$per_run" bash -c "
            '$binary' lemmas quorum-sets --timeout 0.001 --summary --output '$scratch/cx' >/dev/null 2>&1
            [ \$? -le 1 ] || exit 1
            '$bundle' --testing-library swift-testing --filter Z3LayerTests" >"$scratch/run.log" 2>&1
    fi
    status=$?
    if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
        hangs=$((hangs + 1)); echo "run $i: HANG (killed after ${per_run}s)"; cp "$scratch/run.log" "$scratch/hang-$i.log"
    elif [ "$status" -ne 0 ]; then
        failures=$((failures + 1)); echo "run $i: failed (exit $status)"; cp "$scratch/run.log" "$scratch/fail-$i.log"
    else
        passes=$((passes + 1))
    fi
done
echo "stress ($mode): $runs runs: $hangs hangs, $failures failures, $passes passed (logs of bad runs in $scratch)"

"$binary" lemmas --json --output "$scratch/cx" 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("rlimit: largest use by a shipped lemma query %d of %d allowed (%.1f%%)" % (
    d["rlimitUsedMax"], d["rlimitPerQuery"], 100.0 * d["rlimitUsedMax"] / d["rlimitPerQuery"]))'
[ "$hangs" -eq 0 ]
