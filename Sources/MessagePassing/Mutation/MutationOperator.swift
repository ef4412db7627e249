/// A mutation operator: one small, realistic change to a rule, applied at a `MutationSite` of the
/// matching kind (`MutationSite.Kind.operators`).
///
/// The catalogue follows the classic operators of mutation analysis (DeMillo, Lipton & Sayward,
/// "Hints on test data selection", IEEE Computer 11(4), 1978; Offutt et al., "An experimental
/// determination of sufficient mutant operators", TOSEM 5(2), 1996) — negated or removed conditions,
/// off-by-one constants, relaxed relational operators, missing assignments — specialised to
/// protocol rules: a guard, a quorum threshold, a view or sequence-number comparison, the content
/// of a message a correct replica sends, a step's state update.
public enum MutationOperator: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The guard always holds: the rule applies where the protocol says it must not.
    case dropGuard = "drop-guard"
    /// The threshold is one higher.
    case raiseThreshold = "threshold+1"
    /// The threshold is one lower.
    case lowerThreshold = "threshold-1"
    /// The comparison admits more: ≤ for <, ≥ for >, or a wider range of views.
    case relaxComparison = "relax"
    /// A field of a message a correct replica sends is left empty (e.g. no certificates).
    case omitContent = "omit-content"
    /// The step fires but leaves this part of the replica's state as it was.
    case skipUpdate = "skip-update"

    /// The raw value, e.g. `threshold-1`.
    public var description: String { rawValue }
}
