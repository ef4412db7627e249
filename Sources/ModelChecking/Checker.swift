import Atomics
import Foundation

/// Explores a transition system with the given options and returns what it found.
///
/// `Checker(system, options).run()` dispatches to breadth-first search (parallel, shortest
/// counterexamples), depth-first search, or seeded simulation. Every strategy stores canonical states
/// in a `VisitedStore` under stable fingerprints, checks every property in every stored state, and
/// reports per-action coverage.
public struct Checker<System: TransitionSystem>: Sendable {
    /// The system explored.
    public let system: System
    /// How it is explored.
    public let options: CheckerOptions

    /// A checker of `system` with `options`.
    public init(_ system: System, options: CheckerOptions = CheckerOptions()) {
        self.system = system
        self.options = options
    }

    /// Runs the search to its end, or to a limit. A failure of the run's disk side (see
    /// ``StorageOptions``) ends it as `.incomplete`, with the reason; use `runReportingStorageErrors()`
    /// to have it thrown instead.
    @inlinable
    public func run() -> CheckResult<System> {
        do {
            return try runReportingStorageErrors()
        } catch {
            return CheckResult(
                outcome: .incomplete(reason: "storage: \(error)"), violations: [], witnesses: [:], statistics: baseStatistics())
        }
    }

    /// Runs the search to its end, or to a limit.
    ///
    /// - Throws: `StorageError` when a checkpoint or a spill file cannot be written or read, or the
    ///   checkpoint to resume does not match this model, config and options.
    @inlinable
    public func runReportingStorageErrors() throws(StorageError) -> CheckResult<System> {
        if options.storage.isActive && (options.strategy != .breadthFirst || options.swarmRuns != nil) {
            throw StorageError("checkpoints, --resume and --memory apply to breadth-first runs only")
        }
        if let cluster = options.cluster { return try runDistributed(cluster) }
        if let runs = options.swarmRuns { return runSwarm(runs) }
        switch options.strategy {
        case .breadthFirst:
            if let bitstate = options.bitstate {
                return concludeBitstate(
                    try runBreadthFirst(store: BitstateStore(bits: bitstate.bits, hashCount: bitstate.hashCount)), bitstate)
            }
            let sizing = StoreSizing(expectedStates: options.expectedStates)
            return options.usesExactStore
                ? try runBreadthFirst(store: ExactStore(initialCapacity: sizing.exactCapacityPerShard))
                : try runBreadthFirst(store: FingerprintStore(initialBuckets: sizing.bucketsPerShard))
        case .depthFirst:
            let result = runDepthFirst()
            return options.bitstate.map { concludeBitstate(result, $0) } ?? result
        case .simulation: return runSimulation()
        }
    }

    // MARK: Shared machinery

    /// The properties this run checks, in the system's order.
    @usableFromInline
    var activeProperties: [Property<System.State>] {
        guard let selected = options.selectedProperties else { return system.properties }
        return system.properties.filter { selected.contains($0.name) }
    }

    @usableFromInline
    func makeStore() -> any VisitedStore {
        if let bitstate = options.bitstate {
            return BitstateStore(bits: bitstate.bits, hashCount: bitstate.hashCount, hashSeed: options.actionOrderSeed ?? 0)
        }
        let sizing = StoreSizing(expectedStates: options.expectedStates)
        return options.usesExactStore
            ? ExactStore(initialCapacity: sizing.exactCapacityPerShard) : FingerprintStore(initialBuckets: sizing.bucketsPerShard)
    }

    /// A bitstate run's result, said plainly: the figures of what may have been missed, and a run that
    /// found no violation is `.incomplete` (it does not prove that the properties hold).
    @usableFromInline
    func concludeBitstate(_ result: CheckResult<System>, _ bitstate: BitstateOptions) -> CheckResult<System> {
        var result = result
        let stored = result.statistics.distinctStates
        let estimate = BitstateStore.omissionEstimate(
            stored: stored, bits: bitstate.bits, hashCount: bitstate.hashCount)
        result.statistics.bitstate = BitstateStatistics(
            bits: bitstate.bits, hashCount: bitstate.hashCount,
            hashFactor: stored > 0 ? Double(1 << bitstate.bits) / Double(stored) : 0,
            expectedMissedStates: estimate.expectedMissed, nextMissProbability: estimate.nextMissProbability)
        // An unreached `sometimes` target proves nothing when states may have been missed.
        result.violations.removeAll { $0.trace == nil }
        if result.outcome == .holds || (result.outcome == .violated && result.violations.isEmpty) {
            result.outcome = .incomplete(
                reason: "bitstate hashing: no violation among the \(stored) states stored, but about "
                    + "\(Self.formatEstimate(estimate.expectedMissed)) states may have been missed; not a proof")
        }
        return result
    }

    /// An estimate with two significant digits (`0.0012`, `3.4`, `120`).
    static func formatEstimate(_ value: Double) -> String {
        value >= 10 ? String(Int(value.rounded())) : String(format: "%.2g", value)
    }

    /// The seen-set key of `state` (of its class when symmetry is on); with an exact store, `encoder`
    /// then holds the canonical encoding the store keeps (see `TransitionSystem.seenSetKey`).
    @inlinable @inline(__always)
    func encode(_ state: System.State, into encoder: inout StateEncoder) -> UInt64 {
        system.seenSetKey(of: state, symmetric: options.usesSymmetry, exact: options.usesExactStore, encoder: &encoder)
    }

