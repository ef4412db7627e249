/// A place in a protocol's rules where a mutation operator can act: a guard, a threshold, a
/// comparison, the content of a sent message or a state update, named `rule.part` (e.g.
/// `prepare.quorum`).
///
/// A protocol lists its sites as an enum (`ConfigurableProtocol.MutationPoint`), and its rules read
/// each through `MutationSchema` — one binary holds every mutant, switched on at run time (Untch,
/// Offutt & Harrold, "Mutation analysis using mutant schemata", ISSTA 1993) — so the catalogue
/// (`RuleMutation.catalogue`) is derived from the sites, never listed by hand.
public protocol MutationSite: CaseIterable, Hashable, Sendable, RawRepresentable where RawValue == String {
    /// What the site is, and so which operators apply.
    var kind: MutationSiteKind { get }
}

/// The sites of a protocol whose rules have none: no values at all.
public enum NoMutationSites: MutationSite {
    /// No sites.
    public static var allCases: [NoMutationSites] { [] }

    /// No site has a name.
    public init?(rawValue: String) { nil }

    /// Unreachable: there are no sites.
    public var rawValue: String { switch self {} }

    /// Unreachable: there are no sites.
    public var kind: MutationSiteKind { switch self {} }
}
