/// A parameter a registered model takes from a config's `[constants]` or `[bounds]` section.
public struct ModelParameter: Sendable {
    /// The kinds of value a parameter takes.
    public enum Kind: Sendable {
        /// An integer in a closed range.
        case integer(ClosedRange<Int>)
        /// `true` or `false`.
        case boolean
        /// One of a fixed set of words.
        case choice([String])
    }

    /// The key.
    public var name: String
    /// What it means.
    public var summary: String
    /// The kind and range of its values.
    public var kind: Kind
    /// The value used when the config omits it (`nil`: required).
    public var defaultValue: String?

    /// A parameter.
    public init(_ name: String, _ kind: Kind, default defaultValue: String? = nil, _ summary: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.summary = summary
    }

    /// The accepted values, for messages and `list`.
    public var valueDescription: String {
        switch kind {
        case .integer(let range): "an integer in \(range.lowerBound)...\(range.upperBound)"
        case .boolean: "true or false"
        case .choice(let words): "one of \(words.joined(separator: ", "))"
        }
    }

    /// The least value it accepts: the range's lower bound, `false`, or the first word.
    var leastValue: String {
        switch kind {
        case .integer(let range): String(range.lowerBound)
        case .boolean: "false"
        case .choice(let words): words.first ?? ""
        }
    }

    /// Whether `text` is a valid value.
    func accepts(_ text: String) -> Bool {
        switch kind {
        case .integer(let range): Int(text).map(range.contains) ?? false
        case .boolean: text == "true" || text == "false"
        case .choice(let words): words.contains(text)
        }
    }
}
