/// A finite-branching transition system that the checker explores: the engine's only view of a model.
///
/// This is the `Model` of Stateright and the `Init`/`Next` of a TLA+ spec: initial states, the actions
/// enabled in a state, the successor under an action, named properties, an optional state constraint
/// and an optional symmetry canonicalizer. The engine knows nothing else about the model.
///
/// Determinism is part of the contract: `actions(in:into:)` must list actions in an order that depends
/// only on the state (never iterate a `Set` or `Dictionary` to produce them), `successor(of:taking:)`
/// must be a pure function, and `State.encode(into:)` must be a canonical encoding (equal states encode
/// equally). Counterexample traces store actions as values and are replayed through these functions.
public protocol TransitionSystem: Sendable {
    /// A state of the system: a value type with a canonical encoding.
    associatedtype State: Hashable & Sendable & Codable & StateEncodable
    /// A transition label: a value that `successor(of:taking:)` interprets.
    associatedtype Action: Hashable & Sendable & Codable & CustomStringConvertible

    /// The model's name, as used in configs and counterexample files.
    var name: String { get }

    /// The initial states, in a fixed order.
    var initialStates: [State] { get }

    /// Appends the actions enabled in `state` to `actions`, in a deterministic order.
    ///
    /// - Parameters:
    ///   - state: the state to expand.
    ///   - actions: an array the caller has emptied; the engine reuses its storage.
    func actions(in state: State, into actions: inout [Action])

    /// The successor of `state` under `action`, or `nil` when the action turns out not to apply.
    ///
    /// - Complexity: called once per transition; keep it allocation-light.
    func successor(of state: State, taking action: Action) -> State?

    /// Calls `visitor` with every action of `actions(in:into:)` whose successor exists, in that
    /// list's order: the action's position in the list (its ordinal, which traces record), the
    /// action and the successor. The checker expands states through this; the default lists the
    /// actions into `scratch` and takes each one's successor. A system whose `actions(in:into:)`
    /// already computes each successor's effect (to know that the action is enabled) may hand it
    /// over directly, so that a step's rule runs once rather than twice (`MessagePassingSystem`
    /// does). The closure form, `forEachSuccessor(of:scratch:_:)`, is built on this.
    ///
    /// - Parameters:
    ///   - state: the state to expand.
    ///   - scratch: storage the caller lends for the action list; its contents on return are
    ///     unspecified.
    ///   - visitor: receives the ordinal, the action and its successor.
    func forEachSuccessor<Visitor: SuccessorVisitor<State, Action>>(
        of state: State, scratch: inout [Action], into visitor: inout Visitor)

    /// The properties to check: invariants (`always`) and reachability targets (`sometimes`).
    var properties: [Property<State>] { get }

    /// The state constraint: states for which this returns `false` are neither stored nor expanded
    /// (TLC's `CONSTRAINT`, Stateright's `within_boundary`). The default accepts every state.
    func isWithinBounds(_ state: State) -> Bool

    /// A canonical representative of `state`'s symmetry class, used only when the checker runs with
    /// symmetry reduction. The default is the identity (no symmetry).
    ///
    /// Soundness: every property must be invariant under the symmetry, and `canonicalRepresentative`
    /// must map all states of one class to one state. Symmetry is applied to safety properties only.
    func canonicalRepresentative(of state: State) -> State

    /// Appends to `encoder` an encoding of `state`'s symmetry class: equal for two states exactly
    /// when they lie in one class. The checker fingerprints this when it runs with symmetry
    /// reduction. The default encodes `canonicalRepresentative(of:)`; a system may encode the class
    /// without building the representative (`MessagePassingSystem` does).
    func encodeRepresentative(of state: State, into encoder: inout StateEncoder)

    /// The 64-bit fingerprint a seen-set of fingerprints (the default store, bitstate and swarm runs)
    /// keeps for `state`, or for its symmetry class when `symmetric`. The default is
    /// `Fingerprint.of` the canonical encoding (`encode(into:)`, or `encodeRepresentative(of:into:)`
    /// when `symmetric`), built in `scratch`.
    ///
    /// A system may hash words of its own instead, to skip building the encoding (Holzmann's
    /// hash compaction needs only that equal classes hash equally), provided those words are a
    /// one-to-one function of the encoding: two states must get words that are equal exactly when
    /// their encodings are. `PBFT` hashes its rows' storage words. Exact stores and the compact
    /// forms never use this: they keep the encoding.
    func fingerprint(of state: State, symmetric: Bool, scratch: inout StateEncoder) -> UInt64

    /// The names of the kinds of action, for coverage statistics (e.g. `"Prepare"`, `"Commit"`).
    var actionKindNames: [String] { get }

    /// A compact form of `state` for spilling the frontier to disk (Stern and Dill's disk-based BFS
    /// stores states as their compressed vectors), or `nil` when the system has none: the engine
    /// then writes plain-data states as their bytes and other states as the JSON of their
    /// `Codable` form. The default is `nil`.
    ///
    /// `state(fromCompactForm:)` must rebuild from these words a state equal to `state` with an
    /// equal encoding; a breadth-first run checks this on the initial states before it spills.
    func compactForm(of state: State) -> [UInt64]?

    /// The state whose compact form is `words` (words `compactForm(of:)` returned in this run), or
    /// `nil` when the system has no compact form. The default is `nil`.
    func state(fromCompactForm words: [UInt64]) -> State?

