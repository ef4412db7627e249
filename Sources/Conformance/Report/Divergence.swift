/// The first event no spec step explains: where it is, what is wrong, and what the spec saw there.
public struct Divergence: Codable, Sendable, Equatable {
    /// The file of the event.
    public var file: String
    /// Its 1-based line.
    public var line: Int
    /// The replica that logged it.
    public var replica: String
    /// Its position in that replica's log.
    public var lsn: Int
    /// The event's kind (`prepared`, `recv`, …).
    public var kind: String
    /// The event in one line.
    public var event: String
    /// What is wrong.
    public var problem: String
    /// The closest the spec came to explaining the event.
    public var nearestMiss: String?
    /// The replica's spec state just before the event (absent for faulty replicas).
    public var replicaState: ReplicaSnapshot?
    /// The spec steps the replica could take there.
    public var enabledSteps: [String]
    /// Unlogged spec steps the oracle tried before giving up (0 unless `--max-silent-steps` is set).
    public var silentStepsTried: Int
    /// Other events the explanation refers to, as `file:line`.
    public var related: [String]

    /// A divergence.
    public init(
        file: String, line: Int, replica: String, lsn: Int, kind: String, event: String, problem: String, nearestMiss: String?,
        replicaState: ReplicaSnapshot?, enabledSteps: [String], silentStepsTried: Int, related: [String]
    ) {
        self.file = file
        self.line = line
        self.replica = replica
        self.lsn = lsn
        self.kind = kind
        self.event = event
        self.problem = problem
        self.nearestMiss = nearestMiss
        self.replicaState = replicaState
        self.enabledSteps = enabledSteps
        self.silentStepsTried = silentStepsTried
        self.related = related
    }

    /// `file:line`.
    public var location: String { "\(file):\(line)" }
}
