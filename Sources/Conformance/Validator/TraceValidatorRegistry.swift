import Foundation

/// The protocols version-2 traces may name in their header, one line each (as `ModelCatalog`
/// registers models): `bftcheck conform` dispatches a version-2 run to the entry its header names.
public enum TraceValidatorRegistry {
    /// Every registered protocol.
    public static let entries: [TraceValidatorEntry] = [
        TraceValidatorEntry(codec: BrachaTraceCodec()), TraceValidatorEntry(codec: PBFTTraceCodec()),
    ]

    /// The entry for `protocolName`.
    public static func entry(named protocolName: String) -> TraceValidatorEntry? { entries.first { $0.protocolName == protocolName } }

    /// The format version and protocol the first line of the file at `path` declares (`nil` when it
    /// is not a JSON object with a string `format`), reading only that line.
    public static func probe(_ path: String) -> (version: Int, protocolName: String?)? {
        guard let reader = try? TraceLineReader(path: path),
            let fields = try? reader.nextLine({ bytes, line in try TraceFields.line(bytes, path: path, line: line) }),
            case .string(let format)? = fields.value("format")
        else { return nil }
        let protocolName = fields.value("protocol")?.stringValue
        if format == TraceHeaderV2.formatName { return (2, protocolName) }
        return (1, protocolName)
    }

    /// The trace files of a run given as `paths` (directories expand to their `*.ndjson` files,
    /// sorted by name).
    public static func files(of paths: [String]) -> [String] {
        paths.flatMap { path -> [String] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".ndjson") }.sorted()
            return names.map { (path as NSString).appendingPathComponent($0) }
        }
    }
}
