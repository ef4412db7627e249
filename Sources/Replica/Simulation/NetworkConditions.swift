/// How the simulated network treats each message: a delay drawn uniformly from `minimumDelay` ...
/// `maximumDelay` (so messages overtake each other), and independent losses and duplicates. PBFT's
/// safety holds under any of these; liveness needs eventual synchrony (Castro & Liskov, OSDI '99 §4.5).
public struct NetworkConditions: Hashable, Sendable {
    /// The shortest delay.
    public var minimumDelay: Duration
    /// The longest delay.
    public var maximumDelay: Duration
    /// The probability that a message is lost.
    public var dropRate: Double
    /// The probability that a message is delivered twice.
    public var duplicateRate: Double
    /// A partition between two groups of replicas that heals at some instant (`nil`: none).
    public var partition: NetworkPartition?

    /// Conditions with the given delays and rates, and optionally a partition until it heals.
    public init(
        minimumDelay: Duration, maximumDelay: Duration, dropRate: Double = 0, duplicateRate: Double = 0, partition: NetworkPartition? = nil
    ) {
        self.minimumDelay = minimumDelay
        self.maximumDelay = maximumDelay
        self.dropRate = dropRate
        self.duplicateRate = duplicateRate
        self.partition = partition
    }

    /// A good network: 1–10 ms, nothing lost, some duplicates.
    public static let good = NetworkConditions(minimumDelay: .milliseconds(1), maximumDelay: .milliseconds(10), duplicateRate: 0.05)

    /// Whether nothing is lost: every client must then complete.
    public var isReliable: Bool { dropRate == 0 }
}
