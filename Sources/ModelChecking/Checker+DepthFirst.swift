extension Checker {
    private struct Frame {
        var state: System.State
        var via: System.Action?
        var actions: [System.Action]
        var next = 0
    }

    private func trace(of stack: [Frame]) -> Trace<System> {
        Trace(
            initialState: stack[0].state,
            steps: stack.dropFirst().map { Trace.Step(action: $0.via!, state: $0.state) })
    }

    /// Exhaustive depth-first search on one thread. The counterexample is the search stack: real states,
    /// not necessarily the shortest path. Symmetry reduction applies as in breadth-first search.
    @usableFromInline
    func runDepthFirst() -> CheckResult<System> {
        let started = ContinuousClock.now
        let monitor = RunMonitor(options: options)
        defer { monitor.stop() }
        let store = makeStore()
        let properties = activeProperties
        var statistics = baseStatistics()
        var coverage = Array(repeating: 0, count: system.actionKindNames.count)
        var witnesses: [String: Trace<System>] = [:]
        var encoder = StateEncoder()
        var depthLimited = false
        var stack: [Frame] = []
        var stackBytes = 0
        var actionOrder = options.actionOrderSeed.map { SeededGenerator(seed: $0) }

        func result(_ outcome: CheckResult<System>.Outcome, _ violations: [CheckResult<System>.Violation]) -> CheckResult<System> {
            finish(&statistics, store: store, extraBytes: stackBytes, coverage: coverage, started: started)
            return CheckResult(outcome: outcome, violations: violations, witnesses: witnesses, statistics: statistics)
        }

        /// Stores and checks a state; returns the violated invariant, if any, after pushing its frame.
        func visit(_ state: System.State, via action: System.Action?) -> Int? {
            let fingerprint = encode(state, into: &encoder)
            let inserted = encoder.withWords { store.insert(fingerprint, $0) }
            guard inserted else { return nil }
            monitor.storedStates.wrappingIncrement(ordering: .relaxed)
            var frame = Frame(state: state, via: action, actions: [])
            if let maxDepth = options.limits.maxDepth, stack.count > maxDepth {
                depthLimited = true
            } else {
                system.actions(in: state, into: &frame.actions)
                if actionOrder != nil { frame.actions.shuffle(using: &actionOrder!) }
            }
            stack.append(frame)
            stackBytes = max(stackBytes, stack.count * MemoryLayout<Frame>.stride)
            statistics.maxDepth = max(statistics.maxDepth, stack.count - 1)
            for property in properties where property.expectation == .sometimes && witnesses[property.name] == nil {
                if property.condition(state) { witnesses[property.name] = trace(of: stack) }
            }
            return firstViolatedInvariant(state, properties)
        }

        for initial in system.initialStates where system.isWithinBounds(initial) {
            if let violated = visit(initial, via: nil) {
                return result(.violated, [.init(property: properties[violated].name, expectation: .always, trace: trace(of: stack))])
            }
            while let top = stack.indices.last {
                if monitor.shouldStop { return result(.incomplete(reason: monitor.stopDescription ?? "stopped"), []) }
                if let maxStates = options.limits.maxStates, store.count >= maxStates {
                    return result(.incomplete(reason: "state limit of \(maxStates) reached"), [])
                }
                guard stack[top].next < stack[top].actions.count else {
                    stack.removeLast()
                    continue
                }
                let action = stack[top].actions[stack[top].next]
                stack[top].next += 1
                guard let successor = system.successor(of: stack[top].state, taking: action) else { continue }
                statistics.transitions += 1
                coverage[system.actionKind(of: action)] += 1
                monitor.depth.store(stack.count, ordering: .relaxed)
                guard system.isWithinBounds(successor) else { continue }
                if let violated = visit(successor, via: action) {
                    return result(.violated, [.init(property: properties[violated].name, expectation: .always, trace: trace(of: stack))])
                }
            }
        }
        if depthLimited, let maxDepth = options.limits.maxDepth {
            return result(.incomplete(reason: "depth limit of \(maxDepth) reached"), [])
        }
        let unreached = unreachedTargets(witnesses)
        return result(unreached.isEmpty ? .holds : .violated, unreached)
    }
}
