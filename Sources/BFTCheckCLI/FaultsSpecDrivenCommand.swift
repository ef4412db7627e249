import ArgumentParser
import Conformance
import Foundation
import MessagePassing
import ModelChecking
import Replica
import ReplicaTesting
import Verification

/// `bftcheck faults spec-driven`: schedules walked from the PBFT spec drive the production replica's
/// state machines in process (`SpecDrivenRun`), each run judged by agreement and by the trace
/// validator.
struct FaultsSpecDrivenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spec-driven",
        abstract: "Schedules from the PBFT spec drive the replica in process; each run is judged twice.",
        discussion: """
            Run i walks the PBFT spec (as 'bftcheck simulate --events' does) with seed S + i - 1 and \
            replays the walk's requests, deliveries (in the spec's order, matched by type, view and \
            sequence number to what the replicas sent) and timeouts as the inputs of n in-process \
            replicas, then judges the run: the replicas executed the same batch at every sequence \
            number, and the trace validator accepts their traces. With --config, the schedules are \
            random walks of pbft-layer within a pbft config's bounds (those of 'bftcheck test'). \
            With --counterexample, the \
            schedule is a counterexample 'bftcheck check' wrote (pbft-layer: replayed; pbft: the \
            same parameters checked again on pbft-layer); with --schedule, a schedule file this \
            command wrote. A failing schedule is shrunk (delta debugging over its stimuli) to one \
            that fails the same way, written under --regression-out as a regression test. Prints \
            totals, the schedules per second (stderr) and the seed of the first failing run. Exit \
            status: 0 every run holds, 1 one failed, 2 bad usage or input (e.g. a counterexample with \
            n < 3f + 1, which the replica refuses).
            """)

    @Option(parsing: .unconditional, help: "Runs (schedules), 1...100000000 (default 100).")
    var runs = 100

    @Option(parsing: .unconditional, help: "Events of each spec walk, 10...1000000 (default 600).")
    var events = 600

    @Option(parsing: .unconditional, help: "Replicas n, 4...16 (f = (n - 1) / 3).")
    var replicas = 4

    @Option(parsing: .unconditional, help: "Timer expiries per million steps of each walk (default 10000).")
    var timeoutsPerMillion = 10_000

    @Flag(
        help:
            "r0 (the primary of view 0) is Byzantine in the walks: its PRE-PREPAREs (half equivocating), votes, checkpoints and VIEW-CHANGEs reach the replicas as the walk sends them."
    )
    var byzantinePrimary = false

    @Option(parsing: .unconditional, help: "The seed of the first run (default: a fresh one, printed).")
    var seed: UInt64?

    @Option(help: "Drive the replicas with random walks of pbft-layer within this pbft config's bounds (the walks of 'bftcheck test').")
    var config: String?

    @Option(parsing: .unconditional, help: "Steps of each --config walk, 1...10000000 (default 100).")
    var depth = 100

    @Option(help: "Drive the replicas with this counterexample of pbft or pbft-layer instead of walks (repeatable).")
    var counterexample: [String] = []

    @Option(help: "Drive the replicas with this schedule file (e.g. a regression test) instead of walks (repeatable).")
    var schedule: [String] = []

    @Option(parsing: .unconditional, help: "Shrinking budget: candidate schedules run, 0...100000000 (default 2000; 0: no shrinking).")
    var shrinkBudget = 2_000

    @Option(help: "Write the shrunk failing schedule into this directory, as a regression test.")
    var regressionOut: String?

    @Option(help: "Write the (shrunk) failing run's replica traces into this directory.")
    var traceOut: String?

    @Flag(help: "Write the result as JSON to stdout (format bftcheck-spec-driven/1).")
    var json = false

    func run() throws {
        let runs = try Inputs.specDrivenRuns.validate(runs)
        let events = try Inputs.specDrivenEvents.validate(events)
        let replicas = try Inputs.faultsReplicas.validate(replicas)
        let timeouts = try Inputs.timeoutsPerMillion.validate(timeoutsPerMillion)
        let depth = try Inputs.testDepth.validate(depth)
        let shrinkBudget = try Inputs.shrinkBudget.validate(shrinkBudget)
        if let traceOut { try OutputFile.createDirectory(traceOut, key: "--trace-out") }
        if let regressionOut { try OutputFile.createDirectory(regressionOut, key: "--regression-out") }
        let seed = seed ?? UInt64.random(in: 0...UInt64.max)
        let source: Source
        if !counterexample.isEmpty || !schedule.isEmpty {
            source = .files(counterexample.map { ($0, true) } + schedule.map { ($0, false) })
        } else if let config {
            let path = try ConfigLocator.resolve(config)
            source = .config(try SpecPathWalks(config: path, depth: depth, seed: seed), runs: runs)
            Terminal.note(
                "faults spec-driven: seed \(seed); reproduce with bftcheck faults spec-driven --config \(path) --depth \(depth) --runs \(runs) --seed \(seed)"
            )
        } else {
            source = .walks(runs: runs, events: events, replicas: replicas, timeouts: timeouts, seed: seed)
            Terminal.note(
                "faults spec-driven: seed \(seed); reproduce with bftcheck faults spec-driven --runs \(runs) --events \(events) "
                    + "--replicas \(replicas) --timeouts-per-million \(timeouts) --seed \(seed)"
                    + (byzantinePrimary ? " --byzantine-primary" : ""))
        }
        let started = ContinuousClock.now
        var result = Result(source: source.name, seed: source.isFiles ? nil : seed)
        var meter = ProgressMeter.onStandardError()
        for index in 0..<source.count {
            meter.report { Self.progress(done: index, of: source.count, seconds: $0) }
            let (schedule, file) = try self.schedule(index, of: source)
            let run: SpecDrivenRun
            do {
                run = try SpecDrivenRun(schedule: schedule)
            } catch let error as ConfigurationError {
                throw InputError(
                    file ?? config, nil, key: error.field == "n" ? "replicas" : error.field, "the replica refuses it: \(error.problem)")
            }
            let outcome = run.run()
            result.totals.add(outcome)
            if let file, !json {
                print(
                    "\(file): \(outcome.holds ? "holds" : "FAILED") (n = \(schedule.replicaCount), \(schedule.stimuli.count) stimuli, "
                        + "\(outcome.deliveries) deliveries matched, \(outcome.unmatchedDeliveries) not, \(outcome.byzantineDeliveries) Byzantine, "
                        + "highest sequence number executed \(outcome.highestExecuted))")
            }
            guard outcome.holds else {
                result.failure = try failure(of: schedule, outcome, run: index + 1, in: source, shrinkBudget: shrinkBudget)
                try finish(result)
                throw ExitCode(1)
            }
        }
        let seconds = max((ContinuousClock.now - started) / .seconds(1), 1e-9)
        Terminal.note(
            String(format: "faults spec-driven: %d runs in %.2f s: %.1f schedules/s", source.count, seconds, Double(source.count) / seconds)
        )
        try finish(result)
    }

    /// Where the schedules come from.
    enum Source {
        /// Walks of the judging spec (`simulate --events`).
        case walks(runs: Int, events: Int, replicas: Int, timeouts: Int, seed: UInt64)
        /// Walks of `pbft-layer` within a config's bounds.
        case config(SpecPathWalks, runs: Int)
        /// Counterexample (`true`) and schedule files.
        case files([(path: String, isCounterexample: Bool)])

        var count: Int {
            switch self {
            case .walks(let runs, _, _, _, _), .config(_, let runs): runs
            case .files(let files): files.count
            }
        }

        var name: String {
            switch self {
            case .walks(_, let events, let replicas, _, _): "walks of the judging spec (\(events) events, n = \(replicas))"
            case .config(let walks, _): "walks of \(walks.config)"
            case .files: "files"
            }
        }

        var isFiles: Bool { if case .files = self { true } else { false } }
    }

    /// Schedule `index` of `source`, and its file when it comes from one.
    private func schedule(_ index: Int, of source: Source) throws -> (SpecSchedule, String?) {
        switch source {
        case .walks(_, let events, let replicas, let timeouts, let seed):
            let walk = PBFTSpecWalk(
                .init(
                    replicaCount: replicas, faultThreshold: (replicas - 1) / 3, checkpointInterval: 4, window: 8,
                    byzantine: byzantinePrimary ? ReplicaSet([ReplicaID(0)]) : ReplicaSet(),
                    byzantinePerMillion: byzantinePrimary ? 50_000 : 0,
                    timeoutsPerMillion: timeouts, seed: seed &+ UInt64(index)))
            return (SpecSchedule(walk: walk, events: events), nil)
        case .config(let walks, _): return (try walks.schedule(index + 1), nil)
        case .files(let files):
            let (path, isCounterexample) = files[index]
            return (try isCounterexample ? SpecSchedule(counterexampleAt: path) : SpecSchedule.read(from: path), path)
        }
    }

    /// The report of a failing run: why, the command that reruns it, the schedule shrunk (unless the
    /// budget is 0) and written under `--regression-out`, the failing run's traces under `--trace-out`.
    private func failure(
        of schedule: SpecSchedule, _ outcome: SpecDrivenRun.Outcome, run: Int, in source: Source, shrinkBudget: Int
    ) throws -> Result.Failure {
        var failure = Result.Failure(
            run: run, schedule: schedule.source, verdict: Self.verdict(outcome), stimuli: schedule.stimuli.count)
        let name: String
        switch source {
        case .walks(_, let events, let replicas, let timeouts, let seed):
            let runSeed = seed &+ UInt64(run - 1)
            failure.rerun =
                "bftcheck faults spec-driven --runs 1 --events \(events) --replicas \(replicas) --timeouts-per-million \(timeouts) --seed \(runSeed)"
                + (byzantinePrimary ? " --byzantine-primary" : "")
            name = "spec-driven-seed-\(runSeed)"
        case .config(let walks, _):
            let runSeed = walks.seed &+ UInt64(run - 1)
            failure.rerun = "bftcheck faults spec-driven --config \(walks.config) --depth \(walks.depth) --runs 1 --seed \(runSeed)"
            name = "\(((walks.config as NSString).lastPathComponent as NSString).deletingPathExtension)-seed-\(runSeed)"
        case .files(let files):
            let (path, isCounterexample) = files[run - 1]
            failure.rerun = "bftcheck faults spec-driven --\(isCounterexample ? "counterexample" : "schedule") \(path)"
            let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            name = stem.hasSuffix(".schedule") ? stem : "\(stem).schedule"
        }
        var kept = schedule
        var last = outcome
        if shrinkBudget > 0 {
            let shrunk = try SpecDrivenShrinker(maxExecutions: shrinkBudget).shrink(schedule)
            kept = shrunk.schedule
            last = shrunk.run
            failure.shrunkStimuli = kept.stimuli.count
            failure.shrinkExecutions = shrunk.executions
            failure.shrinkBudgetExhausted = shrunk.budgetExhausted
            failure.shrunkVerdict = Self.verdict(last)
        }
        if let regressionOut {
            let path = (regressionOut as NSString).appendingPathComponent("\(name).json")
            try OutputFile.write(try kept.fileText(), to: path, key: "--regression-out", what: "the schedule file")
            failure.regressionFile = path
        }
        if let traceOut {
            for trace in last.traces {
                let path = (traceOut as NSString).appendingPathComponent(trace.name)
                try OutputFile.write(trace.text, to: path, key: "--trace-out", what: "the trace file")
                failure.traceFiles.append(path)
            }
        }
        return failure
    }

    /// Prints the result: JSON, or a summary line (and the failure) as text.
    private func finish(_ result: Result) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
            return
        }
        guard let failure = result.failure else {
            print("spec-driven: \(result.totals.runs) \(result.source == "files" ? "schedules" : result.source) hold: \(result.totals)")
            return
        }
        print("FAILED: run \(failure.run) (\(failure.schedule)): \(failure.verdict)")
        if let shrunk = failure.shrunkStimuli, let executions = failure.shrinkExecutions {
            print(
                "shrunk: \(failure.stimuli) → \(shrunk) stimuli in \(executions) runs"
                    + (failure.shrinkBudgetExhausted == true ? " (budget spent: smaller, maybe not minimal)" : " (1-minimal)") + ": "
                    + (failure.shrunkVerdict ?? ""))
        }
        if let path = failure.regressionFile { print("regression test: \(path); replay: bftcheck faults spec-driven --schedule \(path)") }
        if let rerun = failure.rerun { print("rerun it: \(rerun)") }
    }

    /// A progress line: runs done, the rate, resident memory.
    private static func progress(done: Int, of runs: Int, seconds: Double) -> String {
        String(
            format: "faults spec-driven: %d of %d runs, %.1f schedules/s, %d MiB resident", done, runs,
            seconds > 0 ? Double(done) / seconds : 0,
            MemoryUsage.residentBytes >> 20)
    }

    /// Why a run failed, in a line or a few.
    private static func verdict(_ outcome: SpecDrivenRun.Outcome) -> String {
        (outcome.disagreements + [outcome.validation.map { $0.isConformant ? "" : $0.text } ?? outcome.validationError ?? ""]).filter {
            !$0.isEmpty
        }.joined(
            separator: "\n")
    }

    /// The result, as `--json` writes it (format `bftcheck-spec-driven/1`).
    struct Result: Encodable {
        /// A failing run.
        struct Failure: Encodable {
            var run: Int
            var schedule: String
            var verdict: String
            var stimuli: Int
            var shrunkStimuli: Int?
            var shrinkExecutions: Int?
            var shrinkBudgetExhausted: Bool?
            var shrunkVerdict: String?
            var regressionFile: String?
            var traceFiles: [String] = []
            var rerun: String?
        }

        var format = "bftcheck-spec-driven/1"
        var source: String
        var seed: UInt64?
        var totals = SpecDrivenTotals()
        var holds: Bool { failure == nil }
        var failure: Failure?

        init(source: String, seed: UInt64?) {
            self.source = source
            self.seed = seed
        }

        enum CodingKeys: String, CodingKey {
            case format, source, seed, runs, holds, stimuli, deliveries, unmatchedDeliveries, byzantineMessages, timeouts
            case runsWithViewChange, highestExecuted, replicaEventsValidated, failure
        }

        /// The totals flat beside the source and verdict.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(format, forKey: .format)
            try container.encode(source, forKey: .source)
            try container.encodeIfPresent(seed, forKey: .seed)
            try container.encode(totals.runs, forKey: .runs)
            try container.encode(holds, forKey: .holds)
            try container.encode(totals.stimuli, forKey: .stimuli)
            try container.encode(totals.deliveries, forKey: .deliveries)
            try container.encode(totals.unmatchedDeliveries, forKey: .unmatchedDeliveries)
            try container.encode(totals.byzantineMessages, forKey: .byzantineMessages)
            try container.encode(totals.timeouts, forKey: .timeouts)
            try container.encode(totals.runsWithViewChange, forKey: .runsWithViewChange)
            try container.encode(totals.highestExecuted, forKey: .highestExecuted)
            try container.encode(totals.replicaEventsValidated, forKey: .replicaEventsValidated)
            try container.encodeIfPresent(failure, forKey: .failure)
        }
    }
}
