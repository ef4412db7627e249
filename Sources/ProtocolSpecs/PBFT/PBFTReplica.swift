import MessagePassing

/// One replica in the PBFT model: its local protocol state, and the messages it has put on the
/// network (which are never taken back).
///
/// Everything else a real replica keeps — the PREPAREs, COMMITs and CHECKPOINTs it has received —
/// is not stored: a step that needs "n − f matching PREPAREs" reads them from the other replicas'
/// sent messages and the Byzantine vocabulary at the moment it fires (see `FaultModel`'s vocabulary
/// notes). The rows of faulty replicas keep their initial value forever.
///
/// All fields are small packed words, stored as two 64-bit words (`prepares`, and `packed` for the
/// rest), so the row is 16 bytes, trivially copyable and allocation-free: a state keeps its rows inline
/// and a successor copies them without touching the heap. The row compares and sorts cheaply (for
/// symmetry) and encodes canonically.
public struct PBFTReplica: Hashable, Sendable, BitwiseCopyable {
    // MARK: Storage

    /// For each (view, slot): the digest of the PREPARE the replica sent, or — for the primary of that
    /// view — of its PREPREPARE (alone or inside its NEWVIEW's O). A correct replica sends at most one.
    var preparesWord: UInt64
    /// The other fields, laid out so that the word is the row's secondary sort key: bits 0–1 the view,
    /// 2 awaiting NEWVIEW, 3–5 the stable checkpoint, 6 the conflicting-commit flag, 16–31 the
    /// VIEWCHANGE log, 32–47 the COMMIT bits, 48–63 the ledger (one 4-bit digest code per slot).
    var packed: UInt64

    @inline(__always)
    private func field(_ shift: UInt64, _ mask: UInt64) -> UInt64 { (packed >> shift) & mask }

    @inline(__always)
    private mutating func setField(_ shift: UInt64, _ mask: UInt64, _ value: UInt64) {
        #if BFT_INTERNAL_CHECKS
            precondition(value & ~mask == 0, "PBFTReplica: \(value) does not fit the field at bit \(shift)")
        #endif
        packed = (packed & ~(mask << shift)) | ((value & mask) << shift)
    }

    // MARK: Local state

    /// The view the replica is in, or is changing to (Castro & Liskov §4.4).
    public internal(set) var view: View {
        @inline(__always) get { View(Int(field(0, 0x3))) }
        @inline(__always) set { setField(0, 0x3, UInt64(newValue.raw)) }
    }
    /// Whether the replica has sent VIEWCHANGE(`view`) and waits for NEWVIEW(`view`): it then accepts
    /// only checkpoint, view-change and new-view messages (Castro & Liskov §4.4).
    public internal(set) var isAwaitingNewView: Bool {
        @inline(__always) get { field(2, 0x1) != 0 }
        @inline(__always) set { setField(2, 0x1, newValue ? 1 : 0) }
    }
    /// h: the sequence number of the last stable checkpoint (Castro & Liskov §4.3); 0 is genesis.
    public internal(set) var stableCheckpoint: SequenceNumber {
        @inline(__always) get { SequenceNumber(Int(field(3, 0x7))) }
        @inline(__always) set { setField(3, 0x7, UInt64(newValue.raw)) }
    }
    /// Whether the replica has committed two different digests at one sequence number (across views):
    /// recorded rather than stored as a second ledger, so Agreement can see it.
    public internal(set) var hasConflictingCommit: Bool {
        @inline(__always) get { field(6, 0x1) != 0 }
        @inline(__always) set { setField(6, 0x1, newValue ? 1 : 0) }
    }
    /// The digest committed at each slot (committed-local, Castro & Liskov §4.2), or obtained from a
    /// stable checkpoint by state transfer (§4.3). Execution is in sequence-number order, so the
    /// executed ledger is the longest gap-free prefix. Slots 1 … 4: the low 16 bits of the log.
    var ledger: MessageLog {
        @inline(__always) get { MessageLog(word: field(48, 0xFFFF)) }
        @inline(__always) set { setField(48, 0xFFFF, newValue.word) }
    }

    // MARK: Messages sent

    /// For each (view, slot): the digest of the PREPARE the replica sent, or — for the primary of that
    /// view — of its PREPREPARE (alone or inside its NEWVIEW's O). A correct replica sends at most one.
    var prepares: MessageLog {
        @inline(__always) get { MessageLog(word: preparesWord) }
        @inline(__always) set { preparesWord = newValue.word }
    }
    /// For each (view, slot): whether the replica, prepared, sent COMMIT for its PREPARE's digest.
    /// So a set bit is also the replica's prepared certificate for that view and slot.
    var commits: UInt16 {
        @inline(__always) get { UInt16(truncatingIfNeeded: packed >> 32) }
        @inline(__always) set { setField(32, 0xFFFF, UInt64(newValue)) }
    }
    /// For each view v ≥ 1: 0 if the replica has not sent VIEWCHANGE(v), else 1 + the stable checkpoint
    /// it reported. Its prepared certificates are derived from `commits` (views below v) and `ledger`.
    /// Views 0 … 3: the low 16 bits of the log.
    var viewChanges: MessageLog {
        @inline(__always) get { MessageLog(word: field(16, 0xFFFF)) }
        @inline(__always) set { setField(16, 0xFFFF, newValue.word) }
    }

