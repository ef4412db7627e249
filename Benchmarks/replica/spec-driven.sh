#!/usr/bin/env bash
# The spec drives the replica at scale (issue 14): RUNS schedules from the PBFT spec replayed on
# in-process replicas (`bftcheck faults spec-driven`), each judged by agreement and by the trace
# validator; prints the totals and the schedules per second (release build). A failing run is shrunk
# and kept as a regression schedule beside its traces.
#   Benchmarks/replica/spec-driven.sh [RUNS (1000000)] [SEED (1)] [EVENTS (600)] [REPLICAS (4)]
#       schedules walked from the judging spec (`simulate --events`), about 50-60 schedules/s for
#       600-event walks on 2 shared cores, so a million take hours;
#   SPEC_CONFIG=n4-f1-view-change Benchmarks/replica/spec-driven.sh [RUNS] [SEED] [DEPTH (100)]
#       walks of the bounded spec within that config's bounds (`--config`), about 170-320 schedules/s.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-1000000}"
seed="${2:-1}"
events="${3:-}"
replicas="${4:-4}"
case "$runs$seed$events$replicas" in '' | *[!0-9]*) echo "spec-driven.sh: RUNS, SEED, EVENTS/DEPTH and REPLICAS must be non-negative integers" >&2; exit 2 ;; esac
swift build -c release --product bftcheck --scratch-path .build-bench >/dev/null
out="${BFTCHECK_SCRATCH:-$(mktemp -d)}/spec-driven-failure"
if [ -n "${SPEC_CONFIG:-}" ]; then
    source_flags=(--config "$SPEC_CONFIG" --depth "${events:-100}")
else
    source_flags=(--events "${events:-600}" --replicas "$replicas")
fi
/usr/bin/time -f "spec-driven: %e s wall, %U s user, peak resident %M KiB" \
    .build-bench/release/bftcheck faults spec-driven --runs "$runs" --seed "$seed" "${source_flags[@]}" \
    --trace-out "$out" --regression-out "$out"
