import Foundation
import Testing

@testable import Conformance

/// The format page and the JSON Schema describe exactly what the reader reads.
@Suite struct DocumentationTests {
    static func text(_ path: String) throws -> String { try String(contentsOfFile: Fixture.repo(path), encoding: .utf8) }

    @Test func theSchemaNamesWhatTheReaderKnows() throws {
        let schema = try JSONParser.parse(try Self.text("Docs/trace-format.schema.json"))
        let definitions = try #require(schema["$defs"])
        #expect(definitions["header"]?["properties"]?["format"]?["const"] == .string(TraceFormat.name))
        #expect(Set(definitions["header"]?["properties"]?.members?.map(\.key) ?? []) == Set(TraceReader.headerKeys))
        let events = definitions["event"]?["properties"]?["event"]?["enum"]?.elements?.compactMap(\.stringValue) ?? []
        #expect(events == TraceFormat.EventKind.allCases.map(\.rawValue))
        var types: [String] = []
        for variant in definitions["message"]?["oneOf"]?.elements ?? [] {
            let type = variant["properties"]?["type"]
            types += type?["enum"]?.elements?.compactMap(\.stringValue) ?? type?["const"]?.stringValue.map { [$0] } ?? []
        }
        #expect(types == TraceFormat.MessageType.allCases.map(\.rawValue))
    }

    @Test func thePageDocumentsEveryFieldEventAndMessage() throws {
        let page = try Self.text("Docs/trace-format.md")
        for key in TraceReader.headerKeys { #expect(page.contains("| `\(key)` |"), "header field \(key)") }
        for kind in TraceFormat.EventKind.allCases { #expect(page.contains("| `\(kind.rawValue)` |"), "event \(kind.rawValue)") }
        for type in TraceFormat.MessageType.allCases { #expect(page.contains("| `\(type.rawValue)` |"), "message \(type.rawValue)") }
        // Its example lines are a valid start of a run.
        let example = page.components(separatedBy: "```json\n")[1].components(separatedBy: "```")[0]
        let file = try TraceReader.parse(example, path: "example")
        #expect(file.events.count == 6)
        let report = try ConformanceOracle().check(try TraceRun(files: [file]))
        #expect(report.isConformant, "\(report.text)")
    }

    @Test func theConformancePageShowsTheReportTheOracleWrites() throws {
        let page = try Self.text("Docs/conformance.md")
        let report = try ConformanceOracle().check(paths: ["Traces/examples/divergent-commit-quorum.ndjson"].map(Fixture.repo))
        let relative = report.text.replacingOccurrences(of: Fixture.packageRoot + "/", with: "")
        #expect(page.contains(relative), "Docs/conformance.md shows:\n\(relative)")
        for mutation in TraceMutation.allCases { #expect(page.contains("| `\(mutation.rawValue)` |")) }
    }
}
