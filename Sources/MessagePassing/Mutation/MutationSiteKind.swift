/// What a `MutationSite` is in its rule, which decides the operators applied to it.
public enum MutationSiteKind: String, Hashable, Sendable, CaseIterable {
    /// A condition the rule needs: dropped (`MutationOperator.dropGuard`).
    case `guard`
    /// A count of matching messages the rule needs: one more and one fewer.
    case threshold
    /// A view or sequence-number comparison: relaxed.
    case comparison
    /// The content of a message a correct replica sends: omitted.
    case content
    /// A change to the replica's state: skipped.
    case update

    /// The operators applied at a site of this kind, in catalogue order.
    public var operators: [MutationOperator] {
        switch self {
        case .guard: [.dropGuard]
        case .threshold: [.lowerThreshold, .raiseThreshold]
        case .comparison: [.relaxComparison]
        case .content: [.omitContent]
        case .update: [.skipUpdate]
        }
    }
}
