#!/usr/bin/env bash
# The PBFT benchmarks of issue 3, printed as the table in Docs/pbft.md.
#
#  1. The Promela twin (pbft-normal-case.pml) against bftcheck on the same model, no symmetry: SPIN's
#     "states, stored" must equal bftcheck's distinct states; prints both times and their ratio.
#     Sizes: SLOTS=2 (Specs/pbft/n4-f1-normal-case.cfg) and SLOTS=3 (n4-f1-normal-case-3-slots.cfg).
#  2. n = 4, f = 1, Byzantine primary, 2 requests, one view change (n4-f1-view-change-2-requests.cfg),
#     exhaustive, 2 threads, with symmetry; with --full also without symmetry (about ten times longer,
#     several GiB of memory).
#
# Usage: Benchmarks/pbft/run.sh [--full]      (needs spin and gcc; builds bftcheck in release mode
#        under BFTCHECK_SCRATCH, default .build)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
full=false
[[ "${1:-}" == "--full" ]] && full=true

# shellcheck source=release-build.sh
source "$root/Benchmarks/pbft/release-build.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

field() { grep -o "\"$1\" : [0-9.e+-]*" | head -1 | awk '{print $3}'; }

echo "bftcheck $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| model | SPIN states | bftcheck states | equal | SPIN s | bftcheck s (1 thread) | bftcheck s (2 threads) | ratio (1 thread) |"
echo "|---|---:|---:|---|---:|---:|---:|---:|"
for slots in 2 3; do
    if [[ $slots == 2 ]]; then config=Specs/pbft/n4-f1-normal-case.cfg; else config=Benchmarks/pbft/n4-f1-normal-case-3-slots.cfg; fi
    (
        cd "$work"
        spin -DSLOTS=$slots -a "$root/Benchmarks/pbft/pbft-normal-case.pml" >/dev/null
        gcc -O2 -DSAFETY -o pan pan.c
        ./pan -m100000 >pan.out
    )
    spin_states=$(awk '/states, stored/ {print $1; exit}' "$work/pan.out")
    spin_seconds=$(awk '/pan: elapsed time/ {print $4; exit}' "$work/pan.out")
    one=$("$bftcheck" check "$config" --threads 1 --no-symmetry --quiet --json || true)
    two=$("$bftcheck" check "$config" --threads 2 --no-symmetry --quiet --json || true)
    states=$(echo "$one" | field distinctStates)
    seconds_one=$(echo "$one" | field seconds)
    seconds_two=$(echo "$two" | field seconds)
    equal=$([[ "$spin_states" == "$states" ]] && echo yes || echo NO)
    ratio=$(awk -v a="$seconds_one" -v b="$spin_seconds" 'BEGIN { if (b > 0) printf "%.1f×", a / b; else print "—" }')
    printf "| PBFT normal case, %s slots | %s | %s | %s | %s | %.2f | %.2f | %s |\n" \
        "$slots" "$spin_states" "$states" "$equal" "$spin_seconds" "$seconds_one" "$seconds_two" "$ratio"
done

echo
echo "| benchmark | symmetry | outcome | states | transitions | depth | seconds | states/s | peak MiB |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|"
settings=(--symmetry)
$full && settings+=(--no-symmetry)
for symmetry in "${settings[@]}"; do
    report=$("$bftcheck" check Benchmarks/pbft/n4-f1-view-change-2-requests.cfg --threads 2 "$symmetry" --quiet --json || true)
    outcome=$(echo "$report" | grep -o '"outcome" : "[a-z]*"' | head -1 | awk -F'"' '{print $4}')
    states=$(echo "$report" | field distinctStates)
    transitions=$(echo "$report" | field transitions)
    depth=$(echo "$report" | field maxDepth)
    seconds=$(echo "$report" | field seconds)
    peak=$(echo "$report" | field peakMemoryBytes)
    printf "| n=4 f=1, 2 requests, one view change | %s | %s | %s | %s | %s | %.1f | %.0f | %d |\n" \
        "${symmetry#--}" "$outcome" "$states" "$transitions" "$depth" "$seconds" \
        "$(awk -v s="$states" -v t="$seconds" 'BEGIN { print s / t }')" "$((peak >> 20))"
done
echo
echo "reproduce: Benchmarks/pbft/run.sh$($full && echo ' --full')"
