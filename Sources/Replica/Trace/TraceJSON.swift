/// Builds the JSON objects of the bftcheck trace format (Docs/trace-format.md) with keys in insertion
/// order, so that the same run writes the same bytes.
enum TraceJSON {
    /// The digest the traces use for the null request.
    static let nullDigest = "null"

    /// The trace's name of `digest`: `null` for the null request, else 64 hex digits.
    static func name(of digest: Digest) -> String { digest == .zero ? nullDigest : digest.hex }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        // Names, digests and most results need no escape: copied whole, not scalar by scalar.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) {
            return "\"" + text + "\""
        }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// A JSON object under construction.
    struct Object {
        private var members: [String] = []

        mutating func add(_ key: String, raw: String) { members.append("\(TraceJSON.quoted(key)):\(raw)") }
        mutating func add(_ key: String, string: String) { add(key, raw: TraceJSON.quoted(string)) }
        mutating func add(_ key: String, _ value: Int) { add(key, raw: String(value)) }
        mutating func add(_ key: String, _ value: UInt64) { add(key, raw: String(value)) }
        mutating func add(_ key: String, strings: [String]) {
            add(key, raw: "[" + strings.map(TraceJSON.quoted).joined(separator: ",") + "]")
        }
        mutating func add(_ key: String, object: Object) { add(key, raw: object.text) }

        var text: String { "{" + members.joined(separator: ",") + "}" }
    }
}
