import Atomics
import Dispatch
import FixtureModels
import Testing

@testable import ModelChecking

/// The parts of the parallel BFS that its determinism rests on, tested on their own.
@Suite struct BreadthFirstMachineryTests {
    @Test(arguments: [(0, 1), (1, 2), (7, 2), (128, 2), (129, 3), (1000, 8)])
    func workQueueHandsOutEveryIndexOnceInIncreasingRuns(count: Int, workers: Int) {
        let queue = ContiguousWorkQueue(count: count, workers: workers)
        let taken = (0..<count).map { _ in ManagedAtomic<Int>(0) }
        let decreases = ManagedAtomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var last = -1
            while let index = queue.next(for: worker) {
                taken[index].wrappingIncrement(ordering: .relaxed)
                if index < last { decreases.wrappingIncrement(ordering: .relaxed) }
                last = index
            }
        }
        #expect(taken.allSatisfy { $0.load(ordering: .relaxed) == 1 })
        // A worker only moves back when it steals from a share below its own: at most once per steal,
        // and never with one worker.
        if workers == 1 { #expect(decreases.load(ordering: .relaxed) == 0) }
    }

    @Test func workQueueWithOneWorkerIsInOrder() {
        let queue = ContiguousWorkQueue(count: 5, workers: 1)
        var order: [Int] = []
        while let index = queue.next(for: 0) { order.append(index) }
        #expect(order == [0, 1, 2, 3, 4])
    }

    @Test func traceLogSegmentFindsParentsAndOrdinals() {
        // Parents 0..<4; children: parent 0 has two, parent 1 none, parent 2 one, parent 3 two.
        let parents: [UInt16] = [0, 0, 2, 3, 3]
        let ordinals: [UInt32] = [4, 7, 300, 0, 1]
        let segment = parents.withUnsafeBufferPointer { parents in
            ordinals.withUnsafeBufferPointer { ordinals in
                TraceLogSegment(parentCount: 4, childParents: parents, childOrdinals: ordinals)
            }
        }
        #expect(segment.childCount == 5)
        #expect((0..<5).map(segment.parentIndex(of:)) == [0, 0, 2, 3, 3])
        #expect((0..<5).map(segment.ordinal) == [4, 7, 300, 0, 1])
    }

    @Test func traceLogWalksSegmentsBackToTheInitialState() throws {
        var log = TraceLog()
        log.beginLevel()
        log.appendParent(childOrdinals: [0, 1])  // two initial states
        log.beginLevel()
        // Level 1 built by two chunks: the first expands initial state 0 (one child, ordinal 5),
        // the second initial state 1 (children with ordinals 2 and 3).
        for (parents, ordinals) in [([UInt16(0)], [UInt32(5)]), ([0, 0], [2, 3])] {
            parents.withUnsafeBufferPointer { parents in
                ordinals.withUnsafeBufferPointer { ordinals in
                    log.append(TraceLogSegment(parentCount: 1, childParents: parents, childOrdinals: ordinals))
                }
            }
        }
        log.beginLevel()
        // Level 2: an empty chunk over level-1 states 0 and 1, then one over state 2 with one child.
        for (count, parents, ordinals) in [(2, [UInt16](), [UInt32]()), (1, [0], [9])] {
            parents.withUnsafeBufferPointer { parents in
                ordinals.withUnsafeBufferPointer { ordinals in
                    log.append(TraceLogSegment(parentCount: count, childParents: parents, childOrdinals: ordinals))
                }
            }
        }
        #expect(try log.path(depth: 1, rank: 0) == [0, 5])
        #expect(try log.path(depth: 1, rank: 2) == [1, 3])
        #expect(try log.path(depth: 2, rank: 0) == [1, 3, 9])
    }

    @Test func levelChunksNeverStraddlePiecesAndCoverTheLevelInOrder() {
        var level = BreadthFirstLevel<Int>()
        level.append(Array(0..<10))
        level.append(Array(10..<12))  // merged into the first piece: still below a chunk
        level.append(Array(12..<(12 + 2 * breadthFirstChunkSize + 3)))
        #expect(level.pieces.count == 2)
        let chunks = level.chunks()
        #expect(chunks.map(\.range.count) == [12, breadthFirstChunkSize, breadthFirstChunkSize, 3])
        // In order, the chunks cover the level exactly once: states 0, 1, 2, … by rank.
        #expect(chunks.flatMap { Array(level.pieces[$0.piece].inMemoryStates![$0.range]) } == Array(0..<level.count))
    }

    @Test func recentFingerprintsReportRepeatsUntilOverwrittenOrCleared() {
        let recent = RecentFingerprints(capacity: 8)
        defer { recent.deallocate() }
        #expect(recent.insert(3))
        #expect(!recent.insert(3))
        #expect(recent.insert(3 + 8))  // same slot: overwrites
        #expect(recent.insert(3))
        recent.removeAll()
        #expect(recent.insert(3))
    }

