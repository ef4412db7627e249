/// Deterministic JSON text: members in the order given, no insignificant white space unless asked.
///
/// Trace lines and ITF files are written through it so that the same value always gives the same
/// bytes (the house rule that the same run writes byte-identical files).
public enum JSONWriter {
    /// `value` as compact JSON on one line.
    public static func compact(_ value: JSONValue) -> String {
        var output = ""
        output.reserveCapacity(128)
        write(value, into: &output)
        return output
    }

    /// Appends `value` as compact JSON to `output`.
    public static func write(_ value: JSONValue, into output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .integer(let number): output += String(number)
        case .number(let number): output += number.isFinite ? "\(number)" : "null"
        case .largeInteger(let text): output += text
        case .string(let text): writeString(text, into: &output)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                write(element, into: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += "," }
                writeString(member.key, into: &output)
                output += ":"
                write(member.value, into: &output)
            }
            output += "}"
        }
    }

    /// Appends `text` as a JSON string literal, escaping what JSON requires.
    public static func writeString(_ text: String, into output: inout String) {
        output += "\""
        var needsEscape = false
        for byte in text.utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            needsEscape = true
            break
        }
        if !needsEscape {
            output += text
        } else {
            let hex = Array("0123456789abcdef")
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": output += "\\\""
                case "\\": output += "\\\\"
                case "\n": output += "\\n"
                case "\r": output += "\\r"
                case "\t": output += "\\t"
                default:
                    if scalar.value < 0x20 {
                        output += "\\u00" + String(hex[Int(scalar.value >> 4)]) + String(hex[Int(scalar.value & 0xF)])
                    } else {
                        output.unicodeScalars.append(scalar)
                    }
                }
            }
        }
        output += "\""
    }

    /// `value` with each member of the top-level object on its own line, and each element of the
    /// arrays named in `expandedArrays` on its own line too: diff-friendly and still compact.
    public static func layered(_ value: JSONValue, expandedArrays: Set<String> = []) -> String {
        guard case .object(let members) = value else { return compact(value) + "\n" }
        var output = "{\n"
        for (index, member) in members.enumerated() {
            output += "  "
            writeString(member.key, into: &output)
            output += ": "
            if expandedArrays.contains(member.key), case .array(let elements) = member.value, !elements.isEmpty {
                output += "[\n"
                for (position, element) in elements.enumerated() {
                    output += "    "
                    write(element, into: &output)
                    output += position + 1 < elements.count ? ",\n" : "\n"
                }
                output += "  ]"
            } else {
                write(member.value, into: &output)
            }
            output += index + 1 < members.count ? ",\n" : "\n"
        }
        output += "}\n"
        return output
    }
}
