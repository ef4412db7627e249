import MessagePassing

/// What a NEWVIEW(v, V, O) message says, in the form a step carries it (Castro & Liskov §4.4;
/// tutorial, "PBFT: A view-change in view v"): the stable checkpoint min-s and its state, and O's
/// digests for slots min-s + 1 … max-s (null where V has no prepared certificate).
///
/// `basis` records which VIEWCHANGE messages V was taken from, for charts; it is `nil` when a backup
/// accepts a correct primary's NEWVIEW (the state does not keep V).
public struct NewViewProposal: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The VIEWCHANGE messages a NEWVIEW was built from.
    public struct Basis: Hashable, Sendable, Codable {
        /// The correct replicas whose VIEWCHANGE is in V.
        public var correct: ReplicaSet
        /// How many Byzantine replicas' VIEWCHANGEs are in V: as many as the quorum needs, and at least
        /// one when their content (any valid checkpoint and prepared certificates, from the
        /// vocabulary) shaped min-s or O.
        public var byzantine: Int
    }

    /// min-s.
    public var checkpoint: SequenceNumber
    /// The state of checkpoint min-s: the ledger slots 1 … min-s.
    public var checkpointLedger: [Digest]
    /// O: the digests for slots min-s + 1 … max-s, in order.
    public var proposals: [Digest]
    /// Where V came from, if known.
    public var basis: Basis?

    /// A proposal.
    public init(checkpoint: SequenceNumber, checkpointLedger: [Digest], proposals: [Digest], basis: Basis?) {
        self.checkpoint = checkpoint
        self.checkpointLedger = checkpointLedger
        self.proposals = proposals
        self.basis = basis
    }

    /// max-s.
    public var lastSlot: SequenceNumber { SequenceNumber(checkpoint.number + proposals.count) }

    /// Whether two proposals say the same thing (whatever V they came from).
    func hasSameContent(as other: NewViewProposal) -> Bool {
        checkpoint == other.checkpoint && checkpointLedger == other.checkpointLedger && proposals == other.proposals
    }

    /// E.g. `h=0 O=[1:req1 2:null]`.
    public var description: String {
        let entries = proposals.enumerated().map { "\(checkpoint.number + $0.offset + 1):\($0.element)" }
        return "h=\(checkpoint.number) O=[\(entries.joined(separator: " "))]"
    }
}
