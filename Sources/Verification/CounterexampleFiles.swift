import Foundation
import ModelChecking

/// Writes a counterexample's files: `.json` (the replayable `CounterexampleDocument`, as canonical
/// JSON), `.txt` (`CounterexampleText`) and, for a system that draws message sequence charts, `.md`
/// (a Mermaid `sequenceDiagram` with the steps listed below it).
///
/// The bytes depend only on the document, so the same run twice, with any thread count, writes
/// byte-identical files.
public enum CounterexampleFiles {
    /// Writes `document`'s files as `directory/name.json`, `.txt` and (when `chart` is true and
    /// `system` draws charts) `.md`, creating `directory` when missing and replacing existing files.
    ///
    /// - Parameters:
    ///   - document: the counterexample.
    ///   - system: the system it is a path of (for the chart).
    ///   - directory: the directory to write into.
    ///   - name: the file name without suffix, e.g. `n3-f1-unsafe.Agreement`.
    ///   - chart: whether to write the Markdown chart for a charting system.
    /// - Returns: the paths written, JSON first.
    /// - Throws: `InputError` (key `--output`) when a file or the directory cannot be written.
    public static func write<System: TransitionSystem>(
        _ document: CounterexampleDocument<System>, of system: System, in directory: String, named name: String, chart: Bool
    ) throws -> [String] {
        try OutputFile.createDirectory(directory, key: "--output")
        let base = (directory as NSString).appendingPathComponent(name)
        var files: [String] = []
        func write(_ data: Data, _ suffix: String) throws {
            let path = base + suffix
            try OutputFile.write(data, to: path, key: "--output", what: "the counterexample file")
            files.append(path)
        }
        try write(try CanonicalJSON.encode(document), ".json")
        try write(Data(CounterexampleText.render(document).utf8), ".txt")
        if chart, let charting = system as? any MessageSequenceCharting {
            try write(Data(chartMarkdown(charting, document: document).utf8), ".md")
        }
        return files
    }

    /// The Markdown form: a heading, the config and length, the Mermaid chart, and the steps.
    private static func chartMarkdown<Charting: MessageSequenceCharting, System: TransitionSystem>(
        _ charting: Charting, document: CounterexampleDocument<System>
    ) -> String {
        // `System` and `Charting` are the same type here; the cast only recovers the conformance.
        let trace = document.trace
        let chartTrace = trace as! Trace<Charting>
        var lines = [
            "# \(document.property) violated: \(charting.name)", "",
            "Config `\(document.config)`; \(trace.steps.count) steps. \(document.propertySummary)", "",
            "```mermaid", charting.mermaidSequenceDiagram(of: chartTrace, violating: document.property), "```", "",
            "Replay: `bftcheck replay <this file's .json twin>`.", "",
        ]
        lines.append("## Steps")
        for (index, step) in trace.steps.enumerated() { lines.append("\(index + 1). `\(step.action.description)`") }
        return lines.joined(separator: "\n") + "\n"
    }
}
