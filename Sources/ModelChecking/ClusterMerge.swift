/// The k-way merge of a distributed search: each rank receives one run of records from every rank,
/// each run sorted by its BFS key (the parent's global rank, then the action's ordinal), and visits
/// them all in key order, so that the first occurrence of a state wins as in a sequential search.
@usableFromInline
enum ClusterMerge {
    /// Calls `visit(run, offset)` for every record of `runs` (byte ranges of records, each sorted by key
    /// and keys distinct) in increasing key order. `key(offset)` reads a record's key, `length(offset)`
    /// its byte length.
    ///
    /// - Complexity: O(n log k) for n records in k runs (a binary heap of the runs' heads).
    @inlinable
    static func merge(
        runs: [Range<Int>], key: (Int) -> (UInt64, UInt32), length: (Int) -> Int, visit: (_ run: Int, _ offset: Int) -> Void
    ) {
        // Heads: (parent rank, ordinal, offset, run end, run), as a binary min-heap on the key.
        var heap: [(UInt64, UInt32, Int, Int, Int)] = []
        heap.reserveCapacity(runs.count)
        @inline(__always) func less(_ a: Int, _ b: Int) -> Bool {
            heap[a].0 != heap[b].0 ? heap[a].0 < heap[b].0 : heap[a].1 < heap[b].1
        }
        func siftDown(_ start: Int) {
            var index = start
            while true {
                let left = 2 * index + 1
                if left >= heap.count { return }
                var child = left
                if left + 1 < heap.count && less(left + 1, left) { child = left + 1 }
                if !less(child, index) { return }
                heap.swapAt(child, index)
                index = child
            }
        }
        for (index, run) in runs.enumerated() where !run.isEmpty {
            let (parent, ordinal) = key(run.lowerBound)
            heap.append((parent, ordinal, run.lowerBound, run.upperBound, index))
        }
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
        while !heap.isEmpty {
            let (_, _, offset, end, run) = heap[0]
            visit(run, offset)
            let next = offset + length(offset)
            if next < end {
                let (parent, ordinal) = key(next)
                heap[0] = (parent, ordinal, next, end, run)
            } else {
                heap[0] = heap[heap.count - 1]
                heap.removeLast()
            }
            siftDown(0)
        }
    }
}
