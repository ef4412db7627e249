/// A property a simulated run broke: what kind of property, and a sentence saying how. The kind
/// sorts violations into a fault scenario's checks (`FaultVerdict`); the sentence is what a user
/// reads, as `kind: detail`.
public struct SimulationViolation: Hashable, Sendable, CustomStringConvertible {
    /// The property broken.
    public enum Kind: Hashable, Sendable, CaseIterable {
        /// Two correct replicas ordered or executed different batches at one sequence number, or one
        /// replica committed two (Castro & Liskov OSDI '99 §4.2, safety).
        case agreement
        /// Two correct replicas' states differ at a stable checkpoint (§4.3).
        case checkpointAgreement
        /// A request did not complete on a network that delivered everything (§4.5, liveness).
        case liveness
        /// A replica's write-ahead log did not rebuild its state before the crash.
        case recovery
        /// A replica's store refused an executed batch.
        case durability
        /// A client's request took effect other than exactly once (§4.1).
        case exactlyOnce
        /// A correct replica sent a message that contradicts one it sent before.
        case contradiction

        /// The word a sentence starts with.
        public var label: String {
            switch self {
            case .agreement, .checkpointAgreement: "agreement"
            case .liveness: "liveness"
            case .recovery: "recovery"
            case .durability: "durability"
            case .exactlyOnce: "exactly-once"
            case .contradiction: "contradiction"
            }
        }
    }

    /// The property broken.
    public var kind: Kind
    /// How, in one sentence without the kind.
    public var detail: String

    /// A violation of `kind`, described by `detail`.
    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// Whether two correct replicas disagree (on a batch or on a checkpoint's state).
    public var isAgreement: Bool { kind == .agreement || kind == .checkpointAgreement }

    /// `kind: detail`, e.g. `agreement: r2 executed … at 7, but r1 executed …`.
    public var description: String { "\(kind.label): \(detail)" }
}
