/// How a version-2 run is judged.
public struct ValidationOptions: Hashable, Sendable {
    /// Report every divergence, resynchronising the replica to its own log after each (`--all`),
    /// instead of stopping at the first.
    public var reportsAll: Bool
    /// The variant to judge with (`--variant`), overriding the header's; `nil`: the header's, or the
    /// protocol as specified.
    public var variant: String?

    /// Options.
    public init(reportsAll: Bool = false, variant: String? = nil) {
        self.reportsAll = reportsAll
        self.variant = variant
    }
}
