import Foundation
import MessagePassing

@testable import Conformance

/// Version-2 reliable-broadcast runs and trace mutations for the validator's tests.
enum ValidatorFixture {
    /// The validator of Bracha's reliable broadcast.
    static let validator = TraceValidator(codec: BrachaTraceCodec())

    /// A conformant run of `instances` broadcasts, per-replica files as lines (header first).
    static func run(n: Int = 4, f: Int = 1, instances: UInt64 = 12, concurrency: Int = 3, seed: UInt64 = 7) -> [[String]] {
        BrachaTraceSynthesizer(replicaCount: n, faultThreshold: f, valueCount: 2, seed: seed, templates: 4)
            .texts(instances: instances, concurrency: concurrency)
            .map { $0.text.split(separator: "\n").map(String.init) }
    }

    /// Judges per-replica files given as lines.
    static func judge(_ files: [[String]], all: Bool = false, variant: String? = nil) throws -> ValidationReport {
        try validator.validate(
            texts: files.enumerated().map { ("r\($0.offset).ndjson", $0.element.joined(separator: "\n") + "\n") },
            options: ValidationOptions(reportsAll: all, variant: variant))
    }

    /// One event line, parsed.
    struct Line {
        var replica: Int
        var instance: UInt64
        var event: String
        var kind: String?
        var value: String?
        var from: String?

        init(_ text: String) {
            let object = try! JSONParser.parse(text)
            replica = Int(object["replica"]!.stringValue!.dropFirst())!
            instance = UInt64(object["instance"]!.integerValue!)
            event = object["event"]!.stringValue!
            kind = object["message"]?["kind"]?.stringValue
            value = object["message"]?["value"]?.stringValue ?? object["value"]?.stringValue
            from = object["from"]?.stringValue
        }
    }

    /// The index (in `lines`, header at 0) of the first event line satisfying `condition`.
    static func firstIndex(in lines: [String], where condition: (Line) -> Bool) -> Int? {
        lines.indices.dropFirst().first { condition(Line(lines[$0])) }
    }

    /// `lines` with every event's `lsn` renumbered 1, 2, … in order.
    static func renumbered(_ lines: [String]) -> [String] {
        var lsn = 0
        return lines.enumerated().map { index, line in
            guard index > 0, let range = line.range(of: #""lsn":\d+"#, options: .regularExpression) else { return line }
            lsn += 1
            return line.replacingCharacters(in: range, with: "\"lsn\":\(lsn)")
        }
    }

    /// `line` with `"key":"old"` replaced by `"key":"new"`.
    static func replacing(_ key: String, with value: String, in line: String) -> String {
        guard let range = line.range(of: "\"\(key)\":\"[^\"]*\"", options: .regularExpression) else { return line }
        return line.replacingCharacters(in: range, with: "\"\(key)\":\"\(value)\"")
    }
}
