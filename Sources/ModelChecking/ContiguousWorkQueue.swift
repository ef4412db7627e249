import Atomics

/// Hands out the indices `0..<count` to `workers` threads so that each thread takes long runs of
/// consecutive indices in increasing order, and none sits idle while work remains.
///
/// Each worker starts with an equal contiguous share and takes indices from its front; a worker
/// whose share is used up steals the back half of the largest remaining share and continues there
/// (range splitting, as in work-stealing schedulers for parallel loops). The BFS uses it for phase 1
/// because a worker's cache of recently routed fingerprints (``RecentFingerprints``) catches the
/// duplicates between neighbouring chunks only when it expands neighbouring chunks itself.
@usableFromInline
final class ContiguousWorkQueue: Sendable {
    /// Each worker's unclaimed share, packed as `front << 32 | end`.
    @usableFromInline let shares: [ManagedAtomic<UInt64>]

    /// Splits `0..<count` (below 2^32) into `workers` equal shares.
    @inlinable
    init(count: Int, workers: Int) {
        precondition(count >= 0 && count < 1 << 32 && workers > 0, "ContiguousWorkQueue: bad size")
        shares = (0..<workers).map { worker in
            ManagedAtomic(Self.pack(count * worker / workers, count * (worker + 1) / workers))
        }
    }

    @inlinable @inline(__always)
    static func pack(_ front: Int, _ end: Int) -> UInt64 { UInt64(front) << 32 | UInt64(end) }

    @inlinable @inline(__always)
    static func unpack(_ share: UInt64) -> (front: Int, end: Int) {
        (Int(share >> 32), Int(share & 0xffff_ffff))
    }

    /// The next index for `worker`, or `nil` when every index has been handed out.
    @inlinable
    func next(for worker: Int) -> Int? {
        while true {
            if let index = takeFront(of: worker) { return index }
            guard steal(for: worker) else { return nil }
        }
    }

    /// Takes the front of `worker`'s own share.
    @inlinable
    func takeFront(of worker: Int) -> Int? {
        var share = shares[worker].load(ordering: .relaxed)
        while true {
            let (front, end) = Self.unpack(share)
            guard front < end else { return nil }
            let (exchanged, original) = shares[worker].weakCompareExchange(
                expected: share, desired: Self.pack(front + 1, end), ordering: .relaxed)
            if exchanged { return front }
            share = original
        }
    }

    /// Moves the back half of the largest other share to `worker`'s (empty) share; `false` if all
    /// shares are empty.
    @inlinable
    func steal(for worker: Int) -> Bool {
        while true {
            var victim = -1
            var largest = 0
            for other in shares.indices where other != worker {
                let (front, end) = Self.unpack(shares[other].load(ordering: .relaxed))
                if end - front > largest {
                    largest = end - front
                    victim = other
                }
            }
            guard victim >= 0 else { return false }
            let share = shares[victim].load(ordering: .relaxed)
            let (front, end) = Self.unpack(share)
            guard front < end else { continue }
            let taken = (end - front + 1) / 2
            let (exchanged, _) = shares[victim].weakCompareExchange(
                expected: share, desired: Self.pack(front, end - taken), ordering: .relaxed)
            if exchanged {
                shares[worker].store(Self.pack(end - taken, end), ordering: .relaxed)
                return true
            }
        }
    }
}
