#!/usr/bin/env bash
# The replica's durability figures (issue 12), measured in one process on 127.0.0.1 by
# `bftcheck cluster bench-recovery`, same machine, same run:
#   - the cost of durable executed state: closed-loop throughput with the state in memory, in SQLite with
#     fsync per batch, and in SQLite with the write-ahead log synced per input too (ratios to in memory);
#   - recovery: a backup crashes, the others execute REQUESTS requests, the backup restarts from its
#     write-ahead log and database and catches up by state transfer: the time until it has executed
#     everything the others had when it came back.
# Usage: Benchmarks/replica/recovery.sh [requests (100000)] [clients (64)]
# Environment: SCRATCH (the build's scratch path, default .build), OUT (results directory, default
# /tmp/bftcheck-recovery-bench), BASE_PORT (default 7500), BATCH (batch size, default 256). Release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
REQUESTS=${1:-100000}
CLIENTS=${2:-64}
SCRATCH=${SCRATCH:-.build}
OUT=${OUT:-/tmp/bftcheck-recovery-bench}
BASE_PORT=${BASE_PORT:-7500}
BATCH=${BATCH:-256}
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
swift build -c release --scratch-path "$SCRATCH" --product bftcheck >&2
BIN="$SCRATCH/release/bftcheck"
rm -rf "$OUT" && mkdir -p "$OUT"
echo "machine: $(nproc) cores, $(uname -sr), $(date -u +%FT%TZ)" | tee "$OUT/machine.txt"
"$BIN" cluster keys --out "$OUT/cluster.json" --n 4 --f 1 --clients "$CLIENTS" --batch-size "$BATCH" --base-port "$BASE_PORT" >&2
echo "+ bftcheck cluster bench-recovery --config $OUT/cluster.json --requests $REQUESTS --clients $CLIENTS" >&2
"$BIN" cluster bench-recovery --config "$OUT/cluster.json" --requests "$REQUESTS" --clients "$CLIENTS" | tee "$OUT/results.txt"
echo "results: $OUT/results.txt"