    @Test func routingForgetsRecentFingerprintsWhenMovingBackInBFSOrder() {
        // The same parent routed twice by one worker: going forward, its successors are recent
        // duplicates and dropped; going back (a stolen chunk before the last one routed), they must be
        // routed again, because the earlier copy is the one that has to win.
        let system = Counters(counters: 3, limit: 4)
        let checker = Checker(system)
        let store = FingerprintStore()
        let worker = BreadthFirstWorker<Counters>()
        let kinds = system.actionKindNames.count
        func routed(serial: Int) -> Int {
            let chunk = LevelChunk<Counters>(kinds: kinds, shardCount: store.shardCount)
            chunk.assign(parents: system.initialStates, range: 0..<1)
            checker.route(chunk, serial: serial, using: worker, store: store)
            return chunk.routedCount
        }
        let first = routed(serial: 5)
        #expect(first == 3)  // one increment per counter
        #expect(routed(serial: 6) == 0)
        #expect(routed(serial: 2) == first)
    }

    /// A state that holds a reference, so that the buffer must initialize and destroy it.
    final class Tracked {
        nonisolated(unsafe) static var live = 0
        let value: Int
        init(_ value: Int) {
            self.value = value
            Tracked.live += 1
        }
        deinit { Tracked.live -= 1 }
    }

    @Test func stateBufferMovesStatesInGrowsAndDestroysThem() {
        var buffer = StateBuffer<[Tracked]>(capacity: 2)
        for round in 0..<3 {
            for value in 0..<100 { buffer.append([Tracked(round * 1000 + value)]) }
            #expect(buffer.count == 100)
            #expect(buffer.capacity >= 100)
            #expect((0..<100).allSatisfy { buffer[$0][0].value == round * 1000 + $0 })
            #expect(Tracked.live == 100)
            buffer.removeAll()
            #expect(buffer.count == 0)
            #expect(Tracked.live == 0)
        }
        buffer.append([Tracked(7)])
        buffer.deallocate()
        #expect(Tracked.live == 0)
    }

    /// A state without references, large enough that growing moves megabytes.
    struct Wide: Equatable {
        var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        init(_ value: UInt64) { words = (value, value &* 3, 0, 0, 0, 0, 0, ~value) }
        static func == (a: Wide, b: Wide) -> Bool { a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.7 == b.words.7 }
    }

    @Test func stateBufferGrowsTriviallyMovableStatesInPlaceKeepingThem() {
        #expect(StateBuffer<Wide>.growsInPlace)
        #expect(!StateBuffer<[Tracked]>.growsInPlace)
        var buffer = StateBuffer<Wide>(capacity: 1)
        for round in 0..<2 {
            for value in 0..<50_000 { buffer.append(Wide(UInt64(round * 100_000 + value))) }
            #expect(buffer.count == 50_000)
            #expect(buffer.capacity >= 50_000)
            #expect((0..<50_000).allSatisfy { buffer[$0] == Wide(UInt64(round * 100_000 + $0)) })
            buffer.removeAll()
        }
        buffer.deallocate()
    }

    /// Records what `forEachSuccessor(of:scratch:into:)` hands over.
    struct Recorder<State, Action>: SuccessorVisitor {
        var seen: [(Int, Action, State)] = []
        mutating func visit(ordinal: Int, action: borrowing Action, successor: consuming State) {
            seen.append((ordinal, copy action, successor))
        }
    }

    @Test func theVisitorAndClosureFormsListTheSameSuccessors() {
        let system = TwoPhaseCommit(managers: 3)
        var scratch: [TwoPhaseCommit.Action] = []
        var frontier = system.initialStates
        var compared = 0
        for _ in 0..<4 {
            var next: [TwoPhaseCommit.State] = []
            for state in frontier {
                var recorder = Recorder<TwoPhaseCommit.State, TwoPhaseCommit.Action>()
                system.forEachSuccessor(of: state, scratch: &scratch, into: &recorder)
                var listed: [(Int, TwoPhaseCommit.Action, TwoPhaseCommit.State)] = []
                system.forEachSuccessor(of: state, scratch: &scratch) { listed.append(($0, $1, $2)) }
                let actions = system.actions(in: state)
                #expect(recorder.seen.map(\.0) == Array(actions.indices))
                #expect(recorder.seen.map(\.1) == actions)
                #expect(recorder.seen.map(\.2) == actions.map { system.successor(of: state, taking: $0)! })
                #expect(listed.map(\.0) == recorder.seen.map(\.0))
                #expect(listed.map(\.2) == recorder.seen.map(\.2))
                compared += recorder.seen.count
                next += recorder.seen.map(\.2)
            }
            frontier = next
        }
        #expect(compared > 0)
    }
}
