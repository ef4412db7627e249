/// Per-chunk property results of one level, written by worker threads at distinct indices.
@usableFromInline
final class LevelChecks: @unchecked Sendable {
    private let violationSlots: UnsafeMutablePointer<(Int, Int)?>
    private let witnessSlots: UnsafeMutablePointer<[Int: Int]>
    private let count: Int

    @usableFromInline
    init(count: Int) {
        self.count = count
        violationSlots = .allocate(capacity: max(count, 1))
        violationSlots.initialize(repeating: nil, count: count)
        witnessSlots = .allocate(capacity: max(count, 1))
        witnessSlots.initialize(repeating: [:], count: count)
    }

    deinit {
        violationSlots.deinitialize(count: count)
        violationSlots.deallocate()
        witnessSlots.deinitialize(count: count)
        witnessSlots.deallocate()
    }

    @usableFromInline
    var violations: UnsafeBufferPointer<(Int, Int)?> { UnsafeBufferPointer(start: violationSlots, count: count) }
    @usableFromInline
    var witnesses: UnsafeBufferPointer<[Int: Int]> { UnsafeBufferPointer(start: witnessSlots, count: count) }

    @usableFromInline
    func store(_ chunk: Int, violation: (Int, Int)?, witnesses: [Int: Int]) {
        violationSlots[chunk] = violation
        witnessSlots[chunk] = witnesses
    }
}
