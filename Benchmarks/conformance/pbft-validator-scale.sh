#!/usr/bin/env bash
# The trace validator with the PBFT codec on a long run: EVENTS events (default 10,000,000) of
# PBFTTraceSynthesizer with N replicas (default 4; f = (N − 1) / 3), a checkpoint every 128 sequence
# numbers, a window of 256 and a view change every 99,968 sequence numbers, written by the test
# suite's generator, then judged by the release `bftcheck conform` with its peak resident memory.
# Goal (issue 10): < 200 MiB resident, ≥ 1,000,000 events per second.
#   Benchmarks/conformance/pbft-validator-scale.sh [EVENTS] [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
events="${1:-10000000}"
n="${2:-4}"
case "$events$n" in '' | *[!0-9]*) echo "pbft-validator-scale.sh: EVENTS and N must be positive integers" >&2; exit 2 ;; esac
work="${BFTCHECK_SCRATCH:-$(mktemp -d)}/pbft-validator-scale"
rm -rf "$work"
swift build -c release --product bftcheck --scratch-path .build-bench >/dev/null
BFT_VALIDATOR_EVENTS="$events" BFT_VALIDATOR_REPLICAS="$n" BFT_VALIDATOR_KEEP="$work" BFT_VALIDATOR_WRITE_ONLY=1 \
    swift test --filter 'ValidatorScaleTests/aLongPBFTRunStreamsInBoundedLiveState' | grep 'pbft scale'
du -sh "$work"
/usr/bin/time -f "conform: %e s wall, %U s user, peak resident %M KiB" \
    .build-bench/release/bftcheck conform "$work" --quiet
rm -rf "$work"
