import MessagePassing

/// A PBFT message as the layer port (`PBFTLayer`) puts it on the network: plain values, with the
/// sender attributed by the network, never part of the content (Castro & Liskov §2: messages are
/// signed). Fields a kind does not use are empty.
///
/// | kind | `view` | `slot` | `digest` | `state` | `proposals` | `certificates` |
/// |---|---|---|---|---|---|---|
/// | PREPREPARE(v, n, d) (§4.2) | v | n | d | | | |
/// | PREPARE(v, n, d) (§4.2) | v | n | d | | | |
/// | COMMIT(v, n, d) (§4.2) | v | n | d | | | |
/// | CHECKPOINT(n, state) (§4.3) | | n | | the state: the ledger through n | | |
/// | VIEWCHANGE(v, h, C, P) (§4.4) | v | h | | the state at h | | P: per slot above h |
/// | NEWVIEW(v, V, O) (§4.4) | v | min-s | | the state at min-s | O: slots min-s + 1 … max-s | |
///
/// A VIEWCHANGE's C (the CHECKPOINT quorum proving h) and a NEWVIEW's V are not carried: the rules
/// that read them check that such messages exist on the network (tutorial, "PBFT: A view-change in
/// view v").
public struct PBFTMessage: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The kinds, in protocol order.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable, DenseCode {
        /// The primary orders a request at a slot.
        case prePrepare = "PREPREPARE"
        /// A backup accepted the primary's PREPREPARE.
        case prepare = "PREPARE"
        /// The sender is prepared.
        case commit = "COMMIT"
        /// The sender executed through a checkpoint slot.
        case checkpoint = "CHECKPOINT"
        /// The sender moves to a new view.
        case viewChange = "VIEWCHANGE"
        /// The new primary starts its view.
        case newView = "NEWVIEW"

