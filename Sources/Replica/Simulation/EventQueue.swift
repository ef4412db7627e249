/// A min-heap of timed events, ordered by time and then by insertion, so that simultaneous events run in
/// the order they were scheduled and a run is deterministic.
struct EventQueue<Event: Sendable>: Sendable {
    private var heap: [(time: Duration, order: UInt64, event: Event)] = []
    private var counter: UInt64 = 0

    var isEmpty: Bool { heap.isEmpty }

    /// The time of the next event, if any.
    func peekTime() -> Duration? { heap.first?.time }

    private static func precedes(
        _ a: (time: Duration, order: UInt64, event: Event), _ b: (time: Duration, order: UInt64, event: Event)
    ) -> Bool {
        a.time < b.time || (a.time == b.time && a.order < b.order)
    }

    mutating func push(_ event: Event, at time: Duration) {
        counter += 1
        heap.append((time, counter, event))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.precedes(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (time: Duration, event: Event)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, Self.precedes(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count, Self.precedes(heap[right], heap[smallest]) { smallest = right }
            guard smallest != parent else { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return (top.time, top.event)
    }
}
