import ArgumentParser
import Conformance
import Foundation

/// `bftcheck conform TRACE...`: judges implementation traces with the PBFT spec's rules.
struct ConformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conform",
        abstract: "Judge implementation traces (Docs/trace-format.md) with the PBFT spec's rules.",
        discussion: """
            The files given together form one run: one merged file, or one file per replica. Each \
            directory given is a run of its own (its *.ndjson files); a directory without trace files \
            whose subdirectories have them (what 'simulate --walks' writes) is one run per \
            subdirectory. A run conforms when every event \
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

    func run() throws {
        let maxSilentSteps = try Inputs.maxSilentSteps.validate(maxSilentSteps)
        let runs = try Self.group(traces)
        let oracle = ConformanceOracle(maxSilentSteps: maxSilentSteps)
        let started = ContinuousClock.now
        let startedCPU = clock()
        var reports: [ConformanceReport] = []
        // Long runs say how far they got about once a second (stderr; never with --json or --quiet).
        var progress = json || quiet ? nil : ProgressMeter.onStandardError()
        var judged = 0
        for paths in runs {
            do {
                reports.append(try oracle.check(paths: paths))
            } catch let error as MalformedTrace {
                throw InputError(error.file, error.line, key: error.field, error.problem)
            }
            if !json, let report = reports.last, !quiet || !report.isConformant { print(report.text) }
            judged += reports.last?.events ?? 0
            progress?.record(events: judged, runs: reports.count)
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let cpu = Double(clock() - startedCPU) / Double(CLOCKS_PER_SEC)
        let events = reports.reduce(0) { $0 + $1.events }
        let divergent = reports.filter { !$0.isConformant }.count
        if json {
            if reports.count == 1 {
                try Terminal.json(reports[0])
            } else {
                try Terminal.json(
                    ConformSummary(runs: reports, conformant: reports.count - divergent, divergent: divergent, events: events))
            }
        } else if reports.count > 1 {
            print("\(reports.count) runs: \(reports.count - divergent) conformant, \(divergent) divergent; \(events) events")
        }
        Terminal.note(
            String(
                format: "conform: %d events in %d run%@, %.2f s wall, %.2f s CPU (%.0f events per CPU second)", events, reports.count,
                reports.count == 1 ? "" : "s", seconds, cpu, cpu > 0 ? Double(events) / cpu : 0))
        if divergent > 0 { throw ExitCode(1) }
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
