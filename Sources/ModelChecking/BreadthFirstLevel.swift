/// One level of a breadth-first search: its states in BFS order, kept as the pieces the chunks of
/// the previous level produced, so that building a level never copies it. Pieces smaller than a
/// chunk are merged with their predecessor, so a level has about as many chunks as states / 1024.
@usableFromInline
struct BreadthFirstLevel<State>: Sendable where State: Sendable {
    /// A chunk of the level: states `range` of piece `piece`.
    @usableFromInline
    struct Chunk: Sendable {
        @usableFromInline let piece: Int
        @usableFromInline let range: Range<Int>

        @inlinable
        init(piece: Int, range: Range<Int>) {
            self.piece = piece
            self.range = range
        }
    }

    /// The states, in BFS order across and within pieces.
    @usableFromInline var pieces: [[State]] = []
    /// The number of states.
    @usableFromInline var count = 0

    @inlinable
    init() {}

    /// Whether the level has no state.
    @inlinable
    var isEmpty: Bool { count == 0 }

    /// Appends `states` after the level's states.
    @inlinable
    mutating func append(_ states: [State]) {
        guard !states.isEmpty else { return }
        if let last = pieces.indices.last, pieces[last].count + states.count <= breadthFirstChunkSize {
            pieces[last].append(contentsOf: states)
        } else {
            pieces.append(states)
        }
        count += states.count
    }

    /// The level cut into chunks of at most ``breadthFirstChunkSize`` states, none straddling two
    /// pieces, in BFS order.
    @inlinable
    func chunks() -> [Chunk] {
        var result: [Chunk] = []
        for (index, piece) in pieces.enumerated() {
            for start in stride(from: 0, to: piece.count, by: breadthFirstChunkSize) {
                result.append(Chunk(piece: index, range: start..<min(start + breadthFirstChunkSize, piece.count)))
            }
        }
        return result
    }

}
