/// One mutant of a protocol: an operator applied at one site of its rules, named `site/operator`
/// (e.g. `prepare.quorum/threshold-1`).
public struct RuleMutation<Site: MutationSite>: Hashable, Sendable, CustomStringConvertible {
    /// Where.
    public let site: Site
    /// What changes there.
    public let `operator`: MutationOperator

    /// The mutant applying `operator` at `site`.
    ///
    /// - Precondition: the operator applies to the site's kind.
    public init(_ site: Site, _ operator: MutationOperator) {
        precondition(site.kind.operators.contains(`operator`), "RuleMutation: \(`operator`) does not apply to a \(site.kind) site")
        self.site = site
        self.operator = `operator`
    }

    /// The mutant called `name` (`site/operator`), if the catalogue has it.
    public init?(name: String) {
        guard let found = Self.catalogue.first(where: { $0.description == name }) else { return nil }
        self = found
    }

    /// Every mutant: each site, in declaration order, with each operator of its kind.
    public static var catalogue: [RuleMutation] {
        Site.allCases.flatMap { site in site.kind.operators.map { RuleMutation(site, $0) } }
    }

    /// `site/operator`.
    public var description: String { "\(site.rawValue)/\(`operator`.rawValue)" }
}
