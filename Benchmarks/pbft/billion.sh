#!/usr/bin/env bash
# The billion-state run of issue 13 (Docs/engine-at-scale.md): by default the complete exhaustive run
# of n4-f1-view-change-4-requests.cfg on 2 threads, the seen-set sized once for it, the frontier and
# parent log spilled under a memory budget, a checkpoint written only if a limit stops the run (then
# continue it with --resume DIR). Prints bftcheck's summary and GNU time's peak resident memory.
#
# CONFIG=Benchmarks/pbft/n4-f1-two-view-changes.cfg EXPECT_STATES= selects the earlier, larger space
# (several billion states): it passes 10^9 stored states after about an hour and cannot finish on a
# machine with 24 GiB (Docs/engine-at-scale.md); limit it with MAX_SECONDS or stop it with SIGINT.
#
# Usage: Benchmarks/pbft/billion.sh [SCRATCH_DIR]   (default: a fresh directory under $TMPDIR; needs
#        about 14 GiB of memory and 30 GB of free disk for the spilled levels; builds bftcheck in release
#        mode under BFTCHECK_SCRATCH, default .build)
# Environment: CONFIG (default Benchmarks/pbft/n4-f1-view-change-4-requests.cfg), MEMORY (the budget of
# the frontier and parent log, default 1GiB), MAX_MEMORY_MB (the stop, default 21500), MAX_SECONDS (a time
# limit, default none; the run then stops with a checkpoint at the end of a level), EXPECT_STATES (pre-size
# the seen-set for this many states, default 1350000000; empty: grow as needed).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# shellcheck source=release-build.sh
source "$root/Benchmarks/pbft/release-build.sh"
work="${1:-$(mktemp -d)}"
mkdir -p "$work/spill"
echo "bftcheck $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), work in $work"
status=0
expect="${EXPECT_STATES-1350000000}"
/usr/bin/time -v "$bftcheck" check "${CONFIG:-Benchmarks/pbft/n4-f1-view-change-4-requests.cfg}" --threads 2 \
    --memory "${MEMORY:-1GiB}" --scratch "$work/spill" --checkpoint "$work/checkpoint" --checkpoint-every 1000000 \
    --max-memory-mb "${MAX_MEMORY_MB:-21500}" ${MAX_SECONDS:+--max-seconds "$MAX_SECONDS"} \
    ${expect:+--expect-states "$expect"} --json >"$work/result.json" 2>"$work/stderr.log" || status=$?
grep -E -o '"(outcome|reason|distinctStates|transitions|maxDepth|seconds|spilledBytes)" : [^,]*' "$work/result.json" || true
grep -v '^progress:' "$work/stderr.log" | grep -E 'error|Command|Maximum resident|Elapsed|User time|System time' || true
echo "exit status $status; JSON result in $work/result.json"
exit "$status"
