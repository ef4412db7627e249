#!/usr/bin/env bash
# The mutation score of the production replica's test suite (issue 14, item 4).
#
# Applies each mutant of Benchmarks/replica/mutants.tsv — one small change to Sources/Replica that breaks a
# rule of Castro & Liskov's PBFT — to a scratch copy of the working tree, rebuilds the tests incrementally,
# runs each detector (a group of suites of Tests/ReplicaTests) on its own, and records whether it failed
# (caught the mutant) and how long it took. Prints the table, writes it as CSV and Markdown, and exits 1 when
# a `safety` mutant survives, when the fastest detector of one needs more than 60 s, or when a mutant does
# not compile. The working tree itself is never modified.
#
# Detectors (`swift test --skip-build --filter` in the copy):
#   property  seeded random schedules of the cluster simulator with its own safety checks (agreement,
#             exactly-once, checkpoint agreement, contradiction, liveness on a loss-free network)
#   oracle    simulated runs whose traces bftcheck's trace validator judges against the PBFT spec
#   unit      scripted state-machine and component tests (LockstepCluster, hand-made messages)
#   model     model-based: schedules walked from the PBFT spec drive in-process replicas (ReplicaTesting's
#             SpecDrivenRun), each run judged by agreement and by the trace validator
# Not run by any detector: ClusterProcessTests and TransportTests (real processes and sockets, slow and
# timing-dependent), MutationCatalogueTests (it reads the copy's sources and so fails for every mutant).
#
# Usage: Benchmarks/replica/mutation-score.sh [--mutants ID[,ID…]] [--out DIR] [--scratch DIR]
#          [--catalogue FILE] [--timeout SECONDS] [--full-manifest]
#   --mutants    the mutants to run (default: all of the catalogue)
#   --out        where results.csv, results.md and the logs go (default /tmp/bftcheck-mutation-score)
#   --scratch    the copy of the tree and its build (default /tmp/bftcheck-mutation-scratch; reused, so a second
#                run builds incrementally)
#   --catalogue  the mutant catalogue (default Benchmarks/replica/mutants.tsv)
#   --timeout    a detector run longer than this many seconds is stopped and counts as caught (default 240)
#   --full-manifest  build with the repository's Package.swift as it is; by default the copy's manifest is
#                reduced to ReplicaTests and the targets it needs (no Z3, MPI, CLI or other test targets)
# Exit status: 0 every safety mutant killed within 60 s; 1 otherwise; 2 bad arguments, a stale mutant, a
# failed baseline build or a detector failing on the unmutated tree.
set -euo pipefail

die() {
    echo "mutation-score: $*" >&2
    exit 2
}

REPO=$(cd "$(dirname "$0")/../.." && pwd)
MUTANTS=""
OUT=/tmp/bftcheck-mutation-score
SCRATCH=/tmp/bftcheck-mutation-scratch
CATALOGUE="$REPO/Benchmarks/replica/mutants.tsv"
TIMEOUT=240
FULL_MANIFEST=0
LIMIT=60

while [ $# -gt 0 ]; do
    case "$1" in
    --mutants) [ $# -ge 2 ] || die "--mutants needs a comma-separated list of ids"; MUTANTS=$2; shift 2 ;;
    --out) [ $# -ge 2 ] || die "--out needs a directory"; OUT=$2; shift 2 ;;
    --scratch) [ $# -ge 2 ] || die "--scratch needs a directory"; SCRATCH=$2; shift 2 ;;
    --catalogue) [ $# -ge 2 ] || die "--catalogue needs a file"; CATALOGUE=$2; shift 2 ;;
    --timeout) [ $# -ge 2 ] || die "--timeout needs a number of seconds"; TIMEOUT=$2; shift 2 ;;
    --full-manifest) FULL_MANIFEST=1; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
    esac
