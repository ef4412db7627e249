/// The result of `bftcheck replay`.
public struct ReplayReport: Sendable, Codable {
    /// The counterexample file.
    public var file: String
    /// The model's name.
    public var model: String
    /// The property the file claims is violated.
    public var property: String
    /// Steps replayed.
    public var steps: Int
    /// Whether the final state violates the property.
    public var violationConfirmed: Bool
    /// A one-line verdict.
    public var message: String
}
