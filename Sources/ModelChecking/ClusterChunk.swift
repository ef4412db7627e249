/// One chunk of a rank's frontier in a distributed search — at most ``breadthFirstChunkSize``
/// consecutive states — and what expanding it produced: for each rank, the keys of the successors
/// it owns (see `Checker.runDistributed`) and the successors themselves, in BFS order, and the
/// chunk's counts. One worker thread writes a chunk; the search reads it after the parallel phase.
@usableFromInline
final class ClusterChunk<State>: @unchecked Sendable {
    /// The frontier states `start..<end` of the rank's level.
    @usableFromInline let start: Int
    @usableFromInline let end: Int
    /// `records[r]`: the keys of the successors rank `r` owns (fingerprint, parent's global rank, ordinal).
    @usableFromInline @exclusivity(unchecked) var records: [[UInt8]]
    /// `successors[r]`: those successors, in the same order.
    @usableFromInline @exclusivity(unchecked) var successors: [[State]]
    /// Transitions computed.
    @usableFromInline @exclusivity(unchecked) var transitions = 0
    /// Transitions by kind of action.
    @usableFromInline @exclusivity(unchecked) var coverage: [Int]

    /// The chunk of states `range` for a cluster of `ranks` ranks and a model of `kinds` kinds of action.
    @inlinable
    init(range: Range<Int>, ranks: Int, kinds: Int) {
        start = range.lowerBound
        end = range.upperBound
        records = Array(repeating: [], count: ranks)
        successors = Array(repeating: [], count: ranks)
        coverage = Array(repeating: 0, count: kinds)
    }
}
