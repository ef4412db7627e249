#!/usr/bin/env bash
# Runs one fixture through bftcheck, SPIN and Rumur in the same run, checks that the three count the
# same distinct states, and prints each tool's states/s and the ratios (see Benchmarks/README.md).
#
#   bash Benchmarks/run-comparison.sh                          # the >= 10 M-state benchmark: TwoPhase, 9 managers
#   bash Benchmarks/run-comparison.sh --fixture counters-8x8   # the other one (16.7 M states)
#   bash Benchmarks/run-comparison.sh --fixture two-phase-commit-K | counters-KxM   # any size
#   bash Benchmarks/run-comparison.sh --quick                  # small sizes of all three fixtures: counts only
#   bash Benchmarks/run-comparison.sh --repeat N               # time each run N times, keep the best (default 3)
#
# Environment: BFTCHECK_SCRATCH (SwiftPM scratch path, default .build-bench), SPIN_CFLAGS (default
# -O2), RUMUR_CFLAGS (default: what Rumur's README recommends), SKIP_BUILD=1 (reuse the binary).
# Exit status: 0 the counts agree (whatever the speed), 1 a count or an outcome differs, 2 bad usage
# or a missing tool.
set -euo pipefail

usage() {
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-2}"
}

MODE=full
FIXTURE=two-phase-commit-9
REPEAT=3
while [ $# -gt 0 ]; do
    case "$1" in
    --quick) MODE=quick ;;
    --repeat)
        [ $# -ge 2 ] && [[ $2 =~ ^[1-9][0-9]*$ ]] || usage
        REPEAT=$2
        shift
        ;;
    --fixture)
        [ $# -ge 2 ] || usage
        FIXTURE=$2
        shift
        ;;
    -h | --help) usage 0 ;;
    *)
        echo "run-comparison: unknown argument '$1'" >&2
        usage
        ;;
    esac
    shift
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
WORK=$ROOT/Benchmarks/work
SCRATCH=${BFTCHECK_SCRATCH:-.build-bench}
SPIN_CFLAGS=${SPIN_CFLAGS:--O2}
# Rumur's README: cc -std=c11 -march=native -O3, plus -mcx16 with GCC on x86-64.
RUMUR_DEFAULT_CFLAGS="-std=c11 -O3 -march=native"
if [ "$(uname -m)" = x86_64 ]; then RUMUR_DEFAULT_CFLAGS+=" -mcx16"; fi
RUMUR_CFLAGS=${RUMUR_CFLAGS:-$RUMUR_DEFAULT_CFLAGS}
CC=${CC:-gcc}
mkdir -p "$WORK"

for tool in swift spin rumur "$CC"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "run-comparison: '$tool' is not installed (Debian/Ubuntu: apt-get install -y spin rumur gcc)" >&2
        exit 2
    fi
done

# Memory SPIN may use (-DMEMLIM, MB): 80 % of the machine's, so a large run is not cut short by
# SPIN's 2 GB default.
MEM_MB=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.8 }' /proc/meminfo 2>/dev/null || echo 8192)

# ---------------------------------------------------------------------------------------------------
# Running and timing

# timed NAME COMMAND...: runs COMMAND $REPEAT times with stdout in $WORK/NAME.out and stderr in
# $WORK/NAME.err (of the last run); sets RC, and REAL and CPU (user + system seconds of the process and
# its children) to the least of the runs: the best of N, as benchmark harnesses report, because on a
# shared machine every disturbance only ever adds time.
timed() {
    local name=$1
    shift
    local timing="$WORK/$name.time"
    local TIMEFORMAT='%R %U %S'
    local run best_real="" best_cpu="" real user system cpu
    for ((run = 1; run <= REPEAT; run++)); do
        RC=0
        { time "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"; } 2>"$timing" || RC=$?
        read -r real user system <"$timing"
        cpu=$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.2f", u + s }')
        if [ -z "$best_real" ] || awk -v a="$real" -v b="$best_real" 'BEGIN { exit !(a < b) }'; then best_real=$real; fi
        if [ -z "$best_cpu" ] || awk -v a="$cpu" -v b="$best_cpu" 'BEGIN { exit !(a < b) }'; then best_cpu=$cpu; fi
        if [ "$RC" != 0 ] && [ "$RC" != 1 ]; then break; fi
    done
    REAL=$best_real
    CPU=$best_cpu
}

