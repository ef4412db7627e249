import ArgumentParser
import Foundation
import ModelChecking
import Verification

/// `bftcheck sweep MODEL --f 1...2`: checks a model for every fault threshold f in a range and every
/// cluster size n from 3f up to 3f + 1 + extra, and prints where safety starts to hold.
///
/// For each (n, f) the model is built with `replicas = n`, `f = f`, and — when the model has such a
/// parameter — `byzantine = f` (the adversary the protocol is sized for); `--set` adds or overrides
/// parameters. Every unsafe n gets its counterexample files (JSON, text, Mermaid chart).
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Check a model over fault thresholds f and cluster sizes n = 3f, 3f + 1, …; print a table.",
        discussion: """
            Example: bftcheck sweep pbft --f 1...2 --output Counterexamples/pbft. Exit status: 0 when the \
            sweep ran (whatever its verdicts), 2 bad input, 3 a run stopped at a limit.
            """
    )

    @Argument(help: "The model's name (see 'bftcheck list'); it must take 'replicas' and 'f'.")
    var model: String

    @Option(help: "The fault thresholds: a number, or a range like 1...2.")
    var f: String = "1...2"

    @Option(parsing: .unconditional, help: "How many sizes beyond 3f + 1 to check for each f (0...16).")
    var extra: Int = 1

    @Option(help: "A parameter for every run, as key=value (repeatable), e.g. --set max_view=1.")
    var set: [String] = []

    @Option(help: "The invariant to check (default Agreement; 'all' checks every invariant).")
    var invariant: String = "Agreement"

    @Flag(inversion: .prefixedNo, help: "Reduce by the model's symmetry.")
    var symmetry = true

    @Option(parsing: .unconditional, help: "Worker threads (1...1024).")
    var threads: Int?

    @Option(help: "Directory for counterexample files.")
    var output = "Counterexamples"

    @Option(parsing: .unconditional, help: "Stop each run after this many seconds.")
    var maxSeconds: Double?

    @Flag(help: "Write the table as JSON to stdout (progress stays on stderr).")
    var json = false

    /// One row of the table.
    struct Row {
        var n: Int
        var f: Int
        var report: CheckReport
    }

    /// One run the sweep will make: validated before any run starts.
    struct PlannedRun {
        var n: Int
        var f: Int
        var stem: String
        var config: ModelConfig
    }

    /// The sweep as JSON.
    struct Document: Encodable {
        struct Entry: Encodable {
            var n: Int
            var f: Int
            var verdict: String
            var report: CheckReport
        }
        var model: String
        var invariant: String
        var symmetry: Bool
        var runs: [Entry]
    }

    func run() throws {
        let plan = try plannedRuns()
        var flags = ["sweep", "--output", output, "--quiet"]
        if let threads = try Inputs.threads.validate(threads) { flags += ["--threads", "\(threads)"] }
        if let maxSeconds = try Inputs.maxSeconds.validate(maxSeconds) { flags += ["--max-seconds", "\(maxSeconds)"] }
        let overrides = try CheckCommand.parse(flags)
        var rows: [Row] = []
        for planned in plan {
            let report = try CheckCommand.check(planned.config, overrides: overrides, stem: planned.stem)
            rows.append(Row(n: planned.n, f: planned.f, report: report))
            Terminal.note(
                "sweep: n=\(planned.n) f=\(planned.f): \(report.outcome), \(report.statistics.distinctStates) states")
        }
        if json {
            try Terminal.json(
                Document(
                    model: model, invariant: invariant, symmetry: symmetry,
                    runs: rows.map { .init(n: $0.n, f: $0.f, verdict: Self.verdict(of: $0.report), report: $0.report) }))
        } else {
            print(Self.table(rows, model: model, invariant: invariant, symmetry: symmetry))
        }
        if rows.contains(where: { $0.report.outcome == "incomplete" }) { throw ExitCode(3) }
    }

    /// Every (n, f) of the sweep with its config, each instantiated once so that a size the model
    /// rejects is reported before anything runs.
    func plannedRuns() throws -> [PlannedRun] {
        let thresholds = try Self.parseRange(f)
        let extra = try Inputs.sweepExtra.validate(extra)
        guard let entry = ModelCatalog.entry(named: model) else {
            throw InputError(
                nil, nil, key: "model", "unknown model '\(model)'; known models: \(ModelCatalog.all.map(\.name).joined(separator: ", "))")
        }
        let names = entry.parameters.map(\.name)
        guard names.contains("replicas"), names.contains("f") else {
            throw InputError(nil, nil, key: "model", "model '\(model)' does not take 'replicas' and 'f'")
        }
        var fixed: [String: String] = [:]
        for assignment in set {
            let parts = assignment.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw InputError(nil, nil, key: "--set", "expected key=value, got '\(assignment)'")
            }
            fixed[parts[0]] = parts[1]
        }
        var plan: [PlannedRun] = []
        for threshold in thresholds {
            for n in (3 * threshold)...(3 * threshold + 1 + extra) where n >= 1 {
                var parameters = ["replicas": "\(n)", "f": "\(threshold)"]
                if names.contains("byzantine") { parameters["byzantine"] = "\(threshold)" }
                parameters.merge(fixed) { _, given in given }
                let stem = "\(model)-n\(n)-f\(threshold)"
                var config = ModelConfig(path: "sweep:\(stem)", model: model, parameters: parameters)
                if invariant != "all" { config.invariants = [.init(key: invariant, value: "", line: 0)] }
                config.sometimes = []
                if symmetry { config.symmetry = entry.symmetryGroups.map { .init(key: $0, value: "", line: 0) } }
                _ = try entry.instantiate(config)
                plan.append(PlannedRun(n: n, f: threshold, stem: stem, config: config))
            }
        }
        return plan
    }

    /// `safe`, `UNSAFE: Property` or `incomplete (reason)`.
    static func verdict(of report: CheckReport) -> String {
        switch report.outcome {
        case "holds": "safe"
        case "violated": "UNSAFE: \(report.violations.first?.property ?? "?")"
        default: "incomplete (\(report.reason ?? "stopped"))"
        }
    }

    /// `1...3`, `1..<3` or `2`.
    static func parseRange(_ text: String) throws -> [Int] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        func number(_ part: Substring) throws -> Int {
            guard let value = Int(part.trimmingCharacters(in: .whitespaces)) else {
                throw InputError(
                    nil, nil, key: "--f",
                    "expected a number in \(Inputs.sweepFaults.range), a range like 1...2 or 1..<3, got '\(text)'")
            }
            return try Inputs.sweepFaults.validate(value)
        }
        if let range = trimmed.range(of: "...") {
            let (low, high) = (try number(trimmed[..<range.lowerBound]), try number(trimmed[range.upperBound...]))
            guard low <= high else { throw InputError(nil, nil, key: "--f", "empty range '\(text)'") }
            return Array(low...high)
        }
        if let range = trimmed.range(of: "..<") {
            let (low, high) = (try number(trimmed[..<range.lowerBound]), try number(trimmed[range.upperBound...]))
            guard low < high else { throw InputError(nil, nil, key: "--f", "empty range '\(text)'") }
            return Array(low..<high)
        }
        return [try number(Substring(trimmed))]
    }

    /// The Markdown table, then the counterexample files.
    static func table(_ rows: [Row], model: String, invariant: String, symmetry: Bool) -> String {
        var lines = [
            "\(model): \(invariant == "all" ? "all invariants" : invariant), symmetry \(symmetry ? "on" : "off")", "",
            "| n | f | verdict | states | counterexample | time (s) |",
            "|---:|---:|---|---:|---|---:|",
        ]
        var files: [String] = []
        for row in rows {
            let report = row.report
            let verdict = verdict(of: report)
            var counterexample = "—"
            if report.outcome == "violated", let violation = report.violations.first {
                if let depth = violation.depth { counterexample = "\(depth) steps" }
                files += violation.files
            }
            lines.append(
                "| \(row.n) | \(row.f) | \(verdict) | \(report.statistics.distinctStates) | \(counterexample) | "
                    + String(format: "%.2f", report.statistics.seconds) + " |")
        }
        if !files.isEmpty {
            lines.append("")
            lines.append("Counterexamples:")
            lines += files.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}
