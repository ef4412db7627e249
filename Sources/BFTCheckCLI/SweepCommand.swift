import ArgumentParser
import Foundation
import ModelChecking

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

    @Option(help: "How many sizes beyond 3f + 1 to check for each f.")
    var extra: Int = 1

    @Option(help: "A parameter for every run, as key=value (repeatable), e.g. --set max_view=1.")
    var set: [String] = []

    @Option(help: "The invariant to check (default Agreement; 'all' checks every invariant).")
    var invariant: String = "Agreement"

    @Flag(inversion: .prefixedNo, help: "Reduce by the model's symmetry.")
    var symmetry = true

    @Option(help: "Worker threads.")
    var threads: Int?

    @Option(help: "Directory for counterexample files.")
    var output = "Counterexamples"

    @Option(help: "Stop each run after this many seconds.")
    var maxSeconds: Double?

    /// One row of the table.
    struct Row {
        var n: Int
        var f: Int
        var report: CheckReport
    }

    func run() throws {
        let thresholds = try Self.parseRange(f)
        guard extra >= 0 else { throw InputError(nil, nil, key: "--extra", "must be at least 0, got \(extra)") }
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
        var rows: [Row] = []
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
                var flags = ["sweep", "--output", output, "--quiet"]
                if let threads { flags += ["--threads", "\(threads)"] }
                if let maxSeconds { flags += ["--max-seconds", "\(maxSeconds)"] }
                let overrides = try CheckCommand.parse(flags)
                let report = try CheckCommand.check(config, overrides: overrides, stem: stem)
                rows.append(Row(n: n, f: threshold, report: report))
                Terminal.note("sweep: n=\(n) f=\(threshold): \(report.outcome), \(report.statistics.distinctStates) states")
            }
        }
        print(Self.table(rows, model: model, invariant: invariant, symmetry: symmetry))
        if rows.contains(where: { $0.report.outcome == "incomplete" }) { throw ExitCode(3) }
    }

    /// `1...3`, `1..<3` or `2`.
    static func parseRange(_ text: String) throws -> [Int] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        func number(_ part: Substring) throws -> Int {
            guard let value = Int(part.trimmingCharacters(in: .whitespaces)), value >= 0, value <= 9 else {
                throw InputError(nil, nil, key: "--f", "expected a number in 0...9, a range like 1...2 or 1..<3, got '\(text)'")
            }
            return value
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
            let verdict: String
            var counterexample = "—"
            switch report.outcome {
            case "holds": verdict = "safe"
            case "violated":
                let violation = report.violations.first
                verdict = "UNSAFE: \(violation?.property ?? "?")"
                if let depth = violation?.depth { counterexample = "\(depth) steps" }
                files += violation?.files ?? []
            default: verdict = "incomplete (\(report.reason ?? "stopped"))"
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
