import MessagePassing

/// One replica in the PBFT model: its local protocol state, and the messages it has put on the
/// network (which are never taken back).
///
/// Everything else a real replica keeps — the PREPAREs, COMMITs and CHECKPOINTs it has received —
/// is not stored: a step that needs "n − f matching PREPAREs" reads them from the other replicas'
/// sent messages and the Byzantine vocabulary at the moment it fires (see `FaultModel`'s vocabulary
/// notes). The rows of faulty replicas keep their initial value forever.
///
/// All fields are small packed words, so the row is allocation-free, compares and sorts cheaply
/// (for symmetry) and encodes canonically.
public struct PBFTReplica: Hashable, Sendable {
    // MARK: Local state

    /// The view the replica is in, or is changing to (Castro & Liskov §4.4).
    public internal(set) var view: View
    /// Whether the replica has sent VIEWCHANGE(`view`) and waits for NEWVIEW(`view`): it then accepts
    /// only checkpoint, view-change and new-view messages (Castro & Liskov §4.4).
    public internal(set) var isAwaitingNewView: Bool
    /// h: the sequence number of the last stable checkpoint (Castro & Liskov §4.3); 0 is genesis.
    public internal(set) var stableCheckpoint: SequenceNumber
    /// Whether the replica has committed two different digests at one sequence number (across views):
    /// recorded rather than stored as a second ledger, so Agreement can see it.
    public internal(set) var hasConflictingCommit: Bool
    /// The digest committed at each slot (committed-local, Castro & Liskov §4.2), or obtained from a
    /// stable checkpoint by state transfer (§4.3). Execution is in sequence-number order, so the
    /// executed ledger is the longest gap-free prefix.
    var ledger: MessageLog

    // MARK: Messages sent

    /// For each (view, slot): the digest of the PREPARE the replica sent, or — for the primary of that
    /// view — of its PREPREPARE (alone or inside its NEWVIEW's O). A correct replica sends at most one.
    var prepares: MessageLog
    /// For each (view, slot): whether the replica, prepared, sent COMMIT for its PREPARE's digest.
    /// So a set bit is also the replica's prepared certificate for that view and slot.
    var commits: UInt16
    /// For each view v ≥ 1: 0 if the replica has not sent VIEWCHANGE(v), else 1 + the stable checkpoint
    /// it reported. Its prepared certificates are derived from `commits` (views below v) and `ledger`.
    var viewChanges: MessageLog

    /// A replica in view 0 at genesis that has sent nothing.
    public init() {
        view = View(0)
        isAwaitingNewView = false
        stableCheckpoint = .genesis
        hasConflictingCommit = false
        ledger = MessageLog()
        prepares = MessageLog()
        commits = 0
        viewChanges = MessageLog()
    }

    // MARK: Reading

    @inline(__always)
    static func key(_ view: View, _ slot: SequenceNumber) -> Int {
        Int(view.raw) &* PBFTConfiguration.sequenceCapacity &+ Int(slot.raw) &- 1
    }

    /// The digest committed (or transferred) at `slot`, if any.
    public func ledger(at slot: SequenceNumber) -> Digest? { Digest(code: ledger[Int(slot.raw) - 1]) }

    /// The number of slots executed: the length of the gap-free prefix of the ledger.
    public var executedCount: Int {
        // A slot is filled when its nibble is nonzero; count the leading filled nibbles.
        var count = 0
        var rest = ledger.word
        while rest & 0xF != 0 {
            count += 1
            rest >>= 4
        }
        return count
    }

    /// The ledger's first `count` slots packed as a word: the state digest a checkpoint at `count`
    /// certifies (Castro & Liskov §4.3), and the result a reply carries.
    public func ledgerPrefix(_ count: Int) -> UInt64 {
        count >= 16 ? ledger.word : ledger.word & ((UInt64(1) << UInt64(4 * count)) &- 1)
    }

    /// The digest of the PREPARE (or, for the primary, PREPREPARE) sent in `view` at `slot`.
    public func prepare(in view: View, at slot: SequenceNumber) -> Digest? {
        Digest(code: prepares[Self.key(view, slot)])
    }

    /// Whether the replica sent COMMIT in `view` at `slot` (it was prepared there).
    public func hasSentCommit(in view: View, at slot: SequenceNumber) -> Bool {
        commits & (1 << UInt16(Self.key(view, slot))) != 0
    }

    /// The stable checkpoint the replica reported in VIEWCHANGE(`view`), or `nil` if it sent none.
    public func viewChangeCheckpoint(for view: View) -> SequenceNumber? {
        let content = viewChanges[Int(view.raw)]
        return content == 0 ? nil : SequenceNumber(Int(content) - 1)
    }

    /// The replica's prepared certificate for `slot` that VIEWCHANGE(`view`) carries: the one of the
    /// highest view below `view` (Castro & Liskov, TOCS §4.5: the P component keeps, for each sequence
    /// number, the certificate of the latest view).
    public func certificate(at slot: SequenceNumber, before view: View) -> (view: View, digest: Digest)? {
        var candidate = Int(view.raw) - 1
        while candidate >= 0 {
            let earlier = View(candidate)
            if hasSentCommit(in: earlier, at: slot), let digest = prepare(in: earlier, at: slot) { return (earlier, digest) }
            candidate -= 1
        }
        return nil
    }

    // MARK: Writing

    mutating func setLedger(_ digest: Digest, at slot: SequenceNumber) { ledger[Int(slot.raw) - 1] = digest.code }

    mutating func setPrepare(_ digest: Digest, in view: View, at slot: SequenceNumber) {
        prepares[Self.key(view, slot)] = digest.code
    }

    mutating func setCommitSent(in view: View, at slot: SequenceNumber) { commits |= 1 << UInt16(Self.key(view, slot)) }

    mutating func setViewChange(for view: View, checkpoint: SequenceNumber) {
        viewChanges[Int(view.raw)] = UInt8(checkpoint.number + 1)
    }

    /// Installs the stable checkpoint `checkpoint` with state `state` (a packed ledger prefix) if it is
    /// newer than the replica's: slots it has not executed are filled by state transfer (§4.3).
    mutating func adoptCheckpoint(_ checkpoint: SequenceNumber, state: UInt64) {
        guard checkpoint > stableCheckpoint else { return }
        stableCheckpoint = checkpoint
        for slot in 0..<checkpoint.number where ledger[slot] == 0 {
            ledger[slot] = UInt8(truncatingIfNeeded: state >> UInt64(4 * slot)) & 0xF
        }
    }

    // MARK: Symmetry

    /// A total order on rows: the packed fields as two words.
    var sortKey: (UInt64, UInt64) {
        let small =
            UInt64(view.raw) | UInt64(isAwaitingNewView ? 1 : 0) << 2 | UInt64(stableCheckpoint.raw) << 3
            | UInt64(hasConflictingCommit ? 1 : 0) << 6
        return (prepares.word, ledger.word << 48 | UInt64(commits) << 32 | (viewChanges.word & 0xFFFF) << 16 | small)
    }

    /// This row with every digest code c replaced by `table[c]`.
    func mappingDigests(_ table: [UInt8]) -> PBFTReplica {
        var copy = self
        copy.ledger = ledger.mapped(table)
        copy.prepares = prepares.mapped(table)
        return copy
    }
}
