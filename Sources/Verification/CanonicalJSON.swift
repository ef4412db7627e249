import Foundation

/// Deterministic JSON: sorted keys, pretty printed, no escaped slashes.
public enum CanonicalJSON {
    /// `value` as pretty-printed JSON with sorted keys and unescaped slashes, ending in a newline.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }

    /// A value's JSON flattened to `path = value` lines in key order, for readable diffs.
    public static func flattened<T: Encodable>(_ value: T) -> [(path: String, value: String)] {
        guard let data = try? JSONEncoder().encode(value),
            let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        else { return [] }
        var result: [(String, String)] = []
        flatten(object, path: "", into: &result)
        return result
    }

    private static func flatten(_ object: Any, path: String, into result: inout [(String, String)]) {
        switch object {
        case let dictionary as [String: Any]:
            if dictionary.isEmpty { result.append((path, "{}")) }
            for key in dictionary.keys.sorted() {
                flatten(dictionary[key]!, path: path.isEmpty ? key : "\(path).\(key)", into: &result)
            }
        case let array as [Any]:
            if array.isEmpty { result.append((path, "[]")) }
            for (index, element) in array.enumerated() { flatten(element, path: "\(path)[\(index)]", into: &result) }
        case let string as String: result.append((path, string))
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" {  // JSON Booleans; JSON has no 8-bit integers
                result.append((path, number.boolValue ? "true" : "false"))
            } else {
                result.append((path, number.stringValue))
            }
        case is NSNull: result.append((path, "null"))
        default: result.append((path, "\(object)"))
        }
    }
}
