#!/usr/bin/env bash
# The layer port of PBFT (`pbft-layer`, Sources/ProtocolSpecs/PBFTLayer) against the hand-packed spec
# (`pbft`), side by side in one run: the same config under both models, the same threads and
# symmetry; prints distinct states (which must be equal), seconds, states/s and the ratio (issue 10's
# goal: the layer no slower than 1.1×).
#
# Usage: Benchmarks/pbft/compare-models.sh [--threads N] [--no-symmetry] [config …]
#        (default: 2 threads, with symmetry, Specs/pbft/n4-f1-view-change.cfg and
#        Specs/pbft/n4-f1-checkpoints.cfg; builds bftcheck in release mode under BFTCHECK_SCRATCH,
#        default .build). Pass Benchmarks/pbft/n4-f1-view-change-2-requests.cfg for the issue's
#        12,329,776-state benchmark.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
threads=2
symmetry=--symmetry
configs=()
while [[ $# -gt 0 ]]; do
    case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --no-symmetry) symmetry=--no-symmetry; shift ;;
    *) configs+=("$1"); shift ;;
    esac
done
[[ ${#configs[@]} -eq 0 ]] && configs=(Specs/pbft/n4-f1-view-change.cfg Specs/pbft/n4-f1-checkpoints.cfg)

# shellcheck source=release-build.sh
source "$root/Benchmarks/pbft/release-build.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
field() { grep -o "\"$1\" : [0-9.e+-]*" | head -1 | awk '{print $3}'; }

echo "bftcheck $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, $threads threads, ${symmetry#--}, $(date -u +%Y-%m-%d)"
echo
echo "| config | pbft states | pbft-layer states | equal | pbft s | pbft-layer s | pbft states/s | pbft-layer states/s | ratio |"
echo "|---|---:|---:|---|---:|---:|---:|---:|---:|"
for config in "${configs[@]}"; do
    name="$(basename "$config" .cfg)"
    declare -A states seconds
    for model in pbft pbft-layer; do
        sed "s/^model = pbft$/model = $model/" "$config" >"$work/$name.cfg"
        report=$("$bftcheck" check "$work/$name.cfg" --threads "$threads" "$symmetry" --no-expect --quiet --json \
            --output "$work/out" || true)
        states[$model]=$(echo "$report" | field distinctStates)
        seconds[$model]=$(echo "$report" | field seconds)
    done
    equal=$([[ "${states[pbft]}" == "${states[pbft-layer]}" ]] && echo yes || echo NO)
    printf "| %s | %s | %s | %s | %.2f | %.2f | %.0f | %.0f | %.1f× |\n" "$name" "${states[pbft]}" "${states[pbft-layer]}" "$equal" \
        "${seconds[pbft]}" "${seconds[pbft-layer]}" \
        "$(awk -v s="${states[pbft]}" -v t="${seconds[pbft]}" 'BEGIN { print s / t }')" \
        "$(awk -v s="${states[pbft-layer]}" -v t="${seconds[pbft-layer]}" 'BEGIN { print s / t }')" \
        "$(awk -v a="${seconds[pbft-layer]}" -v b="${seconds[pbft]}" 'BEGIN { print a / b }')"
done
echo
echo "reproduce: Benchmarks/pbft/compare-models.sh --threads $threads $([[ $symmetry == --no-symmetry ]] && echo '--no-symmetry ')${configs[*]}"
