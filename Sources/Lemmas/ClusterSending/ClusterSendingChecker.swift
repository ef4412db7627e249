/// Decides cluster-sending questions exactly for given cluster sizes with Z3 (seed-mathematics §7).
///
/// * `correctPlan(within:for:)` asks whether some correct plan uses at most k messages, in the
///   counting encoding: replicas of the larger cluster are interchangeable, so a plan is the number c_S
///   of them whose neighbourhood is S, for each non-empty S of the smaller cluster; and a plan is correct
///   iff for every set R of n − f surviving replicas of the smaller cluster at least f + 1 replicas of
///   the larger one have an edge into R (the adversary's best move is to crash all of those). That is
///   2^n − 1 integer variables and C(n, f) constraints (n, f of the smaller cluster): milliseconds for the
///   tutorial's sizes, where one Boolean per edge and one clause per crash choice never finishes.
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
        let masks = Array(1..<(1 << smaller.n))
        let counts = masks.map { mask in
            context.constant("c_" + (0..<smaller.n).filter { mask & (1 << $0) != 0 }.map(String.init).joined(separator: "_"), IntSort.self)
        }
        let solver = session.makeSolver()
        solver.assert(counts.map { $0 >= 0 })
        solver.assert(context.sum(counts) <= larger.n)
        solver.assert(context.sum(zip(masks, counts).map { $0.nonzeroBitCount * $1 }) <= messages)
        for survivors in 0..<(1 << smaller.n) where survivors.nonzeroBitCount == smaller.n - smaller.f {
            let reaching = zip(masks, counts).filter { $0.0 & survivors != 0 }.map(\.1)
            solver.assert(context.sum(reaching) >= larger.f + 1)
        }
        switch session.check(solver, id: id, logic: .linearIntegers, expecting: expected) {
        case .unsatisfiable:
            return .none
        case .unknown(let reason):
            return .unknown(reason)
        case .satisfiable(let model):
            let assignment = zip(masks, counts).map { (mask: $0, count: model.value(of: $1)) }.filter { $0.count > 0 }
            return .found(SendingPlan.fromNeighbourhoodCounts(assignment, for: pair))
        }
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
        switch correctPlan(within: bound.sigma - 1, for: pair, id: "\(idPrefix)-below-sigma", expecting: .unsat) {
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
