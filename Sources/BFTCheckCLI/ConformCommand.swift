import ArgumentParser
import Conformance
import Foundation
import Verification

/// `bftcheck conform TRACE...`: judges implementation traces with the PBFT spec's rules.
struct ConformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conform",
        abstract: "Judge implementation traces (Docs/trace-format.md) with the PBFT spec's rules.",
        discussion: """
            The files given together form one run: one merged file, or one file per replica. Each \
            directory given is a run of its own (its *.ndjson files); a directory without trace files \
            whose subdirectories have them (what 'simulate --walks' writes) is one run per \
            subdirectory. Version-2 traces name their protocol in the header and go to the generic \
            trace validator (--all, --variant), which judges runs of any length with the spec's rules \
            and keeps only live state. Version-1 traces (PBFT) go to the PBFT oracle when they fit its \
            bounds (views 0...3, sequence numbers 1...4, 4 requests) and to the validator otherwise \
            (--judge chooses). A run conforms when every event \
            is explained by an enabled spec step backed by the messages the replica received, and the \
            whole log is consumed. Exit status: 0 every run conforms, 1 a divergence (the first event \
            no spec step explains, with the replica's spec state and the nearest miss), 2 malformed \
            input (file:line and the field at fault).
            """
    )

    @Argument(help: "Trace files of one run, and/or directories each holding one run.")
    var traces: [String]

    @Option(
        parsing: .unconditional,
        help: "Unlogged spec steps of a replica the oracle may infer before one of its events (0...8).")
    var maxSilentSteps = 0

    @Flag(help: "Write the report as JSON to stdout.")
    var json = false

    @Flag(help: "Print divergences and the totals only (no progress lines on stderr).")
    var quiet = false

    @Flag(
        help:
            "Version-2 traces: report every divergence, resynchronising the replica to what its log says after each, instead of stopping at the first."
    )
    var all = false

    @Option(help: "Version-2 traces: the spec variant to judge with (overrides the header's \"variant\").")
    var variant: String?

    @Option(
        help: """
            Who judges version-1 (PBFT) traces: auto (the oracle when the run fits its bounds, else the \
            validator), oracle, or validator (the generic validator with the PBFT codec, any length).
            """)
    var judge: JudgeChoice = .auto

    /// Who judges version-1 traces.
    enum JudgeChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, oracle, validator
    }

    func run() throws {
        let maxSilentSteps = try Inputs.maxSilentSteps.validate(maxSilentSteps)
        let runs = try Self.group(traces)
        // Version 2 names its protocol in the header and goes to the generic validator; version 1 to the PBFT oracle.
        // --all and --variant are the validator's: asking for them sends version-1 runs there too.
        let choice = judge == .auto && (all || variant != nil) ? .validator : judge
        let judges = try runs.map { try Self.judge(of: $0, choice: choice) }
        if !judges.contains(where: { $0 != nil }) {
            if all { throw InputError(nil, nil, key: "--all", "applies to the trace validator; --judge oracle judges these runs") }
            if variant != nil {
                throw InputError(nil, nil, key: "--variant", "applies to the trace validator; --judge oracle judges these runs")
            }
        }
        for case let entry? in judges {
            if let variant, !entry.variantNames.contains(variant) {
                throw InputError(
                    nil, nil, key: "--variant",
                    "unknown variant \"\(variant)\" of \(entry.protocolName); its spec defines \(entry.variantNames.joined(separator: ", "))"
                )
            }
        }
        let oracle = ConformanceOracle(maxSilentSteps: maxSilentSteps)
        let options = ValidationOptions(reportsAll: all, variant: variant)
        let started = ContinuousClock.now
        let startedCPU = clock()
        var reports: [ConformanceReport] = []
        var validations: [ValidationReport] = []
        // Long runs say how far they got about once a second (stderr; never with --json or --quiet).
        var progress = json || quiet ? nil : ProgressMeter.onStandardError()
        var judged = 0
        for (paths, entry) in zip(runs, judges) {
            let text: String
            let conformant: Bool
            do {
                if let entry {
                    let report = try entry.validate(paths: TraceValidatorRegistry.files(of: paths), options: options)
                    validations.append(report)
                    (text, conformant) = (report.text, report.isConformant)
                    judged += report.events
                } else {
                    do {
                        let report = try oracle.check(paths: paths)
                        reports.append(report)
                        (text, conformant) = (report.text, report.isConformant)
                        judged += report.events
                    } catch let error as MalformedTrace where judge == .auto && error.problem.contains("capacity") {
                        // Beyond the oracle's bounds: the validator judges runs of any length.
                        if !quiet, !json {
                            Terminal.note(
                                "conform: \(error.file):\(error.line): beyond the PBFT oracle's bounds; judged by the trace validator")
                        }
                        let report = try Self.pbftValidator.validate(paths: TraceValidatorRegistry.files(of: paths), options: options)
                        validations.append(report)
                        (text, conformant) = (report.text, report.isConformant)
                        judged += report.events
                    }
                }
            } catch let error as MalformedTrace {
                throw InputError(error.file, error.line, key: error.field, error.problem)
            }
            if !json, !quiet || !conformant { print(text) }
            progress?.record(events: judged, runs: reports.count + validations.count)
        }
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        let cpu = Double(clock() - startedCPU) / Double(CLOCKS_PER_SEC)
        let events = reports.reduce(0) { $0 + $1.events } + validations.reduce(0) { $0 + $1.events }
        let count = reports.count + validations.count
        let divergent = reports.filter { !$0.isConformant }.count + validations.filter { !$0.isConformant }.count
        if json {
            if validations.isEmpty {
                if reports.count == 1 {
                    try Terminal.json(reports[0])
                } else {
                    try Terminal.json(
                        ConformSummary(runs: reports, conformant: reports.count - divergent, divergent: divergent, events: events))
                }
            } else if count == 1 {
                try Terminal.json(validations[0])
            } else {
                try Terminal.json(
                    MixedSummary(
                        runs: reports, validations: validations, conformant: count - divergent, divergent: divergent, events: events))
            }
        } else if count > 1 {
            print("\(count) runs: \(count - divergent) conformant, \(divergent) divergent; \(events) events")
        }
        Terminal.note(
            String(
                format: "conform: %d events in %d run%@, %.2f s wall, %.2f s CPU (%.0f events per CPU second)", events, count,
                count == 1 ? "" : "s", seconds, cpu, cpu > 0 ? Double(events) / cpu : 0))
        if divergent > 0 { throw ExitCode(1) }
    }

    /// The JSON of several runs when some are version 2.
    struct MixedSummary: Encodable {
        var format = "bftcheck-conformance-runs/2"
        var runs: [ConformanceReport]
        var validations: [ValidationReport]
        var conformant: Int
        var divergent: Int
        var events: Int
    }

    /// The validator entry of a version-2 run (the protocol its first file's header names), or `nil`
    /// for a version-1 run.
    static func judge(of paths: [String], choice: JudgeChoice) throws -> TraceValidatorEntry? {
        guard let first = TraceValidatorRegistry.files(of: paths).first, let probe = TraceValidatorRegistry.probe(first) else { return nil }
        guard probe.version == 2 else { return choice == .validator ? pbftValidator : nil }
        guard let name = probe.protocolName, let entry = TraceValidatorRegistry.entry(named: name) else {
            throw InputError(
                first, 1, key: "protocol",
                "unknown protocol \(probe.protocolName.map { "\"\($0)\"" } ?? "(missing)") for version 2; registered: \(TraceValidatorRegistry.entries.map(\.protocolName).joined(separator: ", "))"
            )
        }
        if choice == .oracle {
            throw InputError(first, 1, key: "--judge", "the oracle reads version-1 traces only; this run is version 2 (\(name))")
        }
        return entry
    }

    /// The trace validator with the PBFT codec.
    static var pbftValidator: TraceValidatorEntry {
        TraceValidatorRegistry.entry(named: PBFTTraceCodec.protocolName)!
    }

    /// The runs of `arguments`: the plain files together, then each directory alone (or each of its
    /// subdirectories, for a directory of runs), in argument order.
    static func group(_ arguments: [String]) throws -> [[String]] {
        var files: [String] = []
        var runs: [[String]] = []
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                throw InputError(argument, nil, "no such file or directory")
            }
            guard isDirectory.boolValue else {
                files.append(argument)
                continue
            }
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []).sorted()
            if names.contains(where: { $0.hasSuffix(".ndjson") }) {
                runs.append([argument])
                continue
            }
            let subdirectories = names.map { (argument as NSString).appendingPathComponent($0) }.filter { path in
                var inner: ObjCBool = false
                return FileManager.default.fileExists(atPath: path, isDirectory: &inner) && inner.boolValue
            }
            guard !subdirectories.isEmpty else {
                throw InputError(argument, nil, "the directory has no .ndjson trace files and no run directories")
            }
            runs += subdirectories.map { [$0] }
        }
        return files.isEmpty ? runs : [files] + runs
    }
}
