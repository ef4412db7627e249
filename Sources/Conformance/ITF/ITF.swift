/// Building and reading values of the Informal Trace Format (Apalache ADR-015, also written by
/// Quint): integers as `{"#bigint": "…"}`, tuples `{"#tup": […]}`, sets `{"#set": […]}`, maps
/// `{"#map": [[key, value], …]}`, records as objects, sequences as arrays. ITF has no null; an
/// optional value is written as Quint writes its `Option`: `{"tag": "None", "value": {"#tup": []}}`.
public enum ITF {
    /// `{"#bigint": "n"}`.
    public static func bigint(_ value: Int) -> JSONValue { .object([.init("#bigint", .string(String(value)))]) }
    /// `{"#tup": elements}`.
    public static func tuple(_ elements: [JSONValue]) -> JSONValue { .object([.init("#tup", .array(elements))]) }
    /// `{"#set": elements}` (the caller fixes the order, for deterministic files).
    public static func set(_ elements: [JSONValue]) -> JSONValue { .object([.init("#set", .array(elements))]) }
    /// `{"#map": [[k, v], …]}` (the caller fixes the order).
    public static func map(_ pairs: [(JSONValue, JSONValue)]) -> JSONValue {
        .object([.init("#map", .array(pairs.map { .array([$0.0, $0.1]) }))])
    }
    /// Quint's `None`.
    public static let none: JSONValue = .object([.init("tag", .string("None")), .init("value", tuple([]))])

    /// An integer, written as a JSON integer or a `#bigint`.
    public static func integer(_ value: JSONValue, at path: String) throws -> Int {
        if case .integer(let number) = value { return number }
        if case .object(let members) = value, members.count == 1, members[0].key == "#bigint", case .string(let text) = members[0].value {
            guard let number = Int(text) else {
                let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
                let isDecimal = !digits.isEmpty && digits.allSatisfy { $0 >= "0" && $0 <= "9" }
                let problem = isDecimal ? "out of range: it does not fit in 64 bits" : "not a decimal integer"
                throw ITFError(path, "#bigint \"\(text)\" is \(problem)")
            }
            return number
        }
        if case .largeInteger(let text) = value { throw ITFError(path, "\(text) is out of range: it does not fit in 64 bits") }
        throw ITFError(path, "expected an integer or {\"#bigint\": …}, got \(value.kindDescription)")
    }

    /// A string.
    public static func string(_ value: JSONValue, at path: String) throws -> String {
        guard case .string(let text) = value else { throw ITFError(path, "expected a string, got \(value.kindDescription)") }
        return text
    }

    /// A Boolean.
    public static func bool(_ value: JSONValue, at path: String) throws -> Bool {
        guard case .bool(let flag) = value else { throw ITFError(path, "expected a Boolean, got \(value.kindDescription)") }
        return flag
    }

    /// The elements of a `#set`, a `#tup` or a list.
    public static func elements(_ value: JSONValue, at path: String) throws -> [JSONValue] {
        if case .array(let elements) = value { return elements }
        if case .object(let members) = value, members.count == 1, members[0].key == "#set" || members[0].key == "#tup",
            case .array(let elements) = members[0].value
        {
            return elements
        }
        throw ITFError(path, "expected {\"#set\": […]}, {\"#tup\": […]} or a list, got \(value.kindDescription)")
    }

    /// The key–value pairs of a `#map` (or of a record, keys as strings).
    public static func pairs(_ value: JSONValue, at path: String) throws -> [(JSONValue, JSONValue)] {
        guard case .object(let members) = value else { throw ITFError(path, "expected {\"#map\": […]}, got \(value.kindDescription)") }
        if members.count == 1, members[0].key == "#map" {
            guard case .array(let entries) = members[0].value else { throw ITFError(path + ".#map", "expected an array of pairs") }
            return try entries.enumerated().map { index, entry in
                guard case .array(let pair) = entry, pair.count == 2 else {
                    throw ITFError("\(path).#map[\(index)]", "expected a [key, value] pair")
                }
                return (pair[0], pair[1])
            }
        }
        return members.filter { !$0.key.hasPrefix("#") }.map { (.string($0.key), $0.value) }
    }

    /// The field `name` of a record.
    public static func field(_ value: JSONValue, _ name: String, at path: String) throws -> JSONValue {
        guard case .object = value else { throw ITFError(path, "expected a record, got \(value.kindDescription)") }
        guard let field = value[name] else { throw ITFError(path, "missing field \"\(name)\"") }
        return field
    }

    /// A plain JSON value in ITF: integers become `#bigint`, null becomes `None`; arrays, objects,
    /// strings and Booleans stay (lists and records). Used for values that have no richer layout.
    public static func fromJSON(_ value: JSONValue) -> JSONValue {
        switch value {
        case .null: none
        case .integer(let number): bigint(number)
        case .largeInteger(let text): .object([.init("#bigint", .string(text))])
        case .number(let number): .object([.init("#unserializable", .string("\(number)"))])
        case .bool, .string: value
        case .array(let elements): .array(elements.map(fromJSON))
        case .object(let members): .object(members.map { .init($0.key, fromJSON($0.value)) })
        }
    }

    /// The plain JSON of an ITF value: the inverse of `fromJSON`, reading `#tup` and `#set` as arrays
    /// and `#map`s with string keys as objects.
    public static func toJSON(_ value: JSONValue, at path: String = "") throws -> JSONValue {
        switch value {
        case .array(let elements): return .array(try elements.enumerated().map { try toJSON($0.element, at: "\(path)[\($0.offset)]") })
        case .object(let members):
            if members.count == 1 {
                switch members[0].key {
                case "#bigint": return .integer(try integer(value, at: path))
                case "#tup", "#set":
                    return .array(try elements(value, at: path).enumerated().map { try toJSON($0.element, at: "\(path)[\($0.offset)]") })
                case "#map":
                    return .object(
                        try pairs(value, at: path).enumerated().map { index, pair in
                            .init(try string(pair.0, at: "\(path).#map[\(index)][0]"), try toJSON(pair.1, at: "\(path).#map[\(index)][1]"))
                        })
                case "#unserializable": throw ITFError(path, "an unserializable value")
                default: break
                }
            }
            if value["tag"] == .string("None") { return .null }
            if value["tag"] == .string("Some"), let inner = value["value"] { return try toJSON(inner, at: path + ".value") }
            return .object(try members.map { .init($0.key, try toJSON($0.value, at: "\(path).\($0.key)")) })
        default: return value
        }
    }
}
