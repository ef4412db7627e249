import Foundation

extension Checker {
    /// Swarm verification (Holzmann, Joshi, Groce, "Swarm verification techniques", IEEE TSE 2011):
    /// `runs` independent depth-first searches, each with its own bitstate filter, hash functions and
    /// seeded action order, on up to `threadCount` threads. Diversity finds bugs that one search of the
    /// same memory misses; nothing is exhaustive, so a swarm without a violation ends `.incomplete`.
    ///
    /// Run `i` uses seed `S + i` (S: `options.seed`, default 0), so the same options give the same runs.
    /// The violation reported is the shortest found (ties: the lowest run); depth-first counterexamples
    /// are real paths but not shortest.
    @usableFromInline
    func runSwarm(_ runs: Int) -> CheckResult<System> {
        let started = ContinuousClock.now
        let base = options.seed ?? 0
        let bitstate = options.bitstate ?? BitstateOptions()
        let results = SwarmResults<System>(count: runs)
        var single = options
        single.swarmRuns = nil
        single.strategy = .depthFirst
        single.bitstate = bitstate
        single.progress = nil
        parallelForEach(runs) { index in
            var options = single
            options.actionOrderSeed = base &+ UInt64(index)
            results.set(index, Checker(system, options: options).run())
        }
        let all = results.values
        var statistics = baseStatistics()
        statistics.strategy = "swarm"
        statistics.seed = base
        statistics.distinctStates = all.map(\.statistics.distinctStates).max() ?? 0
        statistics.transitions = all.reduce(0) { $0 + $1.statistics.transitions }
        statistics.maxDepth = all.map(\.statistics.maxDepth).max() ?? 0
        statistics.seconds = (ContinuousClock.now - started) / .seconds(1)
        statistics.peakMemoryBytes = MemoryUsage.peakResidentBytes
        statistics.bytesPerState = all.first?.statistics.bytesPerState ?? 0
        statistics.bitstate = all.first?.statistics.bitstate
        statistics.coverage =
            all.first.map { first in
                first.statistics.coverage.indices.map { kind in
                    var entry = first.statistics.coverage[kind]
                    entry.count = all.reduce(0) { $0 + $1.statistics.coverage[kind].count }
                    return entry
                }
            } ?? []
        statistics.swarm = SwarmStatistics(
            seeds: (0..<runs).map { base &+ UInt64($0) }, statesPerRun: all.map(\.statistics.distinctStates),
            depthPerRun: all.map(\.statistics.maxDepth))
        var witnesses: [String: Trace<System>] = [:]
        for result in all {
            for (name, trace) in result.witnesses where (witnesses[name]?.steps.count ?? Int.max) > trace.steps.count {
                witnesses[name] = trace
            }
        }
        let violating = all.enumerated().filter { $0.element.outcome == .violated && $0.element.violations.first?.trace != nil }
        if let best = violating.min(by: {
            ($0.element.violations[0].trace!.steps.count, $0.offset) < ($1.element.violations[0].trace!.steps.count, $1.offset)
        }) {
            return CheckResult(outcome: .violated, violations: best.element.violations, witnesses: witnesses, statistics: statistics)
        }
        let stored = all.reduce(0) { $0 + $1.statistics.distinctStates }
        return CheckResult(
            outcome: .incomplete(
                reason: "swarm of \(runs) bitstate depth-first runs: no violation in \(stored) states stored in all; "
                    + "each run may have missed states; not a proof"),
            violations: [], witnesses: witnesses, statistics: statistics)
    }
}

/// One slot per swarm run, each written by exactly one worker, read after all have finished.
final class SwarmResults<System: TransitionSystem>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [CheckResult<System>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: CheckResult<System>) {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = result
    }

    var values: [CheckResult<System>] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
