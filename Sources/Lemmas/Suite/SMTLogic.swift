/// The SMT-LIB logics the lemma queries use.
enum SMTLogic: String {
    /// Quantifier-free linear integer arithmetic (with Booleans).
    case linearIntegers = "QF_LIA"
    /// Quantifier-free nonlinear integer arithmetic.
    case nonlinearIntegers = "QF_NIA"
    /// Quantifier-free nonlinear real arithmetic.
    case nonlinearReals = "QF_NRA"
}
