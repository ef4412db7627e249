/// A parsed JSON value, with object members kept in the order they were written.
///
/// The trace reader and the ITF layer share it. Integers are kept apart from other numbers because
/// every number in a trace is an integer and a fraction is an error worth naming.
public enum JSONValue: Hashable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number without fraction or exponent that fits in 64 bits.
    case integer(Int)
    /// A number without fraction or exponent that does not fit in 64 bits, as written (e.g.
    /// `18446744073709551616`), so that a reader can say it is out of range rather than not an integer.
    case largeInteger(String)
    /// Any other number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, members in written order.
    case object([Member])

    /// One `"key": value` member of an object.
    public struct Member: Hashable, Sendable {
        /// The key.
        public var key: String
        /// The value.
        public var value: JSONValue

        /// A member.
        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The value of member `key` when this is an object that has it (the first, if repeated).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        for member in members where member.key == key { return member.value }
        return nil
    }

    /// The members when this is an object.
    public var members: [Member]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements when this is an array.
    public var elements: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The text when this is a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The value when this is an integer.
    public var integerValue: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// A short description of the kind of value, for error messages: `a string`, `an array`, ….
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a Boolean"
        case .integer: "an integer"
        case .largeInteger(let text): "\(text), an integer out of the 64-bit range"
        case .number: "a number with a fraction or an exponent"
        case .string(let text): "the string \"\(text.count > 24 ? String(text.prefix(24)) + "…" : text)\""
        case .array: "an array"
        case .object: "an object"
        }
    }
}
