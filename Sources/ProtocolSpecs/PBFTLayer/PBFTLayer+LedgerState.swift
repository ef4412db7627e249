import MessagePassing

/// Checkpoint states (`LedgerState`): computed, compared and adopted here only, so that the rules
/// read the same whether the spec checks a bounded model (exact states: the ledger itself) or judges
/// an unbounded trace (hashed states of a log discarded below the stable checkpoint; Castro & Liskov
/// §4.3, "the digest of the state" and garbage collection).
extension PBFTLayer {
    /// The state of `row`'s ledger through `slot`, which it has executed (`slot` ≤
    /// `row.executedCount`, and in a judging spec ≥ its stable checkpoint).
    func state(of row: PBFTReplicaState, through slot: Int) -> LedgerState {
        if isJudging {
            let h = row.stableCheckpoint.number
            precondition(slot >= h, "PBFTLayer: the state below the stable checkpoint is discarded")
            var code: UInt64
            switch row.stableState {
            case .hashed(let value): code = value
            case .exact(let value): code = value
            case .named(let name): code = Self.nameCode(name)
            }
            for number in stride(from: h + 1, through: slot, by: 1) {
                code = LedgerState.fold(code, slot: number, digestCode: row.ledger[SequenceNumber(number)]!.denseCode)
            }
            return .hashed(code)
        }
        var code: UInt64 = 0
        for number in stride(from: 1, through: slot, by: 1) {
            code |= UInt64(row.ledger[SequenceNumber(number)]!.denseCode) << UInt64(4 * (number - 1))
        }
        return .exact(code)
    }

    /// The ledger an exact `state` through `slot` holds, or `nil` for a hashed or named one.
    func prefix(of state: LedgerState, through slot: Int) -> DenseMap<SequenceNumber, Digest>? {
        guard case .exact(let code) = state else { return nil }
        var ledger = DenseMap<SequenceNumber, Digest>()
        for number in stride(from: 1, through: slot, by: 1) {
            ledger[SequenceNumber(number)] = .withDenseCode(Int(code >> UInt64(4 * (number - 1)) & 0xF))
        }
        return ledger
    }

    /// Whether `state` at `slot` agrees with what `row` executed: every slot it filled up to `slot`
    /// (exact), or its own state there when it executed that far (hashed; a replica with gaps below
    /// `slot` has nothing to compare).
    func isConsistent(_ row: PBFTReplicaState, with state: LedgerState, at slot: SequenceNumber) -> Bool {
        if case .exact(let code) = state {
            // The exact state's digest at each filled slot through `slot` (what `prefix` would list).
            for (filled, digest) in row.ledger where filled <= slot {
                if Int(code >> UInt64(4 * (filled.number - 1)) & 0xF) != digest.denseCode { return false }
            }
            return true
        }
        guard row.executedCount >= slot.number, slot.number >= row.stableCheckpoint.number else { return true }
        return self.state(of: row, through: slot.number) == state
    }

    /// `row` after installing stable checkpoint `checkpoint` with `state`, if it is newer: slots not
    /// yet filled are filled by state transfer (exact), or the state becomes the base later states
    /// are folded from (hashed; Castro & Liskov §4.3).
    public func adopting(_ checkpoint: SequenceNumber, state: LedgerState, into row: PBFTReplicaState) -> PBFTReplicaState {
        guard checkpoint > row.stableCheckpoint else { return row }
        var next = row
        next.stableCheckpoint = checkpoint
        if let ledger = prefix(of: state, through: checkpoint.number) {
            for (slot, digest) in ledger where next.ledger[slot] == nil { next.ledger[slot] = digest }
        } else {
            next.stableState = state
        }
        return next
    }

    /// A state name as a fold base: FNV-1a over its UTF-8 bytes (deterministic in every process).
    static func nameCode(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// Every exact state of slots 1 … `slot`, in ascending order of their digests slot by slot
    /// (slot 1 varying slowest).
    func allStates(through slot: Int) -> [LedgerState] {
        allLedgers(through: slot).map { ledger in
            var code: UInt64 = 0
            for (key, digest) in ledger { code |= UInt64(digest.denseCode) << UInt64(4 * (key.number - 1)) }
            return .exact(code)
        }
    }

    /// An exact state with every digest renamed by `permutation`; others unchanged (symmetry
    /// reduction applies to bounded models only).
    func renaming(_ state: LedgerState, through slot: Int, by permutation: Int) -> LedgerState {
        guard case .exact(let code) = state else { return state }
        var renamed: UInt64 = 0
        for index in 0..<slot {
            let digest = Int(code >> UInt64(4 * index) & 0xF)
            renamed |= UInt64(requestPermutationTables[permutation][digest]) << UInt64(4 * index)
        }
        return .exact(renamed)
    }

    /// The tight code of an exact state through `slot`: its digests in radix requests + 1, so the
    /// derived encoding takes ⌈slot · log2(requests + 1)⌉ bits, not 4 a slot.
    @usableFromInline
    func tightCode(of state: LedgerState, through slot: Int) -> Int {
        guard case .exact(let code) = state else { preconditionFailure("PBFTLayer: only exact states are packed, not \(state)") }
        var result = 0
        for index in stride(from: slot - 1, through: 0, by: -1) {
            result = result * certificateRadix + Int(code >> UInt64(4 * index) & 0xF)
        }
        return result
    }

    /// The exact state through `slot` whose tight code is `tight`.
    @usableFromInline
    func exactState(tight: Int, through slot: Int) -> LedgerState {
        var remaining = tight
        var code: UInt64 = 0
        for index in 0..<max(0, slot) {
            code |= UInt64(remaining % certificateRadix) << UInt64(4 * index)
            remaining /= certificateRadix
        }
        return .exact(code)
    }
}
