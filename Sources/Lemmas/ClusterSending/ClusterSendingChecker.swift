/// Decides cluster-sending questions exactly for given cluster sizes with Z3 (a counting abstraction
/// over sender neighbourhoods).
///
/// * `correctPlan(within:for:)` asks whether some correct plan uses at most k messages, in the
///   counting encoding. Call the larger cluster (n_A, f_A) the senders and the smaller (n_B, f_B) the
///   receivers (the problem is symmetric). A plan is correct iff for every set R of n_B − f_B surviving
///   receivers at least f_A + 1 senders have an edge into R (the adversary's best move is to crash all of
///   those). Senders are interchangeable, so a plan is the number c_S of senders whose neighbourhood is
///   S. Two exact reductions shrink it further: a neighbourhood of more than f_B + 1 receivers can drop
///   receivers down to f_B + 1 and stay correct with fewer messages, and every neighbourhood of f_B + 1
///   receivers meets every R; so the minimum is reached with c_S for 1 ≤ |S| ≤ f_B plus one count h of
///   "robust" senders with f_B + 1 receivers each. That is Σ_{k ≤ f_B} C(n_B, k) + 1 integer variables
///   and C(n_B, f_B) constraints: milliseconds for the tutorial's sizes, where one Boolean per edge and
///   one clause per crash choice never finishes.
/// * `singleEdgeRelaxation(within:for:)` proves lower bounds with even less: split every sender
///   into single-edge senders, one per edge. A sender whose neighbourhood S is not inside the crashed
///   receivers X counted once; its pieces count |S ∖ X| ≥ 1 times, and the message count is unchanged.
///   So every correct plan of k messages becomes a correct plan of k single edges if the sender bound
///   n_A is dropped, and a plan of single edges is just a load ℓ_j ≥ 0 per receiver with Σ ℓ ≤ k and
///   Σ_{j ∉ X} ℓ_j ≥ f_A + 1 for every X of f_B receivers: n_B variables. Unsat there is unsat for
///   every plan; this is how σ − 1 is refuted. (The relaxation's optimum is σ itself, attained by the
///   partitioned bijective plan, so it never loses precision at σ − 1.)
/// * `adversary(against:for:)` independently checks one explicit plan: Booleans for crashed replicas,
///   at most f1 and f2 of them, every edge silenced. Unsat means the plan survives every choice.
struct ClusterSendingChecker {
    let session: LemmaSession

    enum PlanSearch {
        case found(SendingPlan)
        case none
        case unknown(String)
    }

    enum AdversarySearch {
        case survives
        case defeated(senders: [Int], receivers: [Int])
        case unknown(String)
    }

    /// Is there a correct plan with at most `messages` messages?
    func correctPlan(
        within messages: Int, for pair: ClusterPair, id: String, expecting expected: SolverOutcome?
    ) -> PlanSearch {
        let context = session.context
        let (larger, smaller) = pair.oriented
        let masks = Array(1..<(1 << smaller.n)).filter { $0.nonzeroBitCount <= smaller.f }
        let counts = masks.map { mask in
            context.constant(
                "c_" + (0..<smaller.n).filter { mask & (1 << $0) != 0 }.map(String.init).joined(separator: "_"),
                IntSort.self)
        }
        let robust = context.constant("robust", IntSort.self)
        let solver = session.makeSolver()
        solver.assert(counts.map { $0 >= 0 } + [robust >= 0])
        solver.assert(context.sum(counts) + robust <= larger.n)
        solver.assert(
            context.sum(zip(masks, counts).map { $0.nonzeroBitCount * $1 }) + (smaller.f + 1) * robust <= messages)
        for survivors in 0..<(1 << smaller.n) where survivors.nonzeroBitCount == smaller.n - smaller.f {
            let reaching = zip(masks, counts).filter { $0.0 & survivors != 0 }.map(\.1)
            solver.assert(context.sum(reaching) + robust >= larger.f + 1)
        }
        switch session.check(solver, id: id, logic: .linearIntegers, expecting: expected) {
        case .unsatisfiable:
            return .none
        case .unknown(let reason):
            return .unknown(reason)
        case .satisfiable(let model):
            // Robust senders get the first f_B + 1 receivers; they come first so plans read naturally.
            let robustMask = (1 << (smaller.f + 1)) - 1
            let assignment =
                [(mask: robustMask, count: model.value(of: robust))]
                + zip(masks, counts).map { (mask: $0, count: model.value(of: $1)) }
            return .found(SendingPlan.fromNeighbourhoodCounts(assignment.filter { $0.count > 0 }, for: pair))
        }
    }

    /// Is there a load ℓ_j ≥ 0 per receiver of the smaller cluster with Σ ℓ ≤ `messages` such that every
    /// n_B − f_B survivors carry at least f_A + 1? Unsat proves that no plan of `messages` messages is
    /// correct (see the type's documentation); sat proves nothing.
    func singleEdgeRelaxation(
        within messages: Int, for pair: ClusterPair, id: String, expecting expected: SolverOutcome?
    ) -> Z3CheckResult {
        let context = session.context
        let (larger, smaller) = pair.oriented
        let loads = (0..<smaller.n).map { context.constant("load_r\($0)", IntSort.self) }
        let solver = session.makeSolver()
        solver.assert(loads.map { $0 >= 0 })
        solver.assert(context.sum(loads) <= messages)
        for survivors in 0..<(1 << smaller.n) where survivors.nonzeroBitCount == smaller.n - smaller.f {
            solver.assert(context.sum(loads.indices.filter { survivors & (1 << $0) != 0 }.map { loads[$0] }) >= larger.f + 1)
        }
        return session.check(solver, id: id, logic: .linearIntegers, expecting: expected)
    }

