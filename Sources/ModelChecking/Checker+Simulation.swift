extension Checker {
    /// Seeded random walks: `walkCount` walks of at most `walkLength` steps, each step chosen uniformly
    /// among the enabled actions whose successor is within bounds. Not exhaustive: `holds` means no
    /// violation was found. The seed is in the statistics; the same seed gives the same walks.
    @usableFromInline
    func runSimulation() -> CheckResult<System> {
        let started = ContinuousClock.now
        let monitor = RunMonitor(options: options)
        defer { monitor.stop() }
        let seed = options.seed ?? UInt64.random(in: 0...UInt64.max)
        var generator = SeededGenerator(seed: seed)
        let store = makeStore()
        let properties = activeProperties
        var statistics = baseStatistics()
        statistics.seed = seed
        var coverage = Array(repeating: 0, count: system.actionKindNames.count)
        var witnesses: [String: Trace<System>] = [:]
        var encoder = StateEncoder()
        var actions: [System.Action] = []
        var choices: [(System.Action, System.State)] = []
        let initial = system.initialStates.filter(system.isWithinBounds)

        func result(_ outcome: CheckResult<System>.Outcome, _ violations: [CheckResult<System>.Violation]) -> CheckResult<System> {
            finish(&statistics, store: store, extraBytes: 0, coverage: coverage, started: started)
            return CheckResult(outcome: outcome, violations: violations, witnesses: witnesses, statistics: statistics)
        }

        func visit(_ trace: Trace<System>) -> Int? {
            let state = trace.finalState
            let fingerprint = encode(state, into: &encoder)
            _ = encoder.withWords { store.insert(fingerprint, $0) }
            for property in properties where property.expectation == .sometimes && witnesses[property.name] == nil {
                if property.condition(state) { witnesses[property.name] = trace }
            }
            return firstViolatedInvariant(state, properties)
        }

        guard !initial.isEmpty else { return result(.holds, []) }
        for _ in 0..<options.walkCount {
            if let reason = monitor.stopDescription { return result(.incomplete(reason: reason), []) }
            var trace = Trace<System>(initialState: initial[Int.random(in: 0..<initial.count, using: &generator)])
            if let violated = visit(trace) {
                return result(.violated, [.init(property: properties[violated].name, expectation: .always, trace: trace)])
            }
            for _ in 0..<options.walkLength {
                let state = trace.finalState
                actions.removeAll(keepingCapacity: true)
                system.actions(in: state, into: &actions)
                choices.removeAll(keepingCapacity: true)
                for action in actions {
                    guard let next = system.successor(of: state, taking: action) else { continue }
                    statistics.transitions += 1
                    if system.isWithinBounds(next) { choices.append((action, next)) }
                }
                guard !choices.isEmpty else { break }
                let (action, next) = choices[Int.random(in: 0..<choices.count, using: &generator)]
                coverage[system.actionKind(of: action)] += 1
                trace.steps.append(.init(action: action, state: next))
                statistics.maxDepth = max(statistics.maxDepth, trace.steps.count)
                monitor.storedStates.store(store.count, ordering: .relaxed)
                if let violated = visit(trace) {
                    return result(.violated, [.init(property: properties[violated].name, expectation: .always, trace: trace)])
                }
            }
        }
        return result(.holds, [])
    }
}
