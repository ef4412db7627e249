internal import CZ3

/// A model returned by a satisfiable check: a value for every constant of the query.
///
/// Holds one Z3 reference to its C model; confined to the context's thread (not `Sendable`).
public final class Z3Model {
    /// The context the model lives in.
    public let context: Z3Context
    let raw: Z3_model

    init(context: Z3Context, raw: Z3_model) {
        self.context = context
        self.raw = raw
        Z3_model_inc_ref(context.raw, raw)
    }

    deinit {
        Z3_model_dec_ref(context.raw, raw)
    }

    /// `term` evaluated in the model, with unconstrained constants completed by Z3's defaults.
    public func evaluate<Sort: Z3Sort>(_ term: Z3Term<Sort>) -> Z3Term<Sort> {
        var result: Z3_ast? = nil
        let ok = withExtendedLifetime(term) { Z3_model_eval(context.raw, raw, term.ast, true, &result) }
        precondition(ok, "Z3 could not evaluate \(term) in a model: \(context.takeError()?.message ?? "")")
        return context.adopt(result, as: Sort.self)
    }

    /// The value of an integer term.
    ///
    /// - Precondition: the value fits in `Int` (the lemmas' values are small).
    public func value(of term: Z3Term<IntSort>) -> Int {
        let value = evaluate(term)
        var result: Int64 = 0
        let ok = withExtendedLifetime(value) { Z3_get_numeral_int64(context.raw, value.ast, &result) }
        precondition(ok, "model value \(value) of \(term) is not a 64-bit integer")
        return Int(result)
    }

    /// The value of a Boolean term.
    public func value(of term: Z3Term<BoolSort>) -> Bool {
        let value = evaluate(term)
        return withExtendedLifetime(value) { Z3_get_bool_value(context.raw, value.ast) == Z3_L_TRUE }
    }

    /// The exact value of a real term.
    ///
    /// - Precondition: the value is rational (not an algebraic number) with 64-bit numerator and
    ///   denominator.
    public func value(of term: Z3Term<RealSort>) -> Fraction {
        let value = evaluate(term)
        return withExtendedLifetime(value) {
            precondition(Z3_is_numeral_ast(context.raw, value.ast), "model value \(value) is not rational")
            let numerator = context.adopt(Z3_get_numerator(context.raw, value.ast), as: IntSort.self)
            let denominator = context.adopt(Z3_get_denominator(context.raw, value.ast), as: IntSort.self)
            var n: Int64 = 0
            var d: Int64 = 0
            let ok = withExtendedLifetime((numerator, denominator)) {
                Z3_get_numeral_int64(context.raw, numerator.ast, &n)
                    && Z3_get_numeral_int64(context.raw, denominator.ast, &d)
            }
            precondition(ok, "model value \(value) does not fit 64 bits")
            return Fraction(Int(n), Int(d))
        }
    }
}

@available(*, unavailable, message: "Z3 models are confined to their context's thread")
extension Z3Model: Sendable {}
