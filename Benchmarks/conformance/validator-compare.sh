#!/usr/bin/env bash
# Two `bftcheck` binaries judging the same run, side by side: ROUNDS rounds (default 5), each binary
# once per round in turn, pinned to one core with `taskset -c CORE` (default 1), so that a shared
# machine's drift affects both alike. Prints each run's events per CPU second, then the medians and
# their ratio (NEW / OLD). Build the two binaries with different scratch paths and copy them aside.
#   Benchmarks/conformance/validator-compare.sh OLD_BIN NEW_BIN TRACE_DIR [ROUNDS] [CORE]
set -euo pipefail
if [ $# -lt 3 ]; then
    echo "usage: validator-compare.sh OLD_BIN NEW_BIN TRACE_DIR [ROUNDS] [CORE]" >&2
    exit 2
fi
old="$1"
new="$2"
trace="$3"
rounds="${4:-5}"
core="${5:-1}"
case "$rounds$core" in '' | *[!0-9]*) echo "validator-compare.sh: ROUNDS and CORE must be non-negative integers" >&2; exit 2 ;; esac
rate() {
    # The `conform:` line's events per CPU second (the validator's own count and CPU time).
    taskset -c "$core" "$1" conform "$trace" --quiet 2>&1 >/dev/null | sed -n 's/.*(\([0-9]*\) events per CPU second).*/\1/p'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
old_rates=()
new_rates=()
for round in $(seq 1 "$rounds"); do
    o=$(rate "$old")
    n=$(rate "$new")
    echo "round $round: old $o, new $n events per CPU second"
    old_rates+=("$o")
    new_rates+=("$n")
done
old_median=$(printf '%s\n' "${old_rates[@]}" | median)
new_median=$(printf '%s\n' "${new_rates[@]}" | median)
awk -v o="$old_median" -v n="$new_median" \
    'BEGIN { printf "median: old %d, new %d events per CPU second (new / old = %.2f)\n", o, n, n / o }'
