#!/usr/bin/env bash
# Per-process CPU of one replica benchmark run (issue 12): n = 4, f = 1, batch 256, 64-byte operations,
# traces off, closed loop, as the first row of run.sh (without --model). Prints the throughput and each
# process's CPU (user + system, from /proc/PID/stat around the run; the client from its rusage) in
# microseconds per transaction.
# Usage: Benchmarks/replica/cpu.sh [seconds (8)] [clients (256)]
# Environment: BIN (the bftcheck binary, default .build/release/bftcheck), OUT (default
# /tmp/bftcheck-replica-cpu), BASE_PORT (default 7500).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-8}
CLIENTS=${2:-256}
BIN=${BIN:-.build/release/bftcheck}
OUT=${OUT:-/tmp/bftcheck-replica-cpu}
BASE_PORT=${BASE_PORT:-7500}
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
rm -rf "$OUT" && mkdir -p "$OUT"
config="$OUT/cluster.json"
"$BIN" cluster keys --out "$config" --n 4 --f 1 --batch-size 256 --clients "$CLIENTS" --base-port "$BASE_PORT" >&2
"$BIN" cluster up --config "$config" --ready-timeout 60 >&2
trap '"$BIN" cluster down --config "$config" >&2 || true' EXIT
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
mapfile -t pids < <(awk '{ print $2 }' "$OUT/cluster.run/pids")
before=()
for pid in "${pids[@]}"; do before+=("$(ticks "$pid")"); done
/usr/bin/time -f "%U %S" -o "$OUT/client.time" "$BIN" bench --config "$config" --format csv --clients "$CLIENTS" \
    --duration "$SECONDS_PER_RUN" 2>"$OUT/bench.stderr" | tail -n 1 >"$OUT/bench.csv"
completed=$(awk -F, '{ print $9 }' "$OUT/bench.csv")
throughput=$(awk -F, '{ print $12 }' "$OUT/bench.csv")
hz=$(getconf CLK_TCK)
line="tx/s $throughput completed $completed µs/tx: client $(awk -v c="$completed" '{ printf "%.1f", ($1 + $2) * 1e6 / c }' "$OUT/client.time")"
total=$(awk -v c="$completed" '{ printf "%.1f", ($1 + $2) * 1e6 / c }' "$OUT/client.time")
for i in "${!pids[@]}"; do
    after=$(ticks "${pids[$i]}")
    us=$(awk -v a="${before[$i]}" -v b="$after" -v hz="$hz" -v c="$completed" 'BEGIN { printf "%.1f", (b - a) / hz * 1e6 / c }')
    line+=" r$i $us"
    total=$(awk -v t="$total" -v u="$us" 'BEGIN { printf "%.1f", t + u }')
done
echo "$line total $total"