    /// About how many bytes `state` takes in memory: its stride plus the heap blocks it holds
    /// (`HeapFootprint`). A memory budget reckons the frontier it keeps by this, sampled as the
    /// level grows. The default, the stride plus the state's encoding, undercounts a state that
    /// keeps arrays: such a system should say what they take.
    func memoryFootprint(of state: State) -> Int

    /// The index into `actionKindNames` of `action`'s kind.
    func actionKind(of action: Action) -> Int

    /// Why actions of kind `kind` (an index into `actionKindNames`) can never be enabled under this
    /// model's parameters and bounds — e.g. `max_view = 0: no view changes` — or `nil` when they may
    /// be. Coverage reports use it to tell a kind the configuration excludes from one that never fired
    /// for another reason, which is often a spec bug. The default is `nil` for every kind.
    func whyNeverEnabled(actionKind kind: Int) -> String?

    /// `Checker(self, options: options).run()`: the search, with this system's rules in its
    /// innermost loops.
    ///
    /// The checker is generic and `@inlinable`, so it is compiled afresh for each system, in the
    /// module that names it. Called through this requirement, it is compiled where the system's
    /// conformance is (the default's witness is specialised there), so a model's non-public
    /// successor, fingerprint and property code can be inlined into the search instead of being
    /// called across a module boundary, with the state copied to memory for every call. Callers
    /// that run a model they hold as a `TransitionSystem` (the CLI's erased models) use this;
    /// there is no reason to implement it.
    func runChecker(options: CheckerOptions) -> CheckResult<Self>
}

extension TransitionSystem {
    /// Accepts every state.
    public func isWithinBounds(_ state: State) -> Bool { true }

    /// The identity: no symmetry.
    public func canonicalRepresentative(of state: State) -> State { state }

    /// The encoding of `canonicalRepresentative(of:)`.
    @inlinable
    public func encodeRepresentative(of state: State, into encoder: inout StateEncoder) {
        canonicalRepresentative(of: state).encode(into: &encoder)
    }

    /// Leaves in `encoder` the finished canonical encoding of `state`, or of its class when
    /// `symmetric`: what exact stores keep and the default fingerprint hashes.
    @inlinable @inline(__always)
    public func encodeCanonically(_ state: State, symmetric: Bool, into encoder: inout StateEncoder) {
        encoder.reset()
        if symmetric { encodeRepresentative(of: state, into: &encoder) } else { state.encode(into: &encoder) }
        encoder.finish()
    }

    /// `Fingerprint.of` the canonical encoding.
    @inlinable
    public func fingerprint(of state: State, symmetric: Bool, scratch: inout StateEncoder) -> UInt64 {
        encodeCanonically(state, symmetric: symmetric, into: &scratch)
        return scratch.fingerprint
    }

    /// The key a seen-set stores for `state` (for its class when `symmetric`): the fingerprint of
    /// `fingerprint(of:symmetric:scratch:)`, except for an exact store, whose key is the fingerprint
    /// of the canonical encoding left in `encoder` for the store to keep. Every search takes its keys
    /// from here, so that a run, its checkpoints and its ranks agree on them.
    @inlinable @inline(__always)
    public func seenSetKey(of state: State, symmetric: Bool, exact: Bool, encoder: inout StateEncoder) -> UInt64 {
        guard exact else { return fingerprint(of: state, symmetric: symmetric, scratch: &encoder) }
        encodeCanonically(state, symmetric: symmetric, into: &encoder)
        return encoder.fingerprint
    }

    /// `Checker(self, options: options).run()`.
    @inlinable
    public func runChecker(options: CheckerOptions) -> CheckResult<Self> { Checker(self, options: options).run() }

    /// The actions of `actions(in:into:)`, each with its successor when it has one.
    @inlinable
    public func forEachSuccessor<Visitor: SuccessorVisitor<State, Action>>(
        of state: State, scratch: inout [Action], into visitor: inout Visitor
    ) {
        scratch.removeAll(keepingCapacity: true)
        actions(in: state, into: &scratch)
        for ordinal in scratch.indices {
            if let next = successor(of: state, taking: scratch[ordinal]) {
                visitor.visit(ordinal: ordinal, action: scratch[ordinal], successor: next)
            }
        }
    }

    /// Calls `body` with every action of `actions(in:into:)` whose successor exists, in that list's
    /// order: its ordinal, the action and the successor (`forEachSuccessor(of:scratch:into:)` with
    /// a closure, for callers off the checker's innermost loop).
    @inlinable
    public func forEachSuccessor(of state: State, scratch: inout [Action], _ body: (Int, Action, State) -> Void) {
        withoutActuallyEscaping(body) { body in
            var visitor = ClosureSuccessorVisitor(body)
            forEachSuccessor(of: state, scratch: &scratch, into: &visitor)
        }
    }

    /// One kind, named "step".
    public var actionKindNames: [String] { ["step"] }

    /// No compact form: spilled states are their bytes or their JSON.
    public func compactForm(of state: State) -> [UInt64]? { nil }

    /// No compact form.
    public func state(fromCompactForm words: [UInt64]) -> State? { nil }

    /// The stride plus the state's encoding.
    public func memoryFootprint(of state: State) -> Int { MemoryLayout<State>.stride + 8 * state.encodedWords.count }

    /// Every action is of kind 0.
    public func actionKind(of action: Action) -> Int { 0 }

    /// No kind is excluded by the configuration.
    public func whyNeverEnabled(actionKind kind: Int) -> String? { nil }

    /// The enabled actions of `state` as a fresh array.
    public func actions(in state: State) -> [Action] {
        var result: [Action] = []
        actions(in: state, into: &result)
        return result
    }
}
