import ArgumentParser
import Conformance
import Foundation
import Replica
import Verification

/// `bftcheck faults run SCENARIO|all`: runs fault-injection scenarios on the simulated cluster and prints
/// each one's verdict, its four checks and the seed that reproduces it.
struct FaultsRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a fault-injection scenario (or all of them) and print its verdict.",
        discussion: """
            Each scenario runs the production replica's state machines on a seeded simulated network with \
            one injected fault (see 'bftcheck faults list'), bounded in simulated time, then judges the run: \
            no committed request lost or reordered; every correct replica's state digest agrees at each \
            stable checkpoint; every client got f + 1 matching replies; and the generic trace validator \
            (what 'bftcheck conform' uses) accepts every replica's trace. The seed is printed; the same \
            seed gives the same run. Exit status: 0 every verdict passes, 1 a verdict fails, 2 bad usage \
            or input.
            """)

    @Argument(help: "A scenario name (see 'bftcheck faults list'), or 'all'.")
    var scenario: String

    @Option(parsing: .unconditional, help: "Replicas n, 4...16 (f = (n - 1) / 3).")
    var replicas = 4

    @Option(parsing: .unconditional, help: "The seed (default: a fresh one, printed).")
    var seed: UInt64?

    @Option(parsing: .unconditional, help: "Requests each of the two clients submits, 1...200.")
    var requests = 8

    @Option(help: "Write each scenario's replica traces to DIR/SCENARIO/ (bftcheck conform DIR judges them again).")
    var traceOut: String?

    @Flag(help: "Write the report as JSON to stdout.")
    var json = false

    func run() throws {
        let replicas = try Inputs.faultsReplicas.validate(replicas)
        let requests = try Inputs.faultsRequests.validate(requests)
        let scenarios = try Self.scenarios(named: scenario)
        if let traceOut { try OutputFile.createDirectory(traceOut, key: "--trace-out") }
        let seed = seed ?? UInt64.random(in: 0...UInt64.max)
        var reproduce = "bftcheck faults run \(scenario) --replicas \(replicas) --seed \(seed) --requests \(requests)"
        if let traceOut { reproduce += " --trace-out \(traceOut)" }
        Terminal.note("faults: seed \(seed); reproduce with \(reproduce)")
        let json = json
        let report = try Self.report(
            of: scenarios, replicas: replicas, seed: seed, requests: requests, reproduce: reproduce, traceOut: traceOut,
            each: { scenario in if !json { print(scenario.text.joined(separator: "\n") + "\n") } })
        if json {
            try Terminal.json(report)
        } else {
            print(report.summary)
        }
        if !report.passed { throw ExitCode(1) }
    }

    /// Runs `scenarios` and judges each: its three run checks and `judge`'s trace check.
    ///
    /// - Parameters:
    ///   - traceOut: where to write each scenario's traces (in a subdirectory named after it), if anywhere.
    ///   - judge: the trace check (`judgeTraces`, the generic validator; tests give others).
    ///   - each: called with each scenario's report as soon as it is made.
    /// - Throws: `InputError` for parameters a scenario cannot run with or traces that cannot be written.
    static func report(
        of scenarios: [FaultScenario], replicas: Int, seed: UInt64, requests: Int, reproduce: String, traceOut: String? = nil,
        judge: ([(name: String, contents: String)]) -> FaultVerdict.Check = judgeTraces, each: (FaultsReport.Scenario) -> Void = { _ in }
    ) throws -> FaultsReport {
        var reports: [FaultsReport.Scenario] = []
        for scenario in scenarios {
            let run: FaultRun
            do { run = try FaultRun(scenario, replicas: replicas, seed: seed, requestsPerClient: requests) } catch {
                throw InputError(nil, nil, key: error.field == "requests" ? "--requests" : "--replicas", error.problem)
            }
            let files = run.traceFiles
            if let traceOut { try write(files, to: (traceOut as NSString).appendingPathComponent(scenario.name)) }
            let report = FaultsReport.Scenario(run: run, verdict: run.verdict(traces: judge(files)))
            each(report)
            reports.append(report)
        }
        return FaultsReport(
            seed: seed, replicas: replicas, faultTolerance: (replicas - 1) / 3, requestsPerClient: requests, reproduce: reproduce,
            scenarios: reports)
    }

    /// The scenarios `name` selects: one by name, or every one for `all`.
    ///
    /// - Throws: `InputError` naming the argument when no scenario has that name.
    static func scenarios(named name: String) throws -> [FaultScenario] {
        if name == "all" { return FaultScenario.allCases }
        guard let scenario = FaultScenario(named: name) else {
            throw InputError(
                nil, nil, key: "SCENARIO",
                "unknown scenario '\(name)'; expected all or one of \(FaultScenario.allCases.map(\.name).joined(separator: ", "))")
        }
        return [scenario]
    }

    /// The trace check: the generic trace validator with the PBFT codec — the judge `bftcheck conform`
    /// uses for these traces — over every replica's trace of the run.
    static func judgeTraces(_ files: [(name: String, contents: String)]) -> FaultVerdict.Check {
        func check(_ passed: Bool, _ reason: String) -> FaultVerdict.Check {
            FaultVerdict.Check(name: FaultVerdict.Check.tracesName, claim: FaultVerdict.Check.tracesClaim, passed: passed, reason: reason)
        }
        guard !files.isEmpty else { return check(false, "no replica wrote a trace") }
        do {
            let report = try TraceValidator(codec: PBFTTraceCodec()).validate(texts: files.map { (name: $0.name, text: $0.contents) })
            if report.isConformant {
                return check(
                    true,
                    "\(files.count) traces, all \(report.events) events explained by the PBFT spec's rules (generic trace validator), "
                        + "the whole logs consumed")
            }
            guard let divergence = report.divergences.first else {
                return check(false, "only \(report.consumed) of \(report.events) events consumed")
            }
            let first = divergence.description.split(whereSeparator: \.isNewline).first.map(String.init) ?? "a divergence"
            return check(false, FaultVerdict.more(first, report.divergences.count))
        } catch let error as MalformedTrace {
            return check(false, "malformed trace: \(error.file):\(error.line): \(error.problem)")
        } catch {
            return check(false, "the validator failed: \(error)")
        }
    }

    /// Writes `files` into `directory`, replacing the trace files a previous run left there.
    ///
    /// - Throws: `InputError` naming the path and `--trace-out`.
    static func write(_ files: [(name: String, contents: String)], to directory: String) throws {
        try OutputFile.createDirectory(directory, key: "--trace-out")
        try SimulateCommand.clearTraces(in: directory)
        for file in files {
            try OutputFile.write(
                file.contents, to: (directory as NSString).appendingPathComponent(file.name), key: "--trace-out", what: "the trace file")
        }
    }
}