    /// A replica in view 0 at genesis that has sent nothing.
    public init() {
        preparesWord = 0
        packed = 0
    }

    // MARK: Reading

    @inline(__always)
    static func key(_ view: View, _ slot: SequenceNumber) -> Int {
        Int(view.raw) &* PBFTConfiguration.sequenceCapacity &+ Int(slot.raw) &- 1
    }

    /// The 4-bit digest code of the ledger's slot `index + 1` (0: empty), read off the storage word
    /// without going through `MessageLog` (another module, not inlined).
    @inline(__always)
    func ledgerCode(at index: Int) -> UInt8 { UInt8(truncatingIfNeeded: packed >> UInt64(48 &+ 4 &* index)) & 0xF }

    /// The 4-bit digest code of the PREPARE (or PREPREPARE) sent under `key` (0: none).
    @inline(__always)
    func prepareCode(at key: Int) -> UInt8 { UInt8(truncatingIfNeeded: preparesWord >> UInt64(4 &* key)) & 0xF }

    /// The ledger's four slots as one word (slot 1 in the lowest nibble).
    @inline(__always)
    var ledgerWord: UInt64 { packed >> 48 }

    /// The digest committed (or transferred) at `slot`, if any.
    @inline(__always)
    public func ledger(at slot: SequenceNumber) -> Digest? { Digest(code: ledgerCode(at: Int(slot.raw) &- 1)) }

    /// The number of slots executed: the length of the gap-free prefix of the ledger.
    public var executedCount: Int {
        // The first empty nibble's position: the slots before it are filled.
        let empty = ~Self.filledNibbles(ledgerWord) & 0x1111_1111_1111_1111
        return min(empty.trailingZeroBitCount / 4, PBFTConfiguration.sequenceCapacity)
    }

    /// `word` with every nonzero 4-bit nibble set to 0xF and every zero nibble left 0.
    @inline(__always)
    static func filledNibbles(_ word: UInt64) -> UInt64 {
        ((word | word >> 1 | word >> 2 | word >> 3) & 0x1111_1111_1111_1111) &* 0xF
    }

    /// The ledger's first `count` slots packed as a word: the state digest a checkpoint at `count`
    /// certifies (Castro & Liskov §4.3), and the result a reply carries.
    public func ledgerPrefix(_ count: Int) -> UInt64 {
        let word = packed >> 48
        return count >= 4 ? word : word & ((UInt64(1) << UInt64(4 * count)) &- 1)
    }

    /// The digest of the PREPARE (or, for the primary, PREPREPARE) sent in `view` at `slot`.
    @inline(__always)
    public func prepare(in view: View, at slot: SequenceNumber) -> Digest? {
        Digest(code: prepareCode(at: Self.key(view, slot)))
    }

    /// Whether the replica sent COMMIT in `view` at `slot` (it was prepared there).
    @inline(__always)
    public func hasSentCommit(in view: View, at slot: SequenceNumber) -> Bool {
        packed & (1 << UInt64(32 &+ Self.key(view, slot))) != 0
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

    /// Sets the ledger's slot `index + 1` to digest code `code`.
    @inline(__always)
    mutating func setLedgerCode(_ code: UInt8, at index: Int) {
        let shift = UInt64(48 &+ 4 &* index)
        packed = (packed & ~(0xF << shift)) | UInt64(code & 0xF) << shift
    }

    mutating func setLedger(_ digest: Digest, at slot: SequenceNumber) { setLedgerCode(digest.code, at: Int(slot.raw) &- 1) }

    mutating func setPrepare(_ digest: Digest, in view: View, at slot: SequenceNumber) {
        let shift = UInt64(4 &* Self.key(view, slot))
        preparesWord = (preparesWord & ~(0xF << shift)) | UInt64(digest.code & 0xF) << shift
    }

    mutating func setCommitSent(in view: View, at slot: SequenceNumber) { packed |= 1 << UInt64(32 &+ Self.key(view, slot)) }

    mutating func setViewChange(for view: View, checkpoint: SequenceNumber) {
        viewChanges[Int(view.raw)] = UInt8(checkpoint.number + 1)
    }

    /// Installs the stable checkpoint `checkpoint` with state `state` (a packed ledger prefix) if it is
    /// newer than the replica's: slots it has not executed are filled by state transfer (§4.3).
    mutating func adoptCheckpoint(_ checkpoint: SequenceNumber, state: UInt64) {
        guard checkpoint > stableCheckpoint else { return }
        stableCheckpoint = checkpoint
        for slot in 0..<checkpoint.number where ledgerCode(at: slot) == 0 {
            setLedgerCode(UInt8(truncatingIfNeeded: state >> UInt64(4 * slot)) & 0xF, at: slot)
        }
    }

    // MARK: Symmetry

    /// A total order on rows: the two storage words (the layout of `packed` makes it the order of
    /// the prepares, then the ledger, COMMITs, VIEWCHANGEs and the small fields).
    @inline(__always)
    var sortKey: (UInt64, UInt64) { (preparesWord, packed) }

    /// This row with every digest code c replaced by `table[c]`.
    func mappingDigests(_ table: [UInt8]) -> PBFTReplica {
        var copy = self
        copy.ledger = ledger.mapped(table)
        copy.prepares = prepares.mapped(table)
        return copy
    }
}
