#!/usr/bin/env bash
# The billion-state run of issue 13 (Docs/engine-at-scale.md): n4-f1-two-view-changes.cfg,
# exhaustive on 2 threads, the frontier and parent log spilled under a memory budget, a checkpoint
# written only if a limit stops the run (then continue it with --resume DIR). Prints bftcheck's
# summary and GNU time's peak resident memory.
#
# The config's space holds several billion states: on a 2-core machine with 24 GiB the run passes 10^9
# distinct states after about an hour in 12 GiB and cannot finish (Docs/engine-at-scale.md); limit it
# with MAX_SECONDS or stop it by hand.
#
# Usage: Benchmarks/pbft/billion.sh [SCRATCH_DIR]   (default: a fresh directory under $TMPDIR; needs
#        about 24 GiB of memory and 70 GB of free disk for the spilled levels; builds bftcheck in release
#        mode under BFTCHECK_SCRATCH, default .build)
# Environment: MEMORY (the budget, default 4GiB), MAX_MEMORY_MB (the stop, default 21500),
# MAX_SECONDS (a time limit, default none; the run then stops with a checkpoint at the end of a level),
# EXPECT_STATES (pre-size the seen-set for this many states, default none).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# shellcheck source=release-build.sh
source "$root/Benchmarks/pbft/release-build.sh"
work="${1:-$(mktemp -d)}"
mkdir -p "$work/spill"
echo "bftcheck $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), work in $work"
status=0
/usr/bin/time -v "$bftcheck" check Benchmarks/pbft/n4-f1-two-view-changes.cfg --threads 2 \
    --memory "${MEMORY:-4GiB}" --scratch "$work/spill" --checkpoint "$work/checkpoint" --checkpoint-every 1000000 \
    --max-memory-mb "${MAX_MEMORY_MB:-21500}" ${MAX_SECONDS:+--max-seconds "$MAX_SECONDS"} \
    ${EXPECT_STATES:+--expect-states "$EXPECT_STATES"} --json >"$work/result.json" 2>"$work/stderr.log" || status=$?
grep -E -o '"(outcome|reason|distinctStates|transitions|maxDepth|seconds|spilledBytes)" : [^,]*' "$work/result.json" || true
grep -v '^progress:' "$work/stderr.log" | grep -E 'error|Command|Maximum resident|Elapsed|User time|System time' || true
echo "exit status $status; JSON result in $work/result.json"
exit "$status"