# quiet_run LOG COMMAND...: runs a build step, shows its log only if it fails.
quiet_run() {
    local log=$1
    shift
    if ! "$@" >"$log" 2>&1; then
        echo "run-comparison: FAILED: $*" >&2
        tail -30 "$log" >&2
        exit 2
    fi
}

build_bftcheck() {
    case "$SCRATCH" in
    /*) BFT="$SCRATCH/release/bftcheck" ;;
    *) BFT="$ROOT/$SCRATCH/release/bftcheck" ;;
    esac
    if [ "${SKIP_BUILD:-0}" = 1 ] && [ -x "$BFT" ]; then return; fi
    echo "building bftcheck (release, --scratch-path $SCRATCH) ..."
    quiet_run "$WORK/build.log" swift build -c release --scratch-path "$SCRATCH" --product bftcheck
}

# bftcheck NAME CONFIG FLAGS...: sets STATES and OUTCOME (holds | violated | ...).
bftcheck() {
    local name=$1 config=$2
    shift 2
    timed "$name" "$BFT" check "$config" --json --quiet --no-symmetry --output "$WORK/counterexamples" "$@"
    if [ "$RC" != 0 ] && [ "$RC" != 1 ]; then
        echo "run-comparison: bftcheck failed (exit $RC) on $config:" >&2
        cat "$WORK/$name.err" "$WORK/$name.out" >&2
        exit 1
    fi
    STATES=$(sed -n 's/.*"distinctStates" *: *\([0-9]*\).*/\1/p' "$WORK/$name.out" | head -1)
    OUTCOME=$(sed -n 's/^  "outcome" *: *"\([a-z]*\)".*/\1/p' "$WORK/$name.out" | head -1)
}

# spin NAME MODEL DEPTH EXPECTED DEFINES...: generates, compiles and runs the SPIN verifier for
# Benchmarks/promela/MODEL.pml with the preprocessor DEFINES; sets STATES and OUTCOME.
# DEPTH is pan's -m (the DFS stack must hold the deepest path); -w is sized from EXPECTED.
spin_run() {
    local name=$1 model=$2 depth=$3 expected=$4
    shift 4
    local dir="$WORK/spin/$name"
    rm -rf "$dir"
    mkdir -p "$dir"
    local width=18
    while [ $((1 << width)) -lt $((expected * 2)) ]; do width=$((width + 1)); done
    (cd "$dir" && quiet_run build.log spin "$@" -a "$ROOT/Benchmarks/promela/$model.pml")
    # shellcheck disable=SC2086  # SPIN_CFLAGS is a list of flags
    (cd "$dir" && quiet_run build.log "$CC" $SPIN_CFLAGS -DSAFETY -DNOREDUCE -DMEMLIM="$MEM_MB" -o pan pan.c)
    # In its own directory: pan writes a .trail file into the current one when it finds a violation.
    pushd "$dir" >/dev/null
    timed "$name" ./pan -m"$depth" -w"$width"
    popd >/dev/null
    local out="$WORK/$name.out"
    if grep -q "max search depth too small" "$out"; then
        echo "run-comparison: SPIN's -m$depth is too small for $name: the search was truncated" >&2
        exit 1
    fi
    STATES=$(awk '/states, stored/ { printf "%.0f", $1; exit }' "$out")
    local errors
    errors=$(sed -n 's/.*errors: \([0-9]*\).*/\1/p' "$out" | head -1)
    if [ "${errors:-0}" -gt 0 ]; then OUTCOME=violated; else OUTCOME=holds; fi
}

