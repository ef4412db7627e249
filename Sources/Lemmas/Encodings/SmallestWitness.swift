/// The lexicographically smallest model of a satisfiable query, with the unsat queries that prove
/// nothing smaller exists.
struct SmallestWitness {
    /// The minimised keys and their values, in minimisation order.
    var values: [(name: String, value: Int)]
    /// A model with those values.
    var model: Z3Model
}

extension LemmaSession {
    /// Finds the lexicographically smallest assignment to `keys` (first key first) satisfying the
    /// solver's assertions, by descent: take a model, ask for a smaller value of the current key, repeat
    /// until unsatisfiable, fix the key, go on. The final unsatisfiable query of each key is the
    /// certificate of minimality and is recorded (and exported) like every other query.
    ///
    /// The solver's assertions are left as they were. Keys must be bounded below by the assertions.
    ///
    /// - Returns: the witness, `nil` if the assertions are unsatisfiable, or the first unknown reason.
    func smallestWitness(
        _ solver: Z3Solver, keys: [(name: String, term: Z3Term<IntSort>)], id: String, logic: SMTLogic
    ) -> Result<SmallestWitness?, UnknownAnswer> {
        solver.push()
        defer { solver.pop() }
        var model: Z3Model
        switch check(solver, id: "\(id)-exists", logic: logic, expecting: .sat) {
        case .satisfiable(let found): model = found
        case .unsatisfiable: return .success(nil)
        case .unknown(let reason): return .failure(UnknownAnswer(reason: reason))
        }
        var values: [(name: String, value: Int)] = []
        for key in keys {
            var value = model.value(of: key.term)
            descent: while true {
                solver.push()
                solver.assert(key.term < value)
                let answer = check(solver, id: "\(id)-\(key.name)-below-\(value)", logic: logic, expecting: nil)
                solver.pop()
                switch answer {
                case .satisfiable(let smaller):
                    model = smaller
                    value = smaller.value(of: key.term)
                case .unsatisfiable:
                    break descent
                case .unknown(let reason):
                    return .failure(UnknownAnswer(reason: reason))
                }
            }
            solver.assert(key.term == value)
            values.append((key.name, value))
        }
        switch check(solver, id: "\(id)-smallest", logic: logic, expecting: .sat) {
        case .satisfiable(let final): return .success(SmallestWitness(values: values, model: final))
        case .unsatisfiable: preconditionFailure("the smallest witness of \(id) vanished")
        case .unknown(let reason): return .failure(UnknownAnswer(reason: reason))
        }
    }
}
