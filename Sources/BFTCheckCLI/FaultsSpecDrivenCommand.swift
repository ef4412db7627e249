import ArgumentParser
import Conformance
import Foundation
import MessagePassing
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

    func run() throws {
        let runs = try Inputs.specDrivenRuns.validate(runs)
        let events = try Inputs.specDrivenEvents.validate(events)
        let replicas = try Inputs.faultsReplicas.validate(replicas)
        let timeouts = try Inputs.timeoutsPerMillion.validate(timeoutsPerMillion)
        let shrinkBudget = try Inputs.shrinkBudget.validate(shrinkBudget)
        if let traceOut { try OutputFile.createDirectory(traceOut, key: "--trace-out") }
        if let regressionOut { try OutputFile.createDirectory(regressionOut, key: "--regression-out") }
        if !counterexample.isEmpty || !schedule.isEmpty {
            try runFiles(shrinkBudget: shrinkBudget)
            return
        }
        let seed = seed ?? UInt64.random(in: 0...UInt64.max)
        if let config {
            try runWalks(
                of: try ConfigLocator.resolve(config), runs: runs, depth: try Inputs.testDepth.validate(depth), seed: seed,
                shrinkBudget: shrinkBudget)
            return
        }
        Terminal.note(
            "faults spec-driven: seed \(seed); reproduce with bftcheck faults spec-driven --runs \(runs) --events \(events) "
                + "--replicas \(replicas) --timeouts-per-million \(timeouts) --seed \(seed)"
                + (byzantinePrimary ? " --byzantine-primary" : ""))
        let started = ContinuousClock.now
        var totals = Totals()
        for index in 0..<runs {
            let runSeed = seed &+ UInt64(index)
            let walk = PBFTSpecWalk(
                .init(
                    replicaCount: replicas, faultThreshold: (replicas - 1) / 3, checkpointInterval: 4, window: 8,
                    byzantine: byzantinePrimary ? ReplicaSet([ReplicaID(0)]) : ReplicaSet(),
                    byzantinePerMillion: byzantinePrimary ? 50_000 : 0,
                    timeoutsPerMillion: timeouts, seed: runSeed))
            let schedule = SpecSchedule(walk: walk, events: events)
            let outcome = try SpecDrivenRun(schedule: schedule).run()
            totals.add(outcome)
            guard outcome.holds else {
                print("FAILED: run \(index + 1) (seed \(runSeed)): " + Self.verdict(outcome))
                try report(failing: schedule, shrinkBudget: shrinkBudget, name: "spec-driven-seed-\(runSeed)")
                print(
                    "rerun it: bftcheck faults spec-driven --runs 1 --events \(events) --replicas \(replicas) --timeouts-per-million \(timeouts) --seed \(runSeed)"
                        + (byzantinePrimary ? " --byzantine-primary" : ""))
                throw ExitCode(1)
            }
        }
        let seconds = max((ContinuousClock.now - started) / .seconds(1), 1e-9)
        print("spec-driven: \(runs) runs of n = \(replicas) hold: \(totals)")
        Terminal.note(String(format: "faults spec-driven: %d runs in %.2f s: %.1f schedules/s", runs, seconds, Double(runs) / seconds))
    }

    /// Runs of random walks of `pbft-layer` within `config`'s bounds.
    private func runWalks(of config: String, runs: Int, depth: Int, seed: UInt64, shrinkBudget: Int) throws {
        let walks = try SpecPathWalks(config: config, depth: depth, seed: seed)
        let reproduce = "bftcheck faults spec-driven --config \(config) --depth \(depth)"
        Terminal.note("faults spec-driven: seed \(seed); reproduce with \(reproduce) --runs \(runs) --seed \(seed)")
        let started = ContinuousClock.now
        var totals = Totals()
        for index in 0..<runs {
            let schedule = try walks.schedule(index + 1)
            let run: SpecDrivenRun
            do {
                run = try SpecDrivenRun(schedule: schedule)
            } catch let error as ConfigurationError {
                throw InputError(
                    config, nil, key: error.field == "n" ? "replicas" : error.field, "the replica refuses it: \(error.problem)")
            }
            let outcome = run.run()
            totals.add(outcome)
            guard outcome.holds else {
                print("FAILED: run \(index + 1) (\(schedule.source)): " + Self.verdict(outcome))
                let name = ((config as NSString).lastPathComponent as NSString).deletingPathExtension
                try report(failing: schedule, shrinkBudget: shrinkBudget, name: "\(name)-seed-\(seed &+ UInt64(index))")
                print("rerun it: \(reproduce) --runs 1 --seed \(seed &+ UInt64(index))")
                throw ExitCode(1)
            }
        }
        let seconds = max((ContinuousClock.now - started) / .seconds(1), 1e-9)
        print("spec-driven: \(runs) walks of \(config) hold: \(totals)")
        Terminal.note(String(format: "faults spec-driven: %d runs in %.2f s: %.1f schedules/s", runs, seconds, Double(runs) / seconds))
    }

    /// The runs of `--counterexample` and `--schedule` files, one each.
    private func runFiles(shrinkBudget: Int) throws {
        var totals = Totals()
        let files = counterexample.map { ($0, true) } + schedule.map { ($0, false) }
        for (file, isCounterexample) in files {
            let schedule = try isCounterexample ? SpecSchedule(counterexampleAt: file) : SpecSchedule.read(from: file)
            let run: SpecDrivenRun
            do {
                run = try SpecDrivenRun(schedule: schedule)
            } catch let error as ConfigurationError {
                throw InputError(file, nil, key: error.field == "n" ? "replicas" : error.field, "the replica refuses it: \(error.problem)")
            }
            let outcome = run.run()
            totals.add(outcome)
            print(
                "\(file): \(outcome.holds ? "holds" : "FAILED") (n = \(schedule.replicaCount), \(schedule.stimuli.count) stimuli, "
                    + "\(outcome.deliveries) deliveries matched, \(outcome.unmatchedDeliveries) not, \(outcome.byzantineDeliveries) Byzantine, "
                    + "highest sequence number executed \(outcome.highestExecuted))")
            guard outcome.holds else {
                print("FAILED: " + Self.verdict(outcome))
                let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
                try report(failing: schedule, shrinkBudget: shrinkBudget, name: name.hasSuffix(".schedule") ? name : "\(name).schedule")
                throw ExitCode(1)
            }
        }
        print("spec-driven: \(files.count) schedules hold: \(totals)")
    }

    /// Shrinks a failing schedule (unless the budget is 0), then writes it under `--regression-out`
    /// and the failing run's traces under `--trace-out`.
    private func report(failing schedule: SpecSchedule, shrinkBudget: Int, name: String) throws {
        var kept = schedule
        var outcome = try SpecDrivenRun(schedule: schedule).run()
        if shrinkBudget > 0 {
            let shrunk = try SpecDrivenShrinker(maxExecutions: shrinkBudget).shrink(schedule)
            kept = shrunk.schedule
            outcome = shrunk.run
            print(
                "shrunk: \(shrunk.originalStimuli) → \(kept.stimuli.count) stimuli in \(shrunk.executions) runs"
                    + (shrunk.budgetExhausted ? " (budget spent: smaller, maybe not minimal)" : " (1-minimal)") + ": "
                    + Self.verdict(outcome))
        }
        if let regressionOut {
            let path = (regressionOut as NSString).appendingPathComponent("\(name).json")
            try OutputFile.write(try kept.fileText(), to: path, key: "--regression-out", what: "the schedule file")
            print("regression test: \(path); replay: bftcheck faults spec-driven --schedule \(path)")
        }
        if let traceOut {
            for file in outcome.traces {
                try OutputFile.write(
                    file.text, to: (traceOut as NSString).appendingPathComponent(file.name), key: "--trace-out", what: "the trace file")
            }
        }
    }

    /// Why a run failed, in a line or a few.
    private static func verdict(_ outcome: SpecDrivenRun.Outcome) -> String {
        (outcome.disagreements + [outcome.validation.map { $0.isConformant ? "" : $0.text } ?? ""]).filter { !$0.isEmpty }.joined(
            separator: "\n")
    }

    /// Totals over runs.
    private struct Totals: CustomStringConvertible {
        var stimuli = 0
        var deliveries = 0
        var unmatched = 0
        var byzantine = 0
        var timeouts = 0
        var viewChanges = 0
        var events = 0
        var highestExecuted: UInt64 = 0

        mutating func add(_ outcome: SpecDrivenRun.Outcome) {
            stimuli += outcome.stimuli
            deliveries += outcome.deliveries
            unmatched += outcome.unmatchedDeliveries
            byzantine += outcome.byzantineDeliveries
            timeouts += outcome.timeouts
            events += outcome.validation?.events ?? 0
            if outcome.highestView > 0 { viewChanges += 1 }
            highestExecuted = max(highestExecuted, outcome.highestExecuted)
        }

        var description: String {
            "\(stimuli) stimuli, \(deliveries) deliveries matched (\(unmatched) unmatched), \(byzantine) Byzantine messages, "
                + "\(timeouts) timeouts, \(viewChanges) runs with a view change, highest sequence number executed \(highestExecuted), "
                + "\(events) replica events accepted by the validator"
        }
    }
}