# rumur NAME MODEL SED...: instantiates Benchmarks/murphi/MODEL.m with the sed expressions,
# generates and compiles the single-threaded Rumur verifier, runs it; sets STATES and OUTCOME.
rumur_run() {
    local name=$1 model=$2
    shift 2
    local dir="$WORK/rumur/$name"
    rm -rf "$dir"
    mkdir -p "$dir"
    local args=()
    for expression in "$@"; do args+=(-e "$expression"); done
    if [ ${#args[@]} -gt 0 ]; then
        sed "${args[@]}" "Benchmarks/murphi/$model.m" >"$dir/model.m"
    else
        cp "Benchmarks/murphi/$model.m" "$dir/model.m"
    fi
    quiet_run "$dir/build.log" rumur --threads 1 --deadlock-detection off --output-format machine-readable \
        "$dir/model.m" --output "$dir/model.c"
    # shellcheck disable=SC2086  # RUMUR_CFLAGS is a list of flags
    quiet_run "$dir/build.log" "$CC" $RUMUR_CFLAGS -o "$dir/model" "$dir/model.c" -lpthread
    timed "$name" "$dir/model"
    STATES=$(sed -n 's/.*<summary states="\([0-9]*\)".*/\1/p' "$WORK/$name.out" | head -1)
    local errors
    errors=$(sed -n 's/.*<summary [^>]*errors="\([0-9]*\)".*/\1/p' "$WORK/$name.out" | head -1)
    if [ "${errors:-0}" -gt 0 ]; then OUTCOME=violated; else OUTCOME=holds; fi
}

# The count from a config's `[expect] states = N` line (empty if none).
expected_states() { sed -n 's/^ *states *= *\([0-9]*\).*/\1/p' "$1" | head -1; }

rate() { awk -v n="$1" -v t="$2" 'BEGIN { if (t > 0) printf "%.0f", n / t; else print "inf" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r + 0 >= t + 0) ? "met" : "MISSED" }'; }

# The share of all CPUs that was idle over one second (from /proc/stat), in percent.
idle_percent() {
    local a b
    a=$(awk '/^cpu / { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat 2>/dev/null) || return 0
    sleep 1
    b=$(awk '/^cpu / { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
    awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " ");
        if (y[2] > x[2]) printf "%.0f", 100 * (y[1] - x[1]) / (y[2] - x[2]); else print 100 }'
}

machine_line() {
    local cpu load idle
    cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
    load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
    idle=$(idle_percent)
    echo "machine: $(nproc) cores, ${cpu:-unknown CPU}; load average $load; ${idle:-?}% of the CPUs idle just now"
    if [ -n "$idle" ] && [ "$idle" -lt 90 ]; then
        echo "warning: the machine is busy: wall-clock rates and the 2-thread speedup will be understated;"
        echo "         the CPU-time columns are the steadier figure for the single-threaded runs"
    fi
}

# ---------------------------------------------------------------------------------------------------
# --quick: small sizes of all three fixtures, counts and outcomes only

FAILURES=0

# compare LABEL EXPECTED-STATES EXPECTED-OUTCOME: the last three runs' STATES/OUTCOME are in
# B_STATES/B_OUTCOME, S_…, R_…. EXPECTED-STATES may be "-" (the three must still agree).
compare() {
    local label=$1 expected=$2 outcome=$3 status=ok
    if [ "$B_STATES" != "$S_STATES" ] || [ "$B_STATES" != "$R_STATES" ]; then status="COUNT MISMATCH"; fi
    if [ "$expected" != - ] && [ "$B_STATES" != "$expected" ]; then status="COUNT MISMATCH"; fi
    if [ "$B_OUTCOME" != "$outcome" ] || [ "$S_OUTCOME" != "$outcome" ] || [ "$R_OUTCOME" != "$outcome" ]; then
        status="OUTCOME MISMATCH"
    fi
    if [ "$outcome" = violated ]; then
        # A search that stops at the first violation counts a prefix that depends on its search
        # order (BFS, DFS): only the outcome is compared.
        status=${status/COUNT MISMATCH/ok}
        printf '%-44s %12s %12s %12s %10s  %s\n' "$label" "($B_STATES)" "($S_STATES)" "($R_STATES)" "$outcome" "$status"
    else
        printf '%-44s %12s %12s %12s %10s  %s\n' "$label" "$B_STATES" "$S_STATES" "$R_STATES" "$outcome" "$status"
    fi
    if [ "$status" != ok ]; then FAILURES=$((FAILURES + 1)); fi
}

write_config() { # write_config NAME MODEL [key=value ...] — [constants] entries; sections via @lines
    local file="$WORK/configs/$1.cfg" model=$2
    shift 2
    mkdir -p "$WORK/configs"
    {
        echo "# Generated by Benchmarks/run-comparison.sh --quick."
        echo "model = $model"
        echo "[constants]"
        for entry in "$@"; do
            case "$entry" in
            @*) printf '%s\n' "${entry#@}" ;;
            *) echo "${entry%%=*} = ${entry#*=}" ;;
            esac
        done
    } >"$file"
    CONFIG=$file
}

