/// The scheduler of one random walk: picks the next action among the enabled ones as a
/// `ScheduleStrategy` says, drawing every random number from the walk's `SeededGenerator` so that
/// the walk is a function of its seed.
///
/// PCT (Burckhardt et al., ASPLOS 2010) is set up when the walk starts: a random permutation of the
/// kinds gives the initial priorities `d + 1 … d + k`, and `d` distinct change points are drawn from
/// the walk's steps; at the `i`-th change point the kind that would run is demoted to priority
/// `d − i`, below every initial priority (the paper's Algorithm 1 with kinds for threads).
struct ActionChooser {
    private let strategy: ScheduleStrategy
    private let favoured: [Bool]
    private var priorities: [Int]
    /// Change points, sorted ascending (PCT only).
    private var changePoints: [Int]
    private var changesMade = 0

    /// A scheduler for a walk of at most `depth` steps over `kindCount` kinds.
    init(strategy: ScheduleStrategy, kindNames: [String], depth: Int, using generator: inout SeededGenerator) {
        self.strategy = strategy
        favoured = strategy.favouredKinds(among: kindNames)
        priorities = []
        changePoints = []
        guard case .priorityChanges(let count) = strategy else { return }
        var order = Array(0..<kindNames.count)
        // Fisher–Yates with the walk's generator: never `shuffle()` with the system generator.
        if order.count > 1 {
            for index in stride(from: order.count - 1, to: 0, by: -1) {
                order.swapAt(index, Int.random(in: 0...index, using: &generator))
            }
        }
        priorities = Array(repeating: 0, count: kindNames.count)
        for (rank, kind) in order.enumerated() { priorities[kind] = count + 1 + rank }
        let available = max(depth - 1, 0)
        var points: [Int] = []
        // Distinct points in 1..<depth by rejection; at most `available` of them.
        while points.count < min(count, available) {
            let point = Int.random(in: 1..<depth, using: &generator)
            if !points.contains(point) { points.append(point) }
        }
        changePoints = points.sorted()
    }

    /// The index into `kinds` of the action to take at step `step` (0-based).
    ///
    /// - Parameters:
    ///   - kinds: the action kind of each enabled choice, in the system's action order; not empty.
    ///   - step: the number of steps the walk has taken.
    mutating func choose(kinds: [Int], step: Int, using generator: inout SeededGenerator) -> Int {
        precondition(!kinds.isEmpty, "ActionChooser.choose: no enabled action")
        switch strategy {
        case .uniform:
            return Int.random(in: 0..<kinds.count, using: &generator)
        case .targeted(_, let requested):
            let weight = max(requested, 1)
            var total = 0
            for kind in kinds { total += favoured[kind] ? weight : 1 }
            var ticket = Int.random(in: 0..<total, using: &generator)
            for (index, kind) in kinds.enumerated() {
                ticket -= favoured[kind] ? weight : 1
                if ticket < 0 { return index }
            }
            preconditionFailure("ActionChooser.choose: weighted pick ran past the end")
        case .priorityChanges(let count):
            var top = kinds[0]
            for kind in kinds where priorities[kind] > priorities[top] { top = kind }
            if changesMade < changePoints.count, changePoints[changesMade] == step {
                changesMade += 1
                priorities[top] = count - changesMade
                top = kinds[0]
                for kind in kinds where priorities[kind] > priorities[top] { top = kind }
            }
            let candidates = kinds.indices.filter { kinds[$0] == top }
            return candidates[Int.random(in: 0..<candidates.count, using: &generator)]
        }
    }
}
