#!/usr/bin/env bash
# The billion-state run of issue 13 (Docs/engine-at-scale.md): n4-f1-two-view-changes.cfg,
# exhaustive on 2 threads, the frontier and parent log spilled under a memory budget, a checkpoint
# written only if a limit stops the run (then continue it with --resume DIR). Prints bftcheck's
# summary and GNU time's peak resident memory.
#
# Usage: Benchmarks/pbft/billion.sh [SCRATCH_DIR]   (default: a fresh directory under $TMPDIR; needs
#        about 24 GiB of memory, 20 GB of free disk and an hour; builds bftcheck in release mode under
#        BFTCHECK_SCRATCH, default .build)
# Environment: MEMORY (the budget, default 4GiB), MAX_MEMORY_MB (the stop, default 21500),
# MAX_SECONDS (a time limit, default none; the run then stops with a checkpoint at the end of a level).
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
    --max-memory-mb "${MAX_MEMORY_MB:-21500}" ${MAX_SECONDS:+--max-seconds "$MAX_SECONDS"} --json >"$work/result.json" 2>"$work/stderr.log" || status=$?
grep -v '^progress:' "$work/stderr.log" | grep -E -v '^\s+(Command|Average|Exit|Socket|Signals|Swaps|Page size|Minor|Major|Voluntary|Involuntary|File system|Percent|System time|User time|Elapsed)' || true
grep -E 'Maximum resident|Elapsed|User time|System time' "$work/stderr.log"
echo "exit status $status; JSON result in $work/result.json"
exit "$status"