quick_case() { # quick_case LABEL EXPECTED OUTCOME SPIN-DEPTH -- bftcheck config given by CONFIG; SPIN_ARGS; RUMUR_ARGS
    local label=$1 expected=$2 outcome=$3 depth=$4 key
    key=$(echo "$label" | tr -c 'a-zA-Z0-9\n-' '_')
    bftcheck "quick-bft-$key" "$CONFIG" --threads 1
    B_STATES=$STATES B_OUTCOME=$OUTCOME
    spin_run "quick-spin-$key" "${SPIN_ARGS[@]:0:1}" "$depth" "${expected/-/100000}" "${SPIN_ARGS[@]:1}"
    S_STATES=$STATES S_OUTCOME=$OUTCOME
    rumur_run "quick-rumur-$key" "${RUMUR_ARGS[@]}"
    R_STATES=$STATES R_OUTCOME=$OUTCOME
    compare "$label" "$expected" "$outcome"
}

run_quick() {
    local started=$SECONDS
    build_bftcheck
    machine_line
    printf '%-44s %12s %12s %12s %10s  %s\n' "fixture (no symmetry, 1 thread)" bftcheck SPIN Rumur outcome check
    local k m n
    for km in 1x5 3x4 4x6 5x5; do
        k=${km%x*} m=${km#*x}
        write_config "counters-${k}x$m" counters "counters=$k" "limit=$m"
        SPIN_ARGS=(counters -DK="$k" -DM="$m")
        RUMUR_ARGS=(counters "s/^  K : [0-9]*;/  K : $k;/" "s/^  M : [0-9]*;/  M : $m;/")
        quick_case "counters k=$k m=$m" $((m ** k)) holds $((m ** k + 10))
    done
    for k in 1 3 4 5 6; do
        write_config "two-phase-commit-$k" two-phase-commit "managers=$k"
        SPIN_ARGS=(two-phase-commit -DK="$k")
        RUMUR_ARGS=(two-phase-commit "s/^  K : [0-9]*;/  K : $k;/")
        local expected=-
        case $k in 3) expected=288 ;; 4) expected=1568 ;; 5) expected=8832 ;; esac
        quick_case "two-phase-commit managers=$k" "$expected" holds 10000
    done
    for n in 1 3 5; do
        write_config "lock-mutex-$n" lock-mutex "processes=$n" "seeded_bug=false"
        SPIN_ARGS=(lock-mutex -DN="$n" -DSEEDED_BUG=0)
        RUMUR_ARGS=(lock-mutex "s/^  N : [0-9]*;/  N : $n;/" "s/^  SEEDED_BUG : [0-9]*;/  SEEDED_BUG : 0;/")
        quick_case "lock-mutex processes=$n" $((n + 1)) holds 10000
        # The buggy variant's whole state space: no invariant, so every search runs to the end.
        write_config "lock-mutex-bug-full-$n" lock-mutex "processes=$n" "seeded_bug=true" "@[invariants]"
        SPIN_ARGS=(lock-mutex -DN="$n" -DSEEDED_BUG=1 -DCHECK_MUTEX=0)
        RUMUR_ARGS=(lock-mutex "s/^  N : [0-9]*;/  N : $n;/" "s/^  SEEDED_BUG : [0-9]*;/  SEEDED_BUG : 1;/"
            "s/^  CHECK_MUTEX : [0-9]*;/  CHECK_MUTEX : 0;/")
        quick_case "lock-mutex seeded_bug processes=$n, no inv." - holds 100000
    done
    for n in 2 3 5; do
        write_config "lock-mutex-bug-$n" lock-mutex "processes=$n" "seeded_bug=true" "@[invariants]" "@MutualExclusion"
        SPIN_ARGS=(lock-mutex -DN="$n" -DSEEDED_BUG=1 -DCHECK_MUTEX=1)
        RUMUR_ARGS=(lock-mutex "s/^  N : [0-9]*;/  N : $n;/" "s/^  SEEDED_BUG : [0-9]*;/  SEEDED_BUG : 1;/"
            "s/^  CHECK_MUTEX : [0-9]*;/  CHECK_MUTEX : 1;/")
        quick_case "lock-mutex seeded_bug processes=$n" - violated 100000
    done
    echo "(counts in parentheses: the search stopped at the first violation)"
    echo "quick comparison finished in $((SECONDS - started)) s (including the bftcheck build)"
    if [ "$FAILURES" -gt 0 ]; then
        echo "run-comparison: $FAILURES fixture(s) where the tools disagree" >&2
        exit 1
    fi
    echo "all counts and outcomes agree"
}