done
[[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "--timeout must be a positive whole number of seconds, got '$TIMEOUT'"
[ -f "$CATALOGUE" ] || die "no catalogue at $CATALOGUE"
command -v python3 >/dev/null || die "python3 is needed to apply the mutants"
command -v git >/dev/null || die "git is needed to list the tree's files"
mkdir -p "$OUT" "$SCRATCH" || die "cannot create $OUT or $SCRATCH"
OUT=$(cd "$OUT" && pwd)
SCRATCH=$(cd "$SCRATCH" && pwd)
case "$SCRATCH/" in "$REPO/"*) die "the scratch directory must be outside the repository ($REPO)" ;; esac
CATALOGUE=$(cd "$(dirname "$CATALOGUE")" && pwd)/$(basename "$CATALOGUE")
TREE="$SCRATCH/tree"
BUILD="$SCRATCH/.build"
LOGS="$OUT/logs"

# The detectors: name, then the suites (Swift Testing ids are ReplicaTests.<Suite>/<test>).
DETECTORS=(property oracle unit model)
declare -A SUITES=(
    [property]="SimulationTests|SimulationCheckerTests|FaultScenarioTests|InjectedFaultTests|TwinsTests"
    [oracle]="ReplicaValidatorTests|ReplicaConformanceTests"
    [unit]="NormalCaseTests|ViewChangeTests|CheckpointTests|CertificateProofTests|ClientAndConfigurationTests|RetransmissionTests|LogCompactionTests|RecoveryTests|WriteAheadLogTests|ExecutedStateStoreTests|CodecTests|TraceLogTests|MutationKillTests"
    [model]="SpecDrivenReplicaTests|SpecScheduleTests"
)

# The catalogue, checked: six fields, a known class, a file under Sources/Replica, unique ids. Prints the
# selected mutants as records separated by NUL: id, file, class, original, replacement, description.
read_catalogue() {
    python3 - "$CATALOGUE" "$MUTANTS" <<'PY'
import sys
path, wanted = sys.argv[1], sys.argv[2]
rows, seen = [], set()
for number, line in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
    if not line.strip() or line.startswith("#") or line.startswith("id\t"):
        continue
    fields = line.split("\t")
    if len(fields) != 6:
        sys.exit(f"mutation-score: {path}:{number}: {len(fields)} tab-separated fields, expected 6")
    ident, file, kind = fields[0], fields[1], fields[2]
    if ident in seen:
        sys.exit(f"mutation-score: {path}:{number}: the id '{ident}' appears twice")
    if kind not in ("safety", "liveness"):
        sys.exit(f"mutation-score: {path}:{number}: class must be safety or liveness, got '{kind}'")
    if not file.startswith("Sources/Replica/") or ".." in file:
        sys.exit(f"mutation-score: {path}:{number}: the file must be under Sources/Replica/, got '{file}'")
    seen.add(ident)
    rows.append(fields)
if wanted:
    ids = [w for w in wanted.split(",") if w]
    unknown = [w for w in ids if w not in seen]
    if unknown:
        sys.exit(f"mutation-score: no mutant named {', '.join(unknown)} in {path}")
    rows = [r for r in rows if r[0] in ids]
if not rows:
    sys.exit(f"mutation-score: no mutants selected from {path}")
sys.stdout.write("".join("\0".join(r) + "\0" for r in rows))
PY
}

# apply FILE ORIGINAL REPLACEMENT: replaces the one occurrence (⏎ = line break); fails unless there is exactly one.
apply() {
    python3 - "$@" <<'PY'
import sys
path, original, replacement = sys.argv[1], sys.argv[2].replace("\u23ce", "\n"), sys.argv[3].replace("\u23ce", "\n")
text = open(path, encoding="utf-8").read()
count = text.count(original)
if count != 1:
    sys.exit(f"the original text occurs {count} times in {path}, not exactly once: the catalogue is stale")
if len(sys.argv) > 4 and sys.argv[4] == "--check":
    sys.exit(0)
open(path, "w", encoding="utf-8").write(text.replace(original, replacement))
PY
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

CATALOGUE_RECORDS=$(mktemp)
trap 'rm -f "$CATALOGUE_RECORDS"' EXIT
read_catalogue >"$CATALOGUE_RECORDS" || exit 2
IDS=() FILES=() CLASSES=() ORIGINALS=() REPLACEMENTS=() DESCRIPTIONS=()
while IFS= read -r -d '' id && IFS= read -r -d '' file && IFS= read -r -d '' class && IFS= read -r -d '' original &&
    IFS= read -r -d '' replacement && IFS= read -r -d '' description; do
    IDS+=("$id") FILES+=("$file") CLASSES+=("$class") ORIGINALS+=("$original") REPLACEMENTS+=("$replacement")
    DESCRIPTIONS+=("$description")
done <"$CATALOGUE_RECORDS"

START=$(now)
echo "mutation-score: ${#IDS[@]} mutants, $(nproc) cores, $(date -u +%FT%TZ)" >&2

# 1. The copy: the tree's tracked and untracked (not ignored) files, with their times, so a reused build stays valid.
rm -rf "$TREE" && mkdir -p "$TREE" "$LOGS"
(cd "$REPO" && git ls-files -co --exclude-standard -z | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
    tar --null -T - -cf -) | tar -xf - -C "$TREE"
[ -f "$REPO/Package.resolved" ] && cp -p "$REPO/Package.resolved" "$TREE/"
if [ "$FULL_MANIFEST" = 0 ]; then
    # The repository's manifest, followed by code that keeps only ReplicaTests and the targets it needs,
    # transitively, and no products: what a new target brings along is kept without editing this script.
    { cat "$TREE/Package.swift"; cat <<'EOF'

// Appended by Benchmarks/replica/mutation-score.sh: only ReplicaTests and the targets it needs, no products.
do {
    let byName = Dictionary(uniqueKeysWithValues: package.targets.map { ($0.name, $0) })
    var keep: Set<String> = []
    var queue = ["ReplicaTests"]
    while let name = queue.popLast() {
        guard let target = byName[name], keep.insert(name).inserted else { continue }
        for dependency in target.dependencies {
            switch dependency {
            case .targetItem(let name, _), .byNameItem(let name, _): queue.append(name)
            default: continue
            }
        }
    }
    package.targets = package.targets.filter { keep.contains($0.name) }
    package.products = []
}
EOF
    } >"$TREE/Package.swift.reduced"
    # Keep the manifest's time when its text is unchanged, so a reused build is not re-planned.
    if [ -f "$SCRATCH/Package.swift.reduced" ] && cmp -s "$TREE/Package.swift.reduced" "$SCRATCH/Package.swift.reduced"; then
        cp -p "$SCRATCH/Package.swift.reduced" "$TREE/Package.swift"
    else
        cp "$TREE/Package.swift.reduced" "$SCRATCH/Package.swift.reduced"
        cp -p "$SCRATCH/Package.swift.reduced" "$TREE/Package.swift"
    fi
    rm "$TREE/Package.swift.reduced"
fi

# 2. Every selected mutant must still apply before anything is built.
for i in "${!IDS[@]}"; do
    [ -f "$TREE/${FILES[$i]}" ] || die "mutant ${IDS[$i]}: no file ${FILES[$i]}"
    apply "$TREE/${FILES[$i]}" "${ORIGINALS[$i]}" "${REPLACEMENTS[$i]}" --check 2>/dev/null ||
        die "mutant ${IDS[$i]}: its original text does not occur exactly once in ${FILES[$i]} (the catalogue is stale)"
done

build() { nice -n 10 swift build --build-tests --package-path "$TREE" --scratch-path "$BUILD" >"$1" 2>&1; }

# run_detector NAME LOG: runs the detector's suites, each output line stamped with the time it came; sets RESULT
# (pass, fail or timeout), SECONDS_TAKEN (the whole run) and FIRST_ISSUE (seconds to the first failing
# expectation, or to the end of a failing run that printed none, e.g. a crash; empty when it passed).
run_detector() {
    local name=$1 log=$2 t0 status=0
    t0=$EPOCHREALTIME
    timeout --kill-after=10 "$TIMEOUT" nice -n 10 swift test --skip-build --package-path "$TREE" --scratch-path "$BUILD" \
        --disable-xctest --filter "ReplicaTests\\.(${SUITES[$name]})/" 2>&1 |
        while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done >"$log" || status=$?
    SECONDS_TAKEN=$(elapsed "$t0" "$EPOCHREALTIME")
    FIRST_ISSUE=""
    if [ "$status" = 0 ]; then RESULT=pass; elif [ "$status" = 124 ] || [ "$status" = 137 ]; then RESULT=timeout; else RESULT=fail; fi
    if [ "$RESULT" != pass ]; then
        FIRST_ISSUE=$(awk -v t0="$t0" '/recorded an issue|failed after/ { printf "%.1f", $1 - t0; exit }' "$log")
        [ -n "$FIRST_ISSUE" ] || FIRST_ISSUE=$SECONDS_TAKEN
    fi
}

# 3. The unmutated tree: it must build, and every detector must pass on it.
echo "building the tests in $TREE (log: $LOGS/build-baseline.log)" >&2
build "$LOGS/build-baseline.log" || die "the unmutated tree does not build: see $LOGS/build-baseline.log"
declare -A BASELINE
for d in "${DETECTORS[@]}"; do
    run_detector "$d" "$LOGS/baseline-$d.log"
    [ "$RESULT" = pass ] || die "detector $d fails ($RESULT) on the unmutated tree: see $LOGS/baseline-$d.log"
    grep -q "passed after\|Test run with [1-9]" "$LOGS/baseline-$d.log" || die "detector $d ran no test: see $LOGS/baseline-$d.log"
    BASELINE[$d]=$SECONDS_TAKEN
    echo "baseline $d: passes in ${SECONDS_TAKEN} s" >&2
done

# 4. The mutants, one at a time; the file is restored whatever happens.
BACKUP="$SCRATCH/original.swift"
RESTORE=""
restore() { if [ -n "$RESTORE" ]; then cp "$BACKUP" "$RESTORE" && RESTORE=""; fi; }
trap 'restore; rm -f "$CATALOGUE_RECORDS"' EXIT
trap 'exit 130' INT TERM

CSV="$OUT/results.csv"
MD="$OUT/results.md"
echo "mutant,class,file,build_s,property,property_first_s,property_run_s,oracle,oracle_first_s,oracle_run_s,unit,unit_first_s,unit_run_s,model,model_first_s,model_run_s,caught_by,validator_refused_in,fastest_s,verdict,first_issue" >"$CSV"
ROWS=()
FAILED=0 KILLED=0 SAFETY=0 SAFETY_KILLED=0
for i in "${!IDS[@]}"; do
    id=${IDS[$i]} file=${FILES[$i]} class=${CLASSES[$i]}
    cp -p "$TREE/$file" "$BACKUP"
    RESTORE="$TREE/$file"
    apply "$TREE/$file" "${ORIGINALS[$i]}" "${REPLACEMENTS[$i]}" || die "mutant $id: could not be applied to $file"
    echo "[$((i + 1))/${#IDS[@]}] $id ($class): building" >&2
    declare -A RES=() RUN=() FIRST=() CELL=()
    caught=() validator=() fastest="" first_issue=""
    b0=$EPOCHREALTIME
    if build "$LOGS/$id-build.log"; then
        build_s=$(elapsed "$b0" "$EPOCHREALTIME")
        for d in "${DETECTORS[@]}"; do
            run_detector "$d" "$LOGS/$id-$d.log"
            RES[$d]=$RESULT RUN[$d]=$SECONDS_TAKEN FIRST[$d]=$FIRST_ISSUE
            if [ "$RESULT" = pass ]; then
                CELL[$d]="passed ($SECONDS_TAKEN s)"
                echo "    $d: passed in $SECONDS_TAKEN s" >&2
                continue
            fi
            caught+=("$d")
            CELL[$d]="**$RESULT** at $FIRST_ISSUE s (run $SECONDS_TAKEN s)"
            echo "    $d: $RESULT, first issue at $FIRST_ISSUE s, run $SECONDS_TAKEN s" >&2
            if [ -z "$fastest" ] || awk -v a="$FIRST_ISSUE" -v b="$fastest" 'BEGIN { exit !(a < b) }'; then fastest=$FIRST_ISSUE; fi
            # The trace validator's verdict (ReplicaValidatorTests, ReplicaConformanceTests, TwinsTests) or the
            # `traces` check of a fault scenario's verdict failed: the oracle itself refused a run.
            if grep -Eq 'isConformant → false|the spec refuses|name: "traces", claim: "[^"]*", passed: false' "$LOGS/$id-$d.log"; then
                validator+=("$d")
                CELL[$d]="${CELL[$d]}, validator refused a trace"
            fi
            if [ -z "$first_issue" ]; then
                first_issue=$(grep -m1 -o 'Test .* recorded an issue at [^:]*:[0-9]*' "$LOGS/$id-$d.log" | sed 's/ recorded an issue at / @ /' || true)
                [ -n "$first_issue" ] && first_issue="$d: $first_issue"
            fi
        done
        if [ ${#caught[@]} -gt 0 ]; then verdict=killed; else verdict=survived; fi
    else
        build_s=$(elapsed "$b0" "$EPOCHREALTIME")
        for d in "${DETECTORS[@]}"; do RES[$d]=n/a RUN[$d]="" FIRST[$d]="" CELL[$d]="–"; done
        verdict=did-not-compile
        FAILED=1
        echo "    the mutant does not compile: see $LOGS/$id-build.log" >&2
    fi
    restore
    by=$(IFS='+'; echo "${caught[*]:-none}")
    vby=$(IFS='+'; echo "${validator[*]:-none}")
    [ -n "$fastest" ] || fastest="-"
    [ "$verdict" = killed ] && KILLED=$((KILLED + 1))
    if [ "$class" = safety ]; then
        SAFETY=$((SAFETY + 1))
        if [ "$verdict" != killed ]; then
            FAILED=1
        elif awk -v a="$fastest" -v l="$LIMIT" 'BEGIN { exit !(a > l) }'; then
            FAILED=1
            verdict=killed-slowly
        else
            SAFETY_KILLED=$((SAFETY_KILLED + 1))
        fi
    fi
    echo "$id,$class,$file,$build_s,${RES[property]},${FIRST[property]},${RUN[property]},${RES[oracle]},${FIRST[oracle]},${RUN[oracle]},${RES[unit]},${FIRST[unit]},${RUN[unit]},${RES[model]},${FIRST[model]},${RUN[model]},$by,$vby,$fastest,$verdict,\"${first_issue//\"/\'}\"" >>"$CSV"
    ROWS+=("| \`$id\` | $class | ${CELL[property]} | ${CELL[oracle]} | ${CELL[unit]} | ${CELL[model]} | $by | $fastest | **$verdict** |")
    echo "    => $verdict (caught by $by, first issue after $fastest s)" >&2
done

TOTAL=$(elapsed "$START" "$(now)")
{
    echo "# Mutation score of the replica's tests"
    echo
    echo "$(date -u +%FT%TZ), $(nproc) cores, catalogue $(basename "$CATALOGUE"), whole script ${TOTAL} s."
    echo "Detector run times on the unmutated tree: property ${BASELINE[property]} s, oracle ${BASELINE[oracle]} s, unit ${BASELINE[unit]} s, model ${BASELINE[model]} s."
    echo "A cell gives the seconds from the detector's start to its first failing expectation (the run's end when a"
    echo "crash printed none) and the whole run's time; \`timeout\` (after ${TIMEOUT} s) counts as caught; \"validator refused"
    echo "a trace\" marks a detector in which bftcheck's trace validator itself rejected a run. \"Fastest\" is the"
    echo "earliest first failure over the detectors."
    echo
    echo "| mutant | class | property | oracle | unit | model | caught by | fastest (s) | verdict |"
    echo "|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "Score: $KILLED of ${#IDS[@]} mutants killed; $SAFETY_KILLED of $SAFETY safety mutants killed within ${LIMIT} s."
} >"$MD"
cat "$MD"
echo "results: $CSV, $MD, logs in $LOGS" >&2
exit "$FAILED"
