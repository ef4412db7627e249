import MessagePassing
import ModelChecking

/// How a PBFT state is stored outside the seen-set, and what it takes in memory. Its compact form is
/// what a breadth-first run writes when it spills its frontier to disk under `--memory` (the
/// compressed state vectors of Stern and Dill's disk-based BFS, "Using magnetic disk instead of main
/// memory in the Murφ verifier", CAV 1998), and what a distributed run sends between MPI ranks.
///
/// It is the model's own canonical encoding (`PBFTState.encode(into:)`: 119 bits a replica, 1 or 23
/// a view), which is lossless within the configuration's capacity (views 0…3, sequence numbers
/// 1…4, 16-bit ledgers and view-change logs), so the compact form and the fingerprinted encoding
/// are one definition and cannot drift apart. `state(fromCompactForm:)` reads the same fields back
/// in the same order; `PBFTCompactFormTests` round-trips every reachable state of pinned configs.
extension PBFT {
    /// The finished words of `state`'s encoding (at most 9 words, 72 bytes, for n = 4 and two views,
    /// against about 860 bytes for the JSON of its `Codable` form).
    public func compactForm(of state: PBFTState) -> [UInt64]? { state.encodedWords }

    /// The state whose encoding is `words` (words `compactForm(of:)` returned): the fields of
    /// `PBFTState.encode(into:)`, read back in its order and widths.
    public func state(fromCompactForm words: [UInt64]) -> PBFTState? {
        var unpacker = FieldUnpacker(words: words)
        var state = PBFTState(replicaCount: replicaCount, maxView: configuration.maxView)
        for index in 0..<replicaCount {
            var row = PBFTReplica()
            row.view = View(Int(unpacker.read(bits: 2)))
            row.isAwaitingNewView = unpacker.read(bits: 1) == 1
            row.stableCheckpoint = SequenceNumber(Int(unpacker.read(bits: 3)))
            row.hasConflictingCommit = unpacker.read(bits: 1) == 1
            row.ledger = MessageLog(word: unpacker.read(bits: 16))
            row.prepares = MessageLog(word: unpacker.read(bits: 64))
            row.commits = UInt16(unpacker.read(bits: 16))
            row.viewChanges = MessageLog(word: unpacker.read(bits: 16))
            state.replicas[index] = row
        }
        for view in state.newViews.indices {
            guard unpacker.read(bits: 1) == 1 else { continue }
            let checkpoint = SequenceNumber(Int(unpacker.read(bits: 3)))
            let lastSlot = SequenceNumber(Int(unpacker.read(bits: 3)))
            let checkpointState = unpacker.read(bits: 16)
            state.newViews[view] = NewViewRecord(checkpoint: checkpoint, checkpointState: checkpointState, lastSlot: lastSlot)
        }
        return state
    }

    /// The stride: a state keeps its rows and NEWVIEW records inline and holds no heap block.
    public func memoryFootprint(of state: PBFTState) -> Int { MemoryLayout<PBFTState>.stride }
}