# ---------------------------------------------------------------------------------------------------
# The full benchmark

run_full() {
    local config spin_args rumur_args label k m depth=
    case "$FIXTURE" in
    two-phase-commit-[0-9]*)
        k=${FIXTURE#two-phase-commit-}
        label="TwoPhase commit, $k resource managers, no symmetry"
        config=Specs/fixtures/bench-$FIXTURE.cfg
        [ -f "$config" ] || { write_config "$FIXTURE" two-phase-commit "managers=$k" && config=$CONFIG; }
        spin_args=(two-phase-commit -DK="$k")
        rumur_args=(two-phase-commit "s/^  K : [0-9]*;/  K : $k;/")
        depth=10000 # TwoPhase's paths are short (at most 4 k + 1 steps)
        ;;
    counters-[0-9]*x[0-9]*)
        k=${FIXTURE#counters-} && k=${k%x*} && m=${FIXTURE#*x}
        label="$k counters below $m, no symmetry"
        config=Specs/fixtures/bench-$FIXTURE.cfg
        [ -f "$config" ] || { write_config "$FIXTURE" counters "counters=$k" "limit=$m" && config=$CONFIG; }
        spin_args=(counters -DK="$k" -DM="$m")
        rumur_args=(counters "s/^  K : [0-9]*;/  K : $k;/" "s/^  M : [0-9]*;/  M : $m;/")
        ;;
    *)
        echo "run-comparison: unknown fixture '$FIXTURE' (two-phase-commit-K or counters-KxM)" >&2
        exit 2
        ;;
    esac
    local expected
    expected=$(expected_states "$config")
    build_bftcheck
    echo "fixture: $FIXTURE ($label): ${expected:-an unpinned number of} states expected ($config)"
    machine_line
    echo "versions: $(swift --version 2>/dev/null | head -1); $(spin -V 2>&1 | head -1); $(rumur --version 2>&1 | head -1); $("$CC" --version | head -1)"
    echo

    declare -A states real cpu
    local rows=(fp1 exact1 fp2 spin rumur)
    declare -A names=(
        [fp1]="bftcheck fingerprints, 1 thread"
        [exact1]="bftcheck exact, 1 thread"
        [fp2]="bftcheck fingerprints, 2 threads"
        [spin]="SPIN"
        [rumur]="Rumur, 1 thread"
    )
    local outcomes=""
    echo "running bftcheck (fingerprints, 1 thread) ..."
    bftcheck full-bft-fp1 "$config" --threads 1
    states[fp1]=$STATES real[fp1]=$REAL cpu[fp1]=$CPU outcomes+=" $OUTCOME"
    # Without a pinned count, the others must agree with this run's.
    expected=${expected:-$STATES}
    # SPIN's depth-first stack must hold the deepest path: on the counters' product space SPIN
    # reaches depth states - 1.
    depth=${depth:-$((expected + 100))}
    local bytes_fp bytes_exact
    bytes_fp=$(sed -n 's/.*"bytesPerState" *: *\([0-9.]*\).*/\1/p' "$WORK/full-bft-fp1.out" | awk '{ printf "%.1f", $1; exit }')
    echo "running bftcheck (exact, 1 thread) ..."
    bftcheck full-bft-exact1 "$config" --threads 1 --exact
    states[exact1]=$STATES real[exact1]=$REAL cpu[exact1]=$CPU outcomes+=" $OUTCOME"
    bytes_exact=$(sed -n 's/.*"bytesPerState" *: *\([0-9.]*\).*/\1/p' "$WORK/full-bft-exact1.out" | awk '{ printf "%.1f", $1; exit }')
    echo "running bftcheck (fingerprints, 2 threads) ..."
    bftcheck full-bft-fp2 "$config" --threads 2
    states[fp2]=$STATES real[fp2]=$REAL cpu[fp2]=$CPU outcomes+=" $OUTCOME"
    echo "running SPIN ..."
    spin_run full-spin "${spin_args[0]}" "$depth" "$expected" "${spin_args[@]:1}"
    states[spin]=$STATES real[spin]=$REAL cpu[spin]=$CPU outcomes+=" $OUTCOME"
    echo "running Rumur ..."
    rumur_run full-rumur "${rumur_args[@]}"
    states[rumur]=$STATES real[rumur]=$REAL cpu[rumur]=$CPU outcomes+=" $OUTCOME"
    echo

    local report="$WORK/comparison-$FIXTURE.txt"
    {
        echo "fixture: $FIXTURE ($label)"
        machine_line
        echo "flags: SPIN: spin -a; $CC $SPIN_CFLAGS -DSAFETY -DNOREDUCE -DMEMLIM=$MEM_MB; pan -m$depth -w<2 x states>"
        echo "       Rumur: rumur --threads 1 --deadlock-detection off; $CC $RUMUR_CFLAGS"
        echo "       bftcheck: check --no-symmetry --threads N [--exact] (BFS)"
        echo "times: the best of $REPEAT runs of each (--repeat N)"
        printf '%-34s %10s %9s %9s %14s %14s\n' tool "states" "wall s" "CPU s" "states/s wall" "states/s CPU"
        for row in "${rows[@]}"; do
            printf '%-34s %10s %9s %9s %14s %14s\n' "${names[$row]}" "${states[$row]}" "${real[$row]}" "${cpu[$row]}" \
                "$(rate "${states[$row]}" "${real[$row]}")" "$(rate "${states[$row]}" "${cpu[$row]}")"
        done
        echo "bftcheck bytes per stored state: ${bytes_fp:-?} (fingerprints), ${bytes_exact:-?} (exact)"
        echo
        printf '%-44s %8s %8s %8s  %s\n' "ratio of states/s" "wall" "CPU" target "verdict"
        local r_wall r_cpu mine theirs target
        declare -A short=([fp1]="bftcheck fingerprints 1T" [exact1]="bftcheck exact 1T" [spin]=SPIN [rumur]=Rumur)
        for pair in "fp1 spin 3" "fp1 rumur 3" "exact1 spin 1" "exact1 rumur 1"; do
            read -r mine theirs target <<<"$pair"
            # The same state count, so the ratio of states/s is the inverse ratio of the times.
            r_wall=$(ratio "${real[$theirs]}" "${real[$mine]}")
            r_cpu=$(ratio "${cpu[$theirs]}" "${cpu[$mine]}")
            printf '%-44s %8s %8s %8s  %s\n' "${short[$mine]} / ${short[$theirs]}" "$r_wall" "$r_cpu" ">= $target" \
                "$(verdict "$r_cpu" "$target") (CPU)"
        done
        r_wall=$(ratio "${real[fp1]}" "${real[fp2]}")
        printf '%-44s %8s %8s %8s  %s\n' "bftcheck 2-thread speedup (fingerprints)" "$r_wall" - ">= 1.8" "$(verdict "$r_wall" 1.8) (wall)"
        echo "bftcheck 2-thread work overhead: $(ratio "${cpu[fp2]}" "${cpu[fp1]}")x the CPU time of 1 thread"
    } | tee "$report"
    echo "(ratios > 1: bftcheck is faster. Single-threaded verdicts use CPU time, which a busy machine"
    echo " disturbs least; the speedup can only use wall time. Saved in $report.)"

    local status=0
    for row in "${rows[@]}"; do
        if [ "${states[$row]}" != "$expected" ]; then
            echo "run-comparison: COUNT MISMATCH: ${names[$row]} counted ${states[$row]} states, expected $expected" >&2
            status=1
        fi
    done
    for outcome in $outcomes; do
        if [ "$outcome" != holds ]; then
            echo "run-comparison: OUTCOME MISMATCH: a run reported '$outcome' where every property holds" >&2
            status=1
        fi
    done
    if [ $status = 0 ]; then echo "all five runs counted $expected distinct states"; fi
    return $status
}

if [ "$MODE" = quick ]; then
    REPEAT=1
    run_quick
else
    run_full
fi
