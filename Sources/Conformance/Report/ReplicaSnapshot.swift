/// A correct replica's spec state at a divergence, in the trace's names.
public struct ReplicaSnapshot: Codable, Sendable, Equatable {
    /// The view it is in (or changing to).
    public var view: Int
    /// Whether it has started a view change and waits for the NEW-VIEW.
    public var awaitingNewView: Bool
    /// h, its last stable checkpoint.
    public var stableCheckpoint: Int
    /// The last sequence number it executed (or obtained by state transfer).
    public var executedThrough: Int
    /// Committed digests by sequence number, e.g. `1=req1`.
    public var ledger: [String]
    /// Pre-prepared digests by view and sequence number, e.g. `v0.1=req1`.
    public var prePrepared: [String]
    /// Where it is prepared (has sent COMMIT), e.g. `v0.1`.
    public var prepared: [String]
    /// The view changes it started, with the checkpoint each reported, e.g. `v1(h=0)`.
    public var viewChanges: [String]

    /// A snapshot.
    public init(
        view: Int, awaitingNewView: Bool, stableCheckpoint: Int, executedThrough: Int, ledger: [String], prePrepared: [String],
        prepared: [String], viewChanges: [String]
    ) {
        self.view = view
        self.awaitingNewView = awaitingNewView
        self.stableCheckpoint = stableCheckpoint
        self.executedThrough = executedThrough
        self.ledger = ledger
        self.prePrepared = prePrepared
        self.prepared = prepared
        self.viewChanges = viewChanges
    }

    /// One line, e.g. `view v0 (normal), h=0, executed through 1, ledger [1=req1], pre-prepared [v0.1=req1], prepared [v0.1], view changes []`.
    public var line: String {
        "view v\(view) (\(awaitingNewView ? "changing views, awaiting NEW-VIEW" : "normal")), h=\(stableCheckpoint), executed through \(executedThrough), "
            + "ledger [\(ledger.joined(separator: " "))], pre-prepared [\(prePrepared.joined(separator: " "))], "
            + "prepared [\(prepared.joined(separator: " "))], view changes [\(viewChanges.joined(separator: " "))]"
    }
}
