/// The deterministic service a PBFT cluster replicates (Castro & Liskov, OSDI '99 §4.1: "a deterministic
/// state machine"): replicas that execute the same operations in the same order reach the same state and
/// results, and a checkpoint's snapshot restores the state on a replica that lags (§4.3).
public protocol ReplicatedService: Sendable {
    /// The initial state.
    init()

    /// Restores a state from `snapshot()`'s bytes.
    ///
    /// - Throws: `CodecError` when the bytes are not a snapshot of this service.
    init(snapshot: [UInt8]) throws(CodecError)

    /// Executes `operation` and returns its result.
    mutating func execute(_ operation: [UInt8]) -> [UInt8]

    /// The state as canonical bytes: equal states give equal bytes.
    func snapshot() -> [UInt8]
}
