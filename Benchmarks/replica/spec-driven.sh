#!/usr/bin/env bash
# The spec drives the replica at scale (issue 14): RUNS schedules walked from the PBFT spec replayed on
# in-process replicas (`bftcheck faults spec-driven`), each judged by agreement and by the trace
# validator; prints the totals and the schedules per second (release build). A million runs take
# hours at the rate measured on 2 shared cores (about 60 schedules/s for 600-event walks).
#   Benchmarks/replica/spec-driven.sh [RUNS (1000000)] [SEED (1)] [EVENTS (600)] [REPLICAS (4)]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-1000000}"
seed="${2:-1}"
events="${3:-600}"
replicas="${4:-4}"
case "$runs$seed$events$replicas" in '' | *[!0-9]*) echo "spec-driven.sh: RUNS, SEED, EVENTS and REPLICAS must be non-negative integers" >&2; exit 2 ;; esac
swift build -c release --product bftcheck --scratch-path .build-bench >/dev/null
out="${BFTCHECK_SCRATCH:-$(mktemp -d)}/spec-driven-failure"
/usr/bin/time -f "spec-driven: %e s wall, %U s user, peak resident %M KiB" \
    .build-bench/release/bftcheck faults spec-driven --runs "$runs" --seed "$seed" --events "$events" --replicas "$replicas" --trace-out "$out"
