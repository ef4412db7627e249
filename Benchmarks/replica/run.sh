#!/usr/bin/env bash
# The replica's figures (issue 12): PBFT replicas as processes on 127.0.0.1, loaded by `bftcheck bench`.
#   n = 4, f = 1, batch 256, 64-byte operations, traces off: closed-loop throughput, then p99 latency in an
#   open loop at half that throughput; batch 1; n = 7, f = 2; and traces on ÷ off. The first run also
#   reports the host throughput model's bound on this machine and the measured throughput's ratio to it
#   (`bench --model`).
# Usage: Benchmarks/replica/run.sh [seconds per run (10)] [clients (256)]
# Environment: SCRATCH (the build's scratch path, default .build), BIN (a bftcheck binary to measure
# instead of building one, e.g. an older build to compare with; MODEL=0 if it has no `bench --model`), OUT (results directory, default
# /tmp/bftcheck-replica-bench), BASE_PORT (default 7400). Everything runs on this machine, release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-10}
CLIENTS=${2:-256}
SCRATCH=${SCRATCH:-.build}
OUT=${OUT:-/tmp/bftcheck-replica-bench}
BASE_PORT=${BASE_PORT:-7400}
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ -z "${BIN:-}" ]; then
    swift build -c release --scratch-path "$SCRATCH" --product bftcheck >&2
    BIN="$SCRATCH/release/bftcheck"
fi
rm -rf "$OUT" && mkdir -p "$OUT"
CSV="$OUT/results.csv"
echo "run,n,f,batch_size,mode,clients,target_rate,payload_bytes,requests,completed,wrong,seconds,throughput,p50_ms,p90_ms,p99_ms,p99_9_ms,max_ms,mean_ms" >"$CSV"
echo "machine: $(nproc) cores, $(uname -sr), $(date -u +%FT%TZ)" | tee "$OUT/machine.txt"

# run NAME N F BATCH TRACES(on|off) BENCH-ARGS…: keys, up, bench, down; appends one CSV row.
run() {
    local name=$1 n=$2 f=$3 batch=$4 traces=$5
    shift 5
    local config="$OUT/$name.json" up=(--config "$OUT/$name.json" --ready-timeout 60)
    [ "$traces" = on ] && up+=(--trace-out "$OUT/$name-traces")
    "$BIN" cluster keys --out "$config" --n "$n" --f "$f" --batch-size "$batch" --clients "$CLIENTS" --base-port "$BASE_PORT" >&2
    "$BIN" cluster up "${up[@]}" >&2
    trap '"$BIN" cluster down --config "$config" >&2 || true' RETURN
    echo "+ bftcheck bench --config $config $*" >&2
    "$BIN" bench --config "$config" --format csv "$@" 2> >(tee "$OUT/$name.stderr" >&2) | tail -n 1 | sed "s/^/$name,/" >>"$CSV"
    tail -n 1 "$CSV" >&2
}

throughput_of() { awk -F, -v run="$1" '$1 == run { print $13 }' "$CSV"; }

MODEL_FLAG=()
[ "${MODEL:-1}" = 1 ] && MODEL_FLAG=(--model)
run n4-batch256 4 1 256 off --clients "$CLIENTS" --duration "$SECONDS_PER_RUN" "${MODEL_FLAG[@]}"
HALF=$(awk -v t="$(throughput_of n4-batch256)" 'BEGIN { printf "%d", t / 2 }')
run n4-batch256-half-load 4 1 256 off --clients "$CLIENTS" --duration "$SECONDS_PER_RUN" --rate "$HALF"
run n4-batch1 4 1 1 off --clients "$CLIENTS" --duration "$SECONDS_PER_RUN"
run n7-batch256 7 2 256 off --clients "$CLIENTS" --duration "$SECONDS_PER_RUN"
run n4-batch256-traces 4 1 256 on --clients "$CLIENTS" --duration "$SECONDS_PER_RUN"

echo
column -s, -t "$CSV"
awk -v on="$(throughput_of n4-batch256-traces)" -v off="$(throughput_of n4-batch256)" \
    'BEGIN { printf "trace writing: throughput with traces on / off = %.2f\n", on / off }'
grep -h "model" "$OUT/n4-batch256.stderr" | grep -v "measuring" || true
echo "results: $CSV"
