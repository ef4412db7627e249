import ArgumentParser
import Conformance
import Foundation
import MessagePassing
import ReplicaTesting
import Verification

/// `bftcheck faults spec-driven`: schedules walked from the PBFT spec drive the production replica's
/// state machines in process (`SpecDrivenRun`), each run judged by agreement and by the trace
/// validator.
struct FaultsSpecDrivenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spec-driven",
        abstract: "Schedules walked from the PBFT spec drive the replica in process; each run is judged twice.",
        discussion: """
            Run i walks the PBFT spec (as 'bftcheck simulate --events' does) with seed S + i - 1 and \
            replays the walk's requests, deliveries (in the spec's order, matched by type, view and \
            sequence number to what the replicas sent) and timeouts as the inputs of n in-process \
            replicas, then judges the run: the replicas executed the same batch at every sequence \
            number, and the trace validator accepts their traces. Prints totals, the schedules per \
            second (stderr) and the seed of the first failing run. Exit status: 0 every run holds, 1 \
            one failed (its traces are written under --trace-out), 2 bad usage or input.
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
            "r0 (the primary of view 0) is Byzantine in the walks: its PRE-PREPAREs (half equivocating), votes and checkpoints reach the replicas as the walk sends them."
    )
    var byzantinePrimary = false

    @Option(parsing: .unconditional, help: "The seed of the first run (default: a fresh one, printed).")
    var seed: UInt64?

    @Option(help: "Write the first failing run's replica traces into this directory.")
    var traceOut: String?

    func run() throws {
        let runs = try Inputs.specDrivenRuns.validate(runs)
        let events = try Inputs.specDrivenEvents.validate(events)
        let replicas = try Inputs.faultsReplicas.validate(replicas)
        let timeouts = try Inputs.timeoutsPerMillion.validate(timeoutsPerMillion)
        if let traceOut { try OutputFile.createDirectory(traceOut, key: "--trace-out") }
        let seed = seed ?? UInt64.random(in: 0...UInt64.max)
        Terminal.note(
            "faults spec-driven: seed \(seed); reproduce with bftcheck faults spec-driven --runs \(runs) --events \(events) "
                + "--replicas \(replicas) --timeouts-per-million \(timeouts) --seed \(seed)"
                + (byzantinePrimary ? " --byzantine-primary" : ""))
        let started = ContinuousClock.now
        var totals = (stimuli: 0, deliveries: 0, unmatched: 0, byzantine: 0, timeouts: 0, viewChanges: 0, events: 0)
        var highestExecuted: UInt64 = 0
        for index in 0..<runs {
            let runSeed = seed &+ UInt64(index)
            let walk = PBFTSpecWalk(
                .init(
                    replicaCount: replicas, faultThreshold: (replicas - 1) / 3, checkpointInterval: 4, window: 8,
                    byzantine: byzantinePrimary ? ReplicaSet([ReplicaID(0)]) : ReplicaSet(),
                    byzantinePerMillion: byzantinePrimary ? 50_000 : 0,
                    timeoutsPerMillion: timeouts, seed: runSeed))
            let outcome = try SpecDrivenRun(walk: walk, events: events).run()
            totals.stimuli += outcome.stimuli
            totals.deliveries += outcome.deliveries
            totals.unmatched += outcome.unmatchedDeliveries
            totals.byzantine += outcome.byzantineDeliveries
            totals.timeouts += outcome.timeouts
            totals.events += outcome.validation?.events ?? 0
            if outcome.highestView > 0 { totals.viewChanges += 1 }
            highestExecuted = max(highestExecuted, outcome.highestExecuted)
            guard outcome.holds else {
                if let traceOut {
                    for file in outcome.traces {
                        try OutputFile.write(
                            file.text, to: (traceOut as NSString).appendingPathComponent(file.name), key: "--trace-out",
                            what: "the trace file")
                    }
                }
                print(
                    "FAILED: run \(index + 1) (seed \(runSeed)): "
                        + (outcome.disagreements + [outcome.validation?.text ?? "not judged"]).joined(separator: "\n"))
                print(
                    "rerun it: bftcheck faults spec-driven --runs 1 --events \(events) --replicas \(replicas) --timeouts-per-million \(timeouts) --seed \(runSeed)"
                )
                throw ExitCode(1)
            }
        }
        let seconds = max((ContinuousClock.now - started) / .seconds(1), 1e-9)
        print(
            "spec-driven: \(runs) runs of n = \(replicas) hold: \(totals.stimuli) stimuli, \(totals.deliveries) deliveries matched "
                + "(\(totals.unmatched) unmatched), \(totals.byzantine) Byzantine messages, \(totals.timeouts) timeouts, \(totals.viewChanges) runs with a view change, "
                + "highest sequence number executed \(highestExecuted), \(totals.events) replica events accepted by the validator")
        Terminal.note(String(format: "faults spec-driven: %d runs in %.2f s: %.1f schedules/s", runs, seconds, Double(runs) / seconds))
    }
}
