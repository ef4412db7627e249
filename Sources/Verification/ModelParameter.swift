import MessagePassing

/// A parameter a registered model takes from a config's `[constants]` or `[bounds]` section: the same
/// declaration protocols on the message-passing layer make (`ProtocolParameter`), so the catalogue
/// takes theirs as they are.
public typealias ModelParameter = ProtocolParameter

extension ProtocolParameter {
    /// The accepted values, for messages and `list`; a long list of words is cut after four.
    public var valueDescription: String {
        switch kind {
        case .integer(let range): "an integer in \(range.lowerBound)...\(range.upperBound)"
        case .boolean: "true or false"
        case .choice(let words) where words.count > 8:
            "one of \(words.prefix(4).joined(separator: ", ")), … (\(words.count) in all, listed by `bftcheck list --json`)"
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
