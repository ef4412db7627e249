/// Where a breadth-first run keeps what does not fit, or must outlive, the process: checkpoints to
/// resume from, and a memory budget past which the frontier and the parent log go to segment files.
///
/// Checkpoints follow TLC's `-checkpoint`/`-recover`: at the end of a level, every
/// `checkpointEvery` levels, the run writes its seen-set, its next frontier, its parent log, its
/// statistics and a header that names the model, its config and the engine options, into a temporary
/// directory that is then renamed over `checkpointDirectory`, so a crash leaves the previous checkpoint
/// intact. Spilling follows the disk-based BFS of Stern and Dill ("Using magnetic disk instead of main
/// memory in the Murφ verifier", CAV 1998) and SPIN's disk queues: a level is produced and consumed in
/// order, so completed chunks of it can be written to a file and read back, in order, when the next
/// level is expanded. Neither changes counts, verdicts or counterexamples.
public struct StorageOptions: Sendable, Equatable {
    /// Write checkpoints into this directory (`nil`: none).
    public var checkpointDirectory: String? = nil
    /// Levels between checkpoints (a checkpoint is written at the end of every level whose depth is a
    /// multiple of it, and whenever a limit stops the run).
    public var checkpointEvery = 1
    /// Continue the run saved in this checkpoint directory (`nil`: start afresh).
    public var resumeDirectory: String? = nil
    /// The memory budget of the run, in bytes (`nil`: never spill). A quarter of it is the share of
    /// the level being built: past it (a state reckoned at its stride plus its canonical encoding), its
    /// completed pieces go to a segment file, and a level that ends over the share goes there whole and
    /// is read back a batch of 128 chunks at a time when it is expanded. An eighth is the share of the
    /// parent log: past it, at the end of a level, every completed level goes to a segment file and is
    /// read back only to rebuild a trace. The seen-set is not spilled and is expected to fit in the
    /// rest. It is a target, not a limit: `Limits.maxMemoryBytes` stops a run.
    public var memoryBudgetBytes: Int? = nil
    /// The directory in which spilled segment files are created, inside a fresh sub-directory that is
    /// removed at the end of the run (`nil`: the system's temporary directory).
    public var scratchDirectory: String? = nil
    /// What the checkpoint header records about the model and its config, and what a resumed run must
    /// match.
    public var identity = CheckpointIdentity(model: "", parameters: [], configHash: "")

    /// No checkpoints, no spilling.
    public init() {}

    /// Whether this run writes to or reads from disk at all.
    public var isActive: Bool { checkpointDirectory != nil || resumeDirectory != nil || memoryBudgetBytes != nil }
}

/// The model and config a checkpoint belongs to: its name, its parameters in their declared order,
/// and a hash of everything in the config that changes the state space or the properties checked.
public struct CheckpointIdentity: Sendable, Equatable, Codable {
    /// The model's name.
    public var model: String
    /// The config's parameters, `key=value`, in the config's order.
    public var parameters: [String]
    /// A stable hash (hex) of the config's model, parameters, properties and symmetry sections.
    public var configHash: String

    /// An identity.
    public init(model: String, parameters: [String], configHash: String) {
        self.model = model
        self.parameters = parameters
        self.configHash = configHash
    }
}