    /// Can f1 crashed senders and f2 crashed receivers silence every edge of `plan`?
    func adversary(against plan: SendingPlan, for pair: ClusterPair, id: String) -> AdversarySearch {
        let context = session.context
        let senders = (0..<pair.n1).map { context.constant("crashed_s\($0)", BoolSort.self) }
        let receivers = (0..<pair.n2).map { context.constant("crashed_r\($0)", BoolSort.self) }
        let solver = session.makeSolver()
        solver.assert([context.atMost(senders, pair.f1), context.atMost(receivers, pair.f2)])
        solver.assert(plan.edges.map { senders[$0.sender] || receivers[$0.receiver] })
        switch session.check(solver, id: id, logic: .linearIntegers, expecting: .unsat) {
        case .unsatisfiable:
            return .survives
        case .unknown(let reason):
            return .unknown(reason)
        case .satisfiable(let model):
            return .defeated(
                senders: senders.indices.filter { model.value(of: senders[$0]) },
                receivers: receivers.indices.filter { model.value(of: receivers[$0]) })
        }
    }

    /// Checks σ for `pair` exactly: no correct plan of σ − 1 messages; the partitioned bijective plan
    /// of σ messages survives every crash choice when it fits (σ ≤ max(n1, n2)); otherwise the least k
    /// with a correct plan, found by asking k = σ, σ + 1, … and re-checking the plan found.
    func exactMinimum(for pair: ClusterPair, idPrefix: String) -> ClusterSendingResult {
        let bound = pair.crashBound
        var result = ClusterSendingResult(pair: pair, bound: bound)
        switch singleEdgeRelaxation(within: bound.sigma - 1, for: pair, id: "\(idPrefix)-below-sigma", expecting: .unsat) {
        case .unsatisfiable:
            result.lowerBoundHolds = true
        case .unknown(let reason):
            result.problem = "σ − 1 = \(bound.sigma - 1) undecided: \(reason)"
            return result
        case .satisfiable:
            // The relaxation admits σ − 1 single edges; ask the exact encoding (with the sender bound).
            result = lowerBoundByCounting(pair, bound: bound, idPrefix: idPrefix, into: result)
        }
        guard result.lowerBoundHolds == true else { return result }
        return upperBound(pair, bound: bound, idPrefix: idPrefix, from: result)
    }

    /// σ − 1 refuted (or not) by the exact counting encoding.
    private func lowerBoundByCounting(
        _ pair: ClusterPair, bound: CrashLowerBound, idPrefix: String, into start: ClusterSendingResult
    ) -> ClusterSendingResult {
        var result = start
        switch correctPlan(within: bound.sigma - 1, for: pair, id: "\(idPrefix)-below-sigma-counting", expecting: .unsat) {
        case .unknown(let reason):
            result.problem = "σ − 1 = \(bound.sigma - 1) undecided: \(reason)"
            return result
        case .found(let plan):
            result.lowerBoundHolds = false
            switch adversary(against: plan, for: pair, id: "\(idPrefix)-below-sigma-plan") {
            case .survives:
                result.counterexample = "a correct plan of \(plan.messages) < σ messages: \(plan.rendered)"
            case .defeated(let senders, let receivers):
                result.problem =
                    "the counting encoding's plan \(plan.rendered) fails to crashes of C1 \(ReplicaSetFormat.render(senders)), C2 \(ReplicaSetFormat.render(receivers))"
            case .unknown(let reason):
                result.problem = "re-check of a plan below σ undecided: \(reason)"
            }
            return result
        case .none:
            result.lowerBoundHolds = true
        }
        return result
    }

    /// The partitioned bijective plan when it fits, otherwise the least k from σ with a correct plan.
    private func upperBound(
        _ pair: ClusterPair, bound: CrashLowerBound, idPrefix: String, from start: ClusterSendingResult
    ) -> ClusterSendingResult {
        var result = start
        if let plan = SendingPlan.partitionedBijective(for: pair) {
            switch adversary(against: plan, for: pair, id: "\(idPrefix)-pbs-survives") {
            case .survives:
                result.partitionedPlanSurvives = true
                result.minimum = plan.messages
            case .defeated(let senders, let receivers):
                result.partitionedPlanSurvives = false
                guard plan.isSilenced(crashing: Set(senders), and: Set(receivers)) else {
                    result.problem = "Z3's crash choice does not silence the partitioned plan"
                    return result
                }
                result.counterexample =
                    "the partitioned bijective plan \(plan.rendered) is silenced by crashing C1 "
                    + "\(ReplicaSetFormat.render(senders)) and C2 \(ReplicaSetFormat.render(receivers))"
            case .unknown(let reason):
                result.problem = "partitioned plan check undecided: \(reason)"
            }
            return result
        }
        let ceiling = pair.n1 * pair.n2
        for messages in bound.sigma...ceiling {
            switch correctPlan(within: messages, for: pair, id: "\(idPrefix)-within-\(pad(messages, width: 3))", expecting: nil) {
            case .none:
                continue
            case .unknown(let reason):
                result.problem = "k = \(messages) undecided: \(reason)"
                return result
            case .found(let plan):
                switch adversary(against: plan, for: pair, id: "\(idPrefix)-minimal-plan-survives") {
                case .survives:
                    result.minimum = messages
                    result.minimalPlan = plan.rendered
                case .defeated:
                    result.problem = "the minimal plan found at k = \(messages) fails the explicit re-check"
                case .unknown(let reason):
                    result.problem = "re-check of the minimal plan undecided: \(reason)"
                }
                return result
            }
        }
        result.problem = "no correct plan up to n1·n2 = \(ceiling) messages"
        return result
    }
}
