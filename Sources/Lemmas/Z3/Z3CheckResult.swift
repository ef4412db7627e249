/// The answer of one satisfiability check.
public enum Z3CheckResult {
    /// The formulas have a model; here is one.
    case satisfiable(Z3Model)
    /// The formulas have no model.
    case unsatisfiable
    /// Z3 gave up, for the reason given (`timeout`, `incomplete`, an API error…).
    case unknown(reason: String)

    /// The answer without the model.
    public var outcome: SolverOutcome {
        switch self {
        case .satisfiable: .sat
        case .unsatisfiable: .unsat
        case .unknown: .unknown
        }
    }

    /// The model, when satisfiable.
    public var model: Z3Model? {
        if case .satisfiable(let model) = self { model } else { nil }
    }
}

/// A satisfiability answer as plain data: `sat`, `unsat` or `unknown` (the SMT-LIB `:status` values).
public enum SolverOutcome: String, Sendable, Codable, Hashable {
    /// Satisfiable.
    case sat
    /// Unsatisfiable.
    case unsat
    /// Undecided.
    case unknown
}
