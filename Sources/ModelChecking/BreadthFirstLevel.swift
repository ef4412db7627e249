/// One level of a breadth-first search: its states in BFS order, kept as the pieces the chunks of
/// the previous level produced, so that building a level never copies it. Pieces smaller than a
/// chunk are merged with their predecessor, so a level has about as many chunks as states / 1024.
/// Under a memory budget, completed pieces may be spilled to a segment file and are then read back,
/// in order, a batch at a time (see `BreadthFirstDisk`).
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

    /// A run of consecutive states of the level: in memory, or in a segment file.
    @usableFromInline
    enum Piece: Sendable {
        case inMemory([State])
        case spilled(SpilledPiece)

        /// The states, when they are in memory.
        @inlinable
        var inMemoryStates: [State]? {
            if case .inMemory(let states) = self { return states }
            return nil
        }

        /// The number of states.
        @inlinable
        var count: Int {
            switch self {
            case .inMemory(let states): states.count
            case .spilled(let piece): piece.count
            }
        }
    }

    /// The states, in BFS order across and within pieces.
    @usableFromInline var pieces: [Piece] = []
    /// The number of states.
    @usableFromInline var count = 0
    /// The number of states held in memory.
    @usableFromInline var inMemoryCount = 0

    @inlinable
    init() {}

    /// Whether the level has no state.
    @inlinable
    var isEmpty: Bool { count == 0 }

    /// Appends `states` after the level's states.
    @inlinable
    mutating func append(_ states: [State]) {
        guard !states.isEmpty else { return }
        count += states.count
        inMemoryCount += states.count
        if let last = pieces.indices.last, case .inMemory(var merged) = pieces[last],
            merged.count + states.count <= breadthFirstChunkSize
        {
            pieces[last] = .inMemory([])
            merged.append(contentsOf: states)
            pieces[last] = .inMemory(merged)
        } else {
            pieces.append(.inMemory(states))
        }
    }

    /// The level cut into chunks of at most ``breadthFirstChunkSize`` states, none straddling two
    /// pieces, in BFS order.
    @inlinable
    func chunks() -> [Chunk] {
        var result: [Chunk] = []
        for (index, piece) in pieces.enumerated() {
            let count = piece.count
            for start in stride(from: 0, to: count, by: breadthFirstChunkSize) {
                result.append(Chunk(piece: index, range: start..<min(start + breadthFirstChunkSize, count)))
            }
        }
        return result
    }
}

/// A piece of a level written to a segment file: `count` states, serialized in `length` bytes at
/// `offset`. The file is removed when its last piece is released (unless it belongs to a checkpoint).
@usableFromInline
final class SpilledPiece: Sendable {
    /// The number of states.
    @usableFromInline let count: Int
    let file: DiskFile
    let offset: Int
    let length: Int

    init(count: Int, file: DiskFile, offset: Int, length: Int) {
        self.count = count
        self.file = file
        self.offset = offset
        self.length = length
    }
}
