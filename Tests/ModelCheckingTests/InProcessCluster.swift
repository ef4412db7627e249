import Foundation
import ModelChecking

/// A cluster of ranks that are threads of this process: each collective waits at a barrier for every
/// rank's contribution, so the distributed search runs with several ranks without MPI.
final class InProcessCluster: @unchecked Sendable {
    private let size: Int
    private let condition = NSCondition()
    private var arrived = 0
    private var generation = 0
    private var mail: [[[UInt8]]]
    private var values: [[UInt64]]

    /// A cluster of `size` ranks.
    init(size: Int) {
        self.size = size
        mail = Array(repeating: [], count: size)
        values = Array(repeating: [], count: size)
        members = (0..<size).map { Member(rank: $0, size: size) }
        for member in members { member.cluster = self }
    }

    /// The ranks' views of the cluster.
    private var members: [Member] = []

    /// The member of rank `rank`.
    func member(_ rank: Int) -> Member { members[rank] }

    /// Waits until every rank has called it.
    private func barrier() {
        condition.lock()
        let current = generation
        arrived += 1
        if arrived == size {
            arrived = 0
            generation += 1
            condition.broadcast()
        } else {
            while generation == current { condition.wait() }
        }
        condition.unlock()
    }

    fileprivate func exchange(_ outgoing: [[UInt8]], rank: Int) -> (bytes: [UInt8], offsets: [Int]) {
        condition.lock()
        mail[rank] = outgoing
        condition.unlock()
        barrier()
        condition.lock()
        var bytes: [UInt8] = []
        var offsets = [0]
        for source in 0..<size {
            bytes += mail[source][rank]
            offsets.append(bytes.count)
        }
        condition.unlock()
        barrier()
        return (bytes, offsets)
    }

    fileprivate func allReduce(_ contribution: [UInt64], _ operation: ClusterReduction, rank: Int) -> [UInt64] {
        condition.lock()
        values[rank] = contribution
        condition.unlock()
        barrier()
        condition.lock()
        var result = values[0]
        for other in values.dropFirst() {
            for index in result.indices {
                switch operation {
                case .sum: result[index] &+= other[index]
                case .min: result[index] = min(result[index], other[index])
                case .max: result[index] = max(result[index], other[index])
                }
            }
        }
        condition.unlock()
        barrier()
        return result
    }

    /// One rank's view.
    final class Member: SearchCluster, @unchecked Sendable {
        let rank: Int
        let size: Int
        weak var cluster: InProcessCluster?

        init(rank: Int, size: Int) {
            self.rank = rank
            self.size = size
        }

        func exchange(_ outgoing: [[UInt8]]) -> (bytes: [UInt8], offsets: [Int]) { cluster!.exchange(outgoing, rank: rank) }

        func allReduce(_ values: [UInt64], _ operation: ClusterReduction) -> [UInt64] {
            cluster!.allReduce(values, operation, rank: rank)
        }
    }

    /// Runs `body(member)` on one thread per rank and returns the results by rank.
    func run<Result: Sendable>(_ body: @escaping @Sendable (Member) -> Result) -> [Result] {
        let results = ResultBox<Result>(count: size)
        let group = DispatchGroup()
        for rank in 0..<size {
            let member = member(rank)
            group.enter()
            let thread = Thread {
                results.set(rank, body(member))
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        return results.values.map { $0! }
    }
}

/// The results of the ranks' threads.
final class ResultBox<Result>: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Result?]

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }
}
