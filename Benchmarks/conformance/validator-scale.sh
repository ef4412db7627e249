#!/usr/bin/env bash
# The generic trace validator on a long version-2 run (Bracha reliable broadcast, n = 4, f = 1):
# writes EVENTS events (default 10,000,000) with the test suite's synthesizer, then times
# `bftcheck conform` (release) on them and prints its peak resident memory. Goal: < 200 MiB resident.
#   Benchmarks/conformance/validator-scale.sh [EVENTS]
set -euo pipefail
cd "$(dirname "$0")/../.."
events="${1:-10000000}"
case "$events" in '' | *[!0-9]*) echo "validator-scale.sh: EVENTS must be a positive integer" >&2; exit 2 ;; esac
work="${BFTCHECK_SCRATCH:-$(mktemp -d)}/validator-scale"
rm -rf "$work"
swift build -c release --product bftcheck --scratch-path .build-bench >/dev/null
BFT_VALIDATOR_EVENTS="$events" BFT_VALIDATOR_KEEP="$work" BFT_VALIDATOR_WRITE_ONLY=1 \
    swift test --filter ValidatorScaleTests >/dev/null
du -sh "$work"
/usr/bin/time -f "conform: %e s wall, %U s user, peak resident %M KiB" \
    .build-bench/release/bftcheck conform "$work" --quiet
rm -rf "$work"
