/// Phase 1's work on each successor of a breadth-first chunk (`Checker.route`): count the
/// transition, drop it when it is out of bounds or routed recently, and otherwise tag it in BFS
/// order with its shard, fingerprint, parent and action ordinal, and keep the successor (and, for an
/// exact store, its encoding) until phase 3.
///
/// A `SuccessorVisitor`, so the system calls it from its own step loop with the successor where it
/// was built; it holds the chunk's working buffers for the duration of the chunk.
@usableFromInline
struct BreadthFirstRouter<System: TransitionSystem, Store: VisitedStore>: SuccessorVisitor {
    @usableFromInline let system: System
    @usableFromInline let store: Store
    /// Whether keys are of symmetry classes.
    @usableFromInline let symmetric: Bool
    /// Whether keys are fingerprints of the encoding (`CheckerOptions.usesExactStore`).
    @usableFromInline let exactKeys: Bool
    /// Whether the store keeps encodings (its keys and `words` then come from the encoder).
    @usableFromInline let exact: Bool
    @usableFromInline let recent: RecentFingerprints
    @usableFromInline let coverage: ScratchBuffer<Int>
    /// The position of the parent being expanded within its chunk.
    @usableFromInline var parentOffset: UInt16 = 0
    @usableFromInline var transitions = 0
    @usableFromInline var encoder: StateEncoder
    @usableFromInline var tagShards: ScratchBuffer<Int32>
    @usableFromInline var tagFingerprints: ScratchBuffer<UInt64>
    @usableFromInline var tagParents: ScratchBuffer<UInt16>
    @usableFromInline var tagOrdinals: ScratchBuffer<UInt32>
    @usableFromInline var routedStates: StateBuffer<System.State>
    /// At `shard + 1`: how many successors were routed to `shard`.
    @usableFromInline var shardCounts: ScratchBuffer<Int32>
    @usableFromInline var words: ScratchBuffer<UInt64>
    @usableFromInline var wordOffsets: ScratchBuffer<Int>

    /// A router that appends to the given (emptied) buffers.
    @inlinable
    init(
        system: System, store: Store, symmetric: Bool, exactKeys: Bool, recent: RecentFingerprints, coverage: ScratchBuffer<Int>,
        encoder: StateEncoder, tagShards: ScratchBuffer<Int32>, tagFingerprints: ScratchBuffer<UInt64>,
        tagParents: ScratchBuffer<UInt16>, tagOrdinals: ScratchBuffer<UInt32>, routedStates: StateBuffer<System.State>,
        shardCounts: ScratchBuffer<Int32>, words: ScratchBuffer<UInt64>, wordOffsets: ScratchBuffer<Int>
    ) {
        self.system = system
        self.store = store
        self.symmetric = symmetric
        self.exactKeys = exactKeys
        exact = store.isExact
        self.recent = recent
        self.coverage = coverage
        self.encoder = encoder
        self.tagShards = tagShards
        self.tagFingerprints = tagFingerprints
        self.tagParents = tagParents
        self.tagOrdinals = tagOrdinals
        self.routedStates = routedStates
        self.shardCounts = shardCounts
        self.words = words
        self.wordOffsets = wordOffsets
    }

    /// Routes `successor`, the successor of the current parent under its `ordinal`-th action.
    @inlinable @inline(__always)
    mutating func visit(ordinal: Int, action: borrowing System.Action, successor: consuming System.State) {
        transitions &+= 1
        coverage[system.actionKind(of: action)] &+= 1
        guard system.isWithinBounds(successor) else { return }
        let fingerprint = system.seenSetKey(of: successor, symmetric: symmetric, exact: exactKeys, encoder: &encoder)
        if !exact && !recent.insert(fingerprint) { return }
        let shard = store.shard(of: fingerprint)
        tagShards.append(Int32(truncatingIfNeeded: shard))
        tagFingerprints.append(fingerprint)
        tagParents.append(parentOffset)
        tagOrdinals.append(UInt32(truncatingIfNeeded: ordinal))
        routedStates.append(successor)
        shardCounts[shard &+ 1] &+= 1
        if exact {
            encoder.withWords { encoded in
                words.reserve(words.count + encoded.count)
                for word in encoded { words.appendUnchecked(word) }
            }
            wordOffsets.append(words.count)
        }
    }
}