    /// The index of the first `always` property that `state` violates.
    @inlinable @inline(__always)
    func firstViolatedInvariant(_ state: System.State, _ properties: [Property<System.State>]) -> Int? {
        for (index, property) in properties.enumerated()
        where property.expectation == .always && !property.condition(state) {
            return index
        }
        return nil
    }

    @usableFromInline
    func baseStatistics() -> CheckStatistics {
        var statistics = CheckStatistics()
        statistics.strategy = options.strategy.rawValue
        statistics.threads = options.strategy == .breadthFirst ? options.threadCount : 1
        statistics.symmetry = options.usesSymmetry
        statistics.exact = options.usesExactStore
        return statistics
    }

    @usableFromInline
    func finish(
        _ statistics: inout CheckStatistics, store: any VisitedStore, extraBytes: Int, coverage: [Int],
        started: ContinuousClock.Instant
    ) {
        statistics.distinctStates = store.count
        statistics.seconds = (ContinuousClock.now - started) / .seconds(1)
        statistics.bytesPerState =
            store.count > 0 ? Double(store.bytesAllocated + extraBytes) / Double(store.count) : 0
        statistics.peakMemoryBytes = MemoryUsage.peakResidentBytes
        statistics.collisionProbability =
            store.isExact
            ? 0 : CheckStatistics.collisionEstimate(distinct: store.count, transitions: statistics.transitions)
        let names = system.actionKindNames
        statistics.coverage = names.indices.map {
            ActionCoverage(name: names[$0], count: coverage[$0], excludedBecause: system.whyNeverEnabled(actionKind: $0))
        }
    }

    /// The `sometimes` properties never reached, as violations (only meaningful for exhaustive runs).
    @usableFromInline
    func unreachedTargets(_ witnesses: [String: Trace<System>]) -> [CheckResult<System>.Violation] {
        activeProperties.filter { $0.expectation == .sometimes && witnesses[$0.name] == nil }.map {
            CheckResult<System>.Violation(property: $0.name, expectation: .sometimes, trace: nil)
        }
    }
}

/// Watches a run from a background thread: prints progress and raises the stop flag on a time or
/// memory limit.
@usableFromInline
final class RunMonitor: @unchecked Sendable {
    @usableFromInline let storedStates = ManagedAtomic<Int>(0)
    @usableFromInline let transitions = ManagedAtomic<Int>(0)
    @usableFromInline let depth = ManagedAtomic<Int>(0)
    @usableFromInline let stopReason = ManagedAtomic<Int>(0)  // 0 running, 1 time, 2 memory, 3 request
    private let finished = ManagedAtomic<Bool>(false)
    private let started = ContinuousClock.now
    private let limits: Limits
    private let request: StopRequest?
    private let progress: (@Sendable (ProgressReport) -> Void)?
    private let interval: Double
    private var thread: Thread?

    @usableFromInline
    init(options: CheckerOptions) {
        limits = options.limits
        request = options.stopRequest
        progress = options.progress
        interval = options.progressInterval
        if progress != nil || limits.maxSeconds != nil || limits.maxMemoryBytes != nil {
            let thread = Thread { [self] in watch() }
            thread.stackSize = 1 << 20
            self.thread = thread
            thread.start()
        }
    }

    /// Why the run must stop (0: it need not). A raised stop request is read here rather than by the
    /// watching thread, so a request raised before the run stops it at its first check.
    @usableFromInline
    var stopCode: Int {
        if let request, request.isRaised { _ = stopReason.compareExchange(expected: 0, desired: 3, ordering: .relaxed) }
        return stopReason.load(ordering: .relaxed)
    }

    @usableFromInline
    var shouldStop: Bool { stopCode != 0 }

    @usableFromInline
    var stopDescription: String? {
        switch stopCode {
        case 1: "time limit of \(limits.maxSeconds ?? 0) s reached"
        case 2: "memory limit of \((limits.maxMemoryBytes ?? 0) >> 20) MiB reached"
        case 3: request?.reason ?? "stopped on request"
        default: nil
        }
    }

    @usableFromInline
    func stop() { finished.store(true, ordering: .relaxed) }

    private func watch() {
        var lastReport = 0.0
        let tick = min(0.05, interval)
        while !finished.load(ordering: .relaxed) {
            Thread.sleep(forTimeInterval: tick)
            let elapsed = (ContinuousClock.now - started) / .seconds(1)
            if let maxSeconds = limits.maxSeconds, elapsed >= maxSeconds {
                _ = stopReason.compareExchange(expected: 0, desired: 1, ordering: .relaxed)
            }
            if let maxMemory = limits.maxMemoryBytes, MemoryUsage.residentBytes >= maxMemory {
                _ = stopReason.compareExchange(expected: 0, desired: 2, ordering: .relaxed)
            }
            if let progress, elapsed - lastReport >= interval {
                lastReport = elapsed
                progress(
                    ProgressReport(
                        distinctStates: storedStates.load(ordering: .relaxed),
                        transitions: transitions.load(ordering: .relaxed),
                        depth: depth.load(ordering: .relaxed), elapsedSeconds: elapsed,
                        residentBytes: MemoryUsage.residentBytes))
            }
        }
    }
}
