import MessagePassing

extension ModelParameter {
    /// The catalogue's form of a parameter a protocol on the message-passing layer declares.
    init(_ parameter: ProtocolParameter) {
        let kind: Kind =
            switch parameter.kind {
            case .integer(let range): .integer(range)
            case .boolean: .boolean
            case .choice(let words): .choice(words)
            }
        self.init(parameter.name, kind, default: parameter.defaultValue, parameter.summary)
    }
}
