import Foundation
import Lemmas

/// The human-readable output of `bftcheck lemmas`.
enum LemmasText {
    /// One lemma: verdict line, statement, formula, source, evidence, tables.
    static func details(_ report: LemmaReport, counterexampleDirectory: String) -> String {
        let mark = report.isAsExpected ? "as expected" : "NOT AS EXPECTED"
        var lines = [
            "━━ \(report.name): \(report.title)",
            "   verdict: \(report.verdict.rawValue) (expected \(report.expected.rawValue), \(mark)); "
                + "\(report.queries.count) quer\(report.queries.count == 1 ? "y" : "ies"), \(seconds(report.seconds)) s, "
                + "\(rlimit(report.queries)); \(report.provenance.rawValue)",
            "   statement: \(report.statement)",
            "   formula:   \(report.formula)",
            "   source:    \(report.source)",
        ]
        if let counterexample = report.counterexample { lines.append("   counterexample: \(counterexample)") }
        if let reason = report.reason { lines.append("   unknown because: \(reason)") }
        lines += report.findings.map { "   • \($0)" }
        for query in report.queries where !query.isAsExpected {
            lines.append(
                "   ! query \(query.id): \(query.outcome.rawValue), needed \(query.expected?.rawValue ?? "-")\(query.reason.map { " (\($0))" } ?? "")"
            )
        }
        for table in report.tables {
            lines.append("   \(table.title):")
            lines += table.rendered.split(separator: "\n").map { "     \($0)" }
        }
        if let file = report.counterexampleFile {
            lines.append("   counterexamples: \((counterexampleDirectory as NSString).appendingPathComponent(file))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The final table (lemma, verdict, expected, time) and one closing line.
    static func summary(_ result: SuiteRun) -> String {
        let table = LemmaTable(
            title: "Summary",
            columns: ["lemma", "source", "verdict", "expected", "ok", "queries", "seconds", "rlimit used (max)"],
            rows: result.reports.map {
                [
                    $0.name, $0.provenance.rawValue, $0.verdict.rawValue, $0.expected.rawValue, $0.isAsExpected ? "yes" : "NO",
                    "\($0.queries.count)", seconds($0.seconds), "\($0.queries.map(\.rlimitUsed).max() ?? 0)",
                ]
            })
        let queries = result.reports.reduce(0) { $0 + $1.queries.count }
        let failing = result.reports.filter { !$0.isAsExpected }.map(\.name)
        let closing =
            failing.isEmpty
            ? "\(result.reports.count) lemma\(result.reports.count == 1 ? "" : "s"), \(queries) quer\(queries == 1 ? "y" : "ies"), \(seconds(result.seconds)) s: every verdict as expected (Z3 \(Z3Context.version))."
            : "\(failing.count) of \(result.reports.count) lemmas differ from their expected verdict: \(failing.joined(separator: ", "))."
        return table.rendered + "\n" + closing
    }

    static func seconds(_ value: Double) -> String { String(format: "%.2f", value) }

    /// `rlimit 12,345 / 200,000,000 per query (max used / allowed)`.
    static func rlimit(_ queries: [QueryRecord]) -> String {
        guard let allowed = queries.first?.rlimitAllowed else { return "no queries" }
        return "rlimit \(queries.map(\.rlimitUsed).max() ?? 0) / \(allowed) per query (max used / allowed)"
    }
}
