#!/usr/bin/env bash
# Conformance oracle speed (issue 5): at least 1,000,000 trace events checked in 10 s on one core.
#
# Generates a corpus of simulated runs of a wide PBFT config (Byzantine primary, 4 slots, 3 requests,
# checkpoints, view changes), then times one `bftcheck conform` over all of it, pinned to one core.
# The oracle is single-threaded; the figure includes reading and parsing every file.
#
#   Benchmarks/conformance/run.sh                 # 5,600 walks of up to 200 steps: about 1.1 M events
#   WALKS=2000 LAYOUT=per-replica Benchmarks/conformance/run.sh
#
# Environment: WALKS, STEPS, SEED, LAYOUT (merged | per-replica), CONFIG, CORPUS (a directory to reuse).
set -euo pipefail
cd "$(dirname "$0")/../.."

WALKS=${WALKS:-5600}
STEPS=${STEPS:-200}
SEED=${SEED:-1}
LAYOUT=${LAYOUT:-merged}
CONFIG=${CONFIG:-Traces/configs/pbft-n4-wide.cfg}
SCRATCH=${SCRATCH:-.build-bench}

swift build -c release --scratch-path "$SCRATCH" --product bftcheck >&2
BIN="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/bftcheck"

CORPUS=${CORPUS:-$(mktemp -d)/corpus-$LAYOUT-$SEED-$WALKS-$STEPS}
if [ ! -d "$CORPUS" ]; then
    flags=()
    [ "$LAYOUT" = merged ] && flags+=(--merged)
    echo "generating $WALKS walks of $CONFIG (seed $SEED, $LAYOUT) into $CORPUS" >&2
    "$BIN" simulate "$CONFIG" --seed "$SEED" --walks "$WALKS" --steps "$STEPS" --trace-out "$CORPUS" "${flags[@]}" >/dev/null
fi
echo "corpus: $(du -sh "$CORPUS" | cut -f1), $(find "$CORPUS" -name '*.ndjson' | wc -l) files" >&2

pin=()
command -v taskset >/dev/null 2>&1 && pin=(taskset -c 0)
# Warm the page cache so the figure is the oracle's, not the disk's.
cat $(find "$CORPUS" -name '*.ndjson') >/dev/null
"${pin[@]}" "$BIN" conform --quiet "$CORPUS" 2>&1 | tail -2
echo "reproduce: WALKS=$WALKS STEPS=$STEPS SEED=$SEED LAYOUT=$LAYOUT CONFIG=$CONFIG $0" >&2
