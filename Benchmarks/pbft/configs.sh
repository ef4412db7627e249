#!/usr/bin/env bash
# Checks every config under Specs/pbft with and without symmetry (release build, 2 threads) and prints
# the Markdown table of Docs/pbft.md: verdict, distinct states and seconds for each.
#
# Usage: Benchmarks/pbft/configs.sh [config.cfg …]     (default: every Specs/pbft/*.cfg)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if ! log=$(swift build -c release 2>&1); then
    echo "$log" | grep -E "error" | head -20 >&2
    exit 2
fi
bftcheck="$root/.build/release/bftcheck"
output="$(mktemp -d)"
trap 'rm -rf "$output"' EXIT
configs=("$@")
[[ ${#configs[@]} -eq 0 ]] && configs=(Specs/pbft/*.cfg)

field() { grep -o "\"$1\" : [0-9.e+-]*" | head -1 | awk '{print $3}'; }
verdict() {
    local outcome depth property
    outcome=$(grep -o '"outcome" : "[a-z]*"' | head -1 | awk -F'"' '{print $4}')
    echo "$outcome"
}

echo "| config | verdict | states, symmetry | s | states, no symmetry | s |"
echo "|---|---|---:|---:|---:|---:|"
for config in "${configs[@]}"; do
    with=$("$bftcheck" check "$config" --threads 2 --symmetry --quiet --json --output "$output" || true)
    without=$("$bftcheck" check "$config" --threads 2 --no-symmetry --quiet --json --output "$output" || true)
    outcome=$(echo "$with" | verdict)
    if [[ "$outcome" == "violated" ]]; then
        property=$(echo "$with" | grep -o '"property" : "[A-Za-z]*"' | head -1 | awk -F'"' '{print $4}')
        depth=$(echo "$with" | field depth)
        outcome="violated: $property, $depth steps"
    fi
    printf "| %s | %s | %s | %.2f | %s | %.2f |\n" "$(basename "$config" .cfg)" "$outcome" \
        "$(echo "$with" | field distinctStates)" "$(echo "$with" | field seconds)" \
        "$(echo "$without" | field distinctStates)" "$(echo "$without" | field seconds)"
done
