/// The mutant in force in a protocol's rules, if any: the rules read every `MutationSite` through it,
/// and it answers as the protocol specifies except at the one site its mutation names (a mutant
/// schema: Untch, Offutt & Harrold, ISSTA 1993).
///
/// Each query costs one comparison when no mutant is in force, so the specified protocol pays
/// almost nothing for its sites.
public struct MutationSchema<Site: MutationSite>: Hashable, Sendable {
    /// The mutation in force; `nil` for the protocol as specified.
    public var mutation: RuleMutation<Site>?

    /// The schema with `mutation` in force (`nil`: none).
    public init(_ mutation: RuleMutation<Site>? = nil) { self.mutation = mutation }

    /// Whether `operator` is in force at `site`.
    @inlinable
    public func isMutated(_ site: Site, by operator: MutationOperator) -> Bool {
        guard let mutation else { return false }
        return mutation.site == site && mutation.operator == `operator`
    }

    /// Whether the guard at `site` is dropped: what the rules and the stimuli pruned by that guard
    /// ask where the guard's condition is not a single Boolean (e.g. "not sent before").
    @inlinable
    public func drops(_ site: Site) -> Bool { isMutated(site, by: .dropGuard) }

    /// A guard: `condition`, or `true` when the guard is dropped.
    @inlinable
    public func holds(_ site: Site, _ condition: Bool) -> Bool {
        condition || drops(site)
    }

    /// A threshold: `value`, one more or one fewer when mutated.
    @inlinable
    public func threshold(_ site: Site, _ value: Int) -> Int {
        guard let mutation, mutation.site == site else { return value }
        switch mutation.operator {
        case .raiseThreshold: return value + 1
        case .lowerThreshold: return value - 1
        default: return value
        }
    }

    /// Whether the comparison at `site` is relaxed.
    @inlinable
    public func relaxes(_ site: Site) -> Bool { isMutated(site, by: .relaxComparison) }

    /// A comparison: `specified`, or `relaxed` (which admits at least as much) when relaxed.
    @inlinable
    public func compare(_ site: Site, _ specified: Bool, relaxed: @autoclosure () -> Bool) -> Bool {
        relaxes(site) ? relaxed() : specified
    }

    /// The content of a sent message's field: `value`, or `omitted` when omitted.
    @inlinable
    public func content<Value>(_ site: Site, _ value: Value, omitted: @autoclosure () -> Value) -> Value {
        isMutated(site, by: .omitContent) ? omitted() : value
    }

    /// Whether a state update takes place: `false` when skipped.
    @inlinable
    public func updates(_ site: Site) -> Bool { !isMutated(site, by: .skipUpdate) }
}
