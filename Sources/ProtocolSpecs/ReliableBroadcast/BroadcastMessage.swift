import MessagePassing

/// A message of Bracha's reliable broadcast (Bracha 1987, Fig. 1): the sender's INITIAL(v), and the
/// ECHO(v) and READY(v) every replica sends at most once. The sender is not part of the content: the
/// network attributes every message to its signer.
///
/// Encoded in JSON as `{"kind": "ECHO", "value": "a"}`.
public struct BroadcastMessage: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The three kinds of message.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable, DenseCode {
        /// The sender's proposal.
        case initial = "INITIAL"
        /// "I received INITIAL(v) from the sender."
        case echo = "ECHO"
        /// "Enough replicas echoed v" (or enough are ready for it).
        case ready = "READY"

        /// Three kinds.
        public static var codeCapacity: Int { 3 }

        /// 0, 1, 2 in protocol order.
        public var denseCode: Int {
            switch self {
            case .initial: 0
            case .echo: 1
            case .ready: 2
            }
        }

        /// The kind with code `code`.
        public static func withDenseCode(_ code: Int) -> Kind { allCases[code] }
    }

    /// The kind.
    public var kind: Kind
    /// The value it carries.
    public var value: BroadcastValue

    /// A message.
    public init(_ kind: Kind, _ value: BroadcastValue) {
        self.kind = kind
        self.value = value
    }

    /// By kind (protocol order), then value.
    public static func < (lhs: BroadcastMessage, rhs: BroadcastMessage) -> Bool {
        lhs.kind != rhs.kind ? lhs.kind.denseCode < rhs.kind.denseCode : lhs.value < rhs.value
    }

    /// E.g. `ECHO(a)`.
    public var description: String { "\(kind.rawValue)(\(value))" }
}
