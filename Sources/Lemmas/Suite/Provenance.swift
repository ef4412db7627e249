/// Where a lemma's statement comes from.
public enum Provenance: String, Sendable, Codable, Hashable {
    /// Stated on a slide of the VLDB 2020 tutorial "Building High Throughput Permissioned Blockchain
    /// Fabrics: Challenges and Opportunities" (Gupta, Hellings, Rahnama, Sadoghi).
    case tutorial
    /// From a paper the tutorial cites, or the arithmetic behind a tutorial claim.
    case reference
    /// Derived by us from the tutorial's definitions; not quoted from the papers.
    case derived
}
