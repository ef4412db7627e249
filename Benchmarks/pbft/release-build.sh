# Sourced by the PBFT benchmark scripts (run.sh, compare-models.sh, billion.sh), with $root set to the
# repository: builds bftcheck in release mode under BFTCHECK_SCRATCH (default .build) and sets
# $bftcheck to the binary; prints the compiler's errors and exits 2 when the build fails.
scratch="${BFTCHECK_SCRATCH:-.build}"
if ! log=$(swift build -c release --scratch-path "$scratch" --product bftcheck 2>&1); then
    echo "$log" | grep -E "error" | head -20 >&2
    exit 2
fi
case "$scratch" in
/*) bftcheck="$scratch/release/bftcheck" ;;
*) bftcheck="$root/$scratch/release/bftcheck" ;;
esac