        /// Six kinds.
        public static var codeCapacity: Int { 6 }
        /// The position in protocol order.
        public var denseCode: Int {
            switch self {
            case .prePrepare: 0
            case .prepare: 1
            case .commit: 2
            case .checkpoint: 3
            case .viewChange: 4
            case .newView: 5
            }
        }
        /// The kind at position `code`.
        public static func withDenseCode(_ code: Int) -> Kind { allCases[code] }
    }

    /// The kind.
    public var kind: Kind
    /// The view (0 for CHECKPOINT).
    public var view: View
    /// The sequence number: the slot of PREPREPARE, PREPARE, COMMIT and CHECKPOINT; the stable
    /// checkpoint h (min-s) of VIEWCHANGE (NEWVIEW).
    public var slot: SequenceNumber
    /// The digest of PREPREPARE, PREPARE and COMMIT.
    public var digest: Digest?
    /// The state a checkpoint certifies: the ledger through `slot` (CHECKPOINT, VIEWCHANGE, NEWVIEW;
    /// `LedgerState.genesis` otherwise).
    public var state: LedgerState {
        get { payload?.state ?? .genesis }
        set { setPayload(state: newValue, proposals: proposals, certificates: certificates) }
    }
    /// NEWVIEW's O: the digest ordered at each slot min-s + 1 … max-s (null where V had none).
    public var proposals: DenseMap<SequenceNumber, Digest> {
        get { payload?.proposals ?? DenseMap() }
        set { setPayload(state: state, proposals: newValue, certificates: certificates) }
    }
    /// VIEWCHANGE's P: the sender's highest-view prepared certificate at each slot above h.
    public var certificates: DenseMap<SequenceNumber, PreparedCertificate> {
        get { payload?.certificates ?? DenseMap() }
        set { setPayload(state: state, proposals: proposals, certificates: newValue) }
    }

    /// The state, O and P, shared between copies and absent when all three are empty: the messages
    /// of the normal case (PREPREPARE, PREPARE, COMMIT), most of a run's, are then plain words that
    /// copy without reference counting.
    @usableFromInline var payload: Payload?

    /// A message's state, O and P; immutable, so copies share it.
    @usableFromInline
    final class Payload: Sendable {
        @usableFromInline let state: LedgerState
        @usableFromInline let proposals: DenseMap<SequenceNumber, Digest>
        @usableFromInline let certificates: DenseMap<SequenceNumber, PreparedCertificate>

        @usableFromInline
        init(state: LedgerState, proposals: DenseMap<SequenceNumber, Digest>, certificates: DenseMap<SequenceNumber, PreparedCertificate>) {
            self.state = state
            self.proposals = proposals
            self.certificates = certificates
        }
    }

    /// Stores the state, O and P (no payload when all three are empty).
    @usableFromInline
    mutating func setPayload(
        state: LedgerState, proposals: DenseMap<SequenceNumber, Digest>, certificates: DenseMap<SequenceNumber, PreparedCertificate>
    ) {
        payload =
            state == .genesis && proposals.isEmpty && certificates.isEmpty
            ? nil : Payload(state: state, proposals: proposals, certificates: certificates)
    }

    init(
        _ kind: Kind, view: View = View(0), slot: SequenceNumber, digest: Digest? = nil,
        state: LedgerState = .genesis, proposals: DenseMap<SequenceNumber, Digest> = DenseMap(),
        certificates: DenseMap<SequenceNumber, PreparedCertificate> = DenseMap()
    ) {
        self.kind = kind
        self.view = view
        self.slot = slot
        self.digest = digest
        payload = nil
        setPayload(state: state, proposals: proposals, certificates: certificates)
    }

    /// PREPREPARE(`view`, `slot`, `digest`).
    public static func prePrepare(_ view: View, _ slot: SequenceNumber, _ digest: Digest) -> PBFTMessage {
        PBFTMessage(.prePrepare, view: view, slot: slot, digest: digest)
    }

    /// PREPARE(`view`, `slot`, `digest`).
    public static func prepare(_ view: View, _ slot: SequenceNumber, _ digest: Digest) -> PBFTMessage {
        PBFTMessage(.prepare, view: view, slot: slot, digest: digest)
    }

    /// COMMIT(`view`, `slot`, `digest`).
    public static func commit(_ view: View, _ slot: SequenceNumber, _ digest: Digest) -> PBFTMessage {
        PBFTMessage(.commit, view: view, slot: slot, digest: digest)
    }

    /// CHECKPOINT(`slot`, `state`).
    public static func checkpoint(_ slot: SequenceNumber, state: LedgerState) -> PBFTMessage {
        PBFTMessage(.checkpoint, slot: slot, state: state)
    }

    /// VIEWCHANGE(`view`) reporting stable checkpoint `checkpoint` with `state`, and `certificates`.
    public static func viewChange(
        _ view: View, checkpoint: SequenceNumber, state: LedgerState, certificates: DenseMap<SequenceNumber, PreparedCertificate>
    ) -> PBFTMessage {
        PBFTMessage(.viewChange, view: view, slot: checkpoint, state: state, certificates: certificates)
    }

    /// NEWVIEW(`view`) with min-s `checkpoint`, its `state`, and O.
    public static func newView(
        _ view: View, checkpoint: SequenceNumber, state: LedgerState, proposals: DenseMap<SequenceNumber, Digest>
    ) -> PBFTMessage {
        PBFTMessage(.newView, view: view, slot: checkpoint, state: state, proposals: proposals)
    }

    /// max-s of a NEWVIEW: its last proposal's slot, or min-s when O is empty.
    public var lastSlot: SequenceNumber {
        var last = slot
        for (key, _) in proposals { last = key }
        return last
    }

    /// Equal kinds, views, slots, digests, states, O and P.
    @inlinable
    public static func == (lhs: PBFTMessage, rhs: PBFTMessage) -> Bool {
        guard lhs.kind == rhs.kind && lhs.view == rhs.view && lhs.slot == rhs.slot && lhs.digest == rhs.digest else { return false }
        switch (lhs.payload, rhs.payload) {
        case (nil, nil): return true
        case (let x?, let y?):
            return x === y || (x.state == y.state && x.proposals == y.proposals && x.certificates == y.certificates)
        default: return false
        }
    }

    /// Hashes every field.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(view)
        hasher.combine(slot)
        hasher.combine(digest)
        hasher.combine(state)
        hasher.combine(proposals)
        hasher.combine(certificates)
    }

    private enum CodingKeys: String, CodingKey { case kind, view, slot, digest, state, proposals, certificates }

    /// Decodes `{"kind", "view", "slot", "digest"?, "state", "proposals", "certificates"}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            try container.decode(Kind.self, forKey: .kind), view: try container.decode(View.self, forKey: .view),
            slot: try container.decode(SequenceNumber.self, forKey: .slot),
            digest: try container.decodeIfPresent(Digest.self, forKey: .digest),
            state: try container.decode(LedgerState.self, forKey: .state),
            proposals: try container.decode(DenseMap<SequenceNumber, Digest>.self, forKey: .proposals),
            certificates: try container.decode(DenseMap<SequenceNumber, PreparedCertificate>.self, forKey: .certificates))
    }

    /// Encodes every field (`digest` only when present).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(view, forKey: .view)
        try container.encode(slot, forKey: .slot)
        try container.encodeIfPresent(digest, forKey: .digest)
        try container.encode(state, forKey: .state)
        try container.encode(proposals, forKey: .proposals)
        try container.encode(certificates, forKey: .certificates)
    }

    /// By kind, view, slot and digest, then by the state and the maps entry by entry.
    @inlinable
    public static func < (lhs: PBFTMessage, rhs: PBFTMessage) -> Bool {
        if lhs.kind != rhs.kind { return lhs.kind.denseCode < rhs.kind.denseCode }
        if lhs.view != rhs.view { return lhs.view < rhs.view }
        if lhs.slot != rhs.slot { return lhs.slot < rhs.slot }
        let (x, y) = (lhs.digest.map { $0.denseCode + 1 } ?? 0, rhs.digest.map { $0.denseCode + 1 } ?? 0)
        if x != y { return x < y }
        // Both without a payload, or sharing one (copies of one message): equal.
        if lhs.payload === rhs.payload { return false }
        return payloadPrecedes(lhs, rhs)
    }

    /// The order of messages that differ only in their state, O or P.
    @usableFromInline
    static func payloadPrecedes(_ lhs: PBFTMessage, _ rhs: PBFTMessage) -> Bool {
        if lhs.state != rhs.state { return lhs.state < rhs.state }
        let (left, right) = (lhs.proposals, rhs.proposals)
        if left != right { return left.lexicographicallyPrecedes(right) { ($0.key, $0.value.denseCode) < ($1.key, $1.value.denseCode) } }
        return lhs.certificates.lexicographicallyPrecedes(rhs.certificates) { ($0.key, $0.value) < ($1.key, $1.value) }
    }

    /// The state's digests when it is exact (`[req1 req2]`), else the state itself (`#1a2b…`,
    /// or an implementation's name).
    var stateDescription: String {
        guard case .exact(let code) = state else { return state.description }
        let digests = (0..<slot.number).map { "\(Digest.withDenseCode(Int(code >> UInt64(4 * $0) & 0xF)))" }
        return "[" + digests.joined(separator: " ") + "]"
    }

    /// E.g. `PREPARE(v0, 1, req1)`, `CHECKPOINT(2, [req1 req2])`, `NEWVIEW(v1, h=0, O=[1:req1])`.
    public var description: String {
        switch kind {
        case .prePrepare, .prepare, .commit:
            return "\(kind.rawValue)(\(view), \(slot.number), \(digest.map { "\($0)" } ?? "-"))"
        case .checkpoint:
            return "CHECKPOINT(\(slot.number), \(stateDescription))"
        case .viewChange:
            let certificates = certificates.map { "\($0.key.number):\($0.value)" }.joined(separator: " ")
            return "VIEWCHANGE(\(view), h=\(slot.number) \(stateDescription), P=[\(certificates)])"
        case .newView:
            let entries = proposals.map { "\($0.key.number):\($0.value)" }.joined(separator: " ")
            return "NEWVIEW(\(view), h=\(slot.number) \(stateDescription), O=[\(entries)])"
        }
    }
}
