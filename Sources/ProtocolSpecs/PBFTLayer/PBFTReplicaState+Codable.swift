import MessagePassing

/// The readable JSON form of a replica's state (counterexample files, ITF, validator reports and
/// snapshots): every field by name, `executedThrough` only when a judged log moved it, so that a
/// model-checked state reads as before and a snapshot may leave it out.
extension PBFTReplicaState {
    private enum CodingKeys: String, CodingKey {
        case view, isAwaitingNewView, stableCheckpoint, stableState, executedThrough, hasConflictingCommit, ledger
    }

    /// Decodes the readable form; a missing `executedThrough` is genesis.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        view = try container.decode(View.self, forKey: .view)
        isAwaitingNewView = try container.decode(Bool.self, forKey: .isAwaitingNewView)
        stableCheckpoint = try container.decode(SequenceNumber.self, forKey: .stableCheckpoint)
        stableState = try container.decode(LedgerState.self, forKey: .stableState)
        executedThrough = try container.decodeIfPresent(SequenceNumber.self, forKey: .executedThrough) ?? .genesis
        hasConflictingCommit = try container.decode(Bool.self, forKey: .hasConflictingCommit)
        ledger = try container.decode(DenseMap<SequenceNumber, Digest>.self, forKey: .ledger)
    }

    /// Encodes the readable form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(view, forKey: .view)
        try container.encode(isAwaitingNewView, forKey: .isAwaitingNewView)
        try container.encode(stableCheckpoint, forKey: .stableCheckpoint)
        try container.encode(stableState, forKey: .stableState)
        if executedThrough != .genesis { try container.encode(executedThrough, forKey: .executedThrough) }
        try container.encode(hasConflictingCommit, forKey: .hasConflictingCommit)
        try container.encode(ledger, forKey: .ledger)
    }
}
