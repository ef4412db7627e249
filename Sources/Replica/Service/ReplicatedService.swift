/// The deterministic service a PBFT cluster replicates (Castro & Liskov, OSDI '99 §4.1: "a deterministic
/// state machine"): replicas that execute the same operations in the same order reach the same state and
/// results, and a checkpoint's snapshot restores the state on a replica that lags (§4.3).
///
/// The state is also a set of key-value entries, so that the executed-state store writes only the keys a
/// batch touched (TOCS 2002 §6.1: only modified partitions are saved). A service that does not split its
/// state gets the defaults of `ReplicatedService+Entries.swift`: one entry, the whole snapshot.
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

    /// Restores a state from its entries, as `entries()` listed them (in any order).
    ///
    /// - Throws: `CodecError` when the entries are not a state of this service.
    init(entries: [StateEntry]) throws(CodecError)

    /// The state as entries, in ascending key order: equal states give equal entries.
    func entries() -> [StateEntry]

    /// The keys whose entries executing `operation` may change (read before it executes).
    func keys(writtenBy operation: [UInt8]) -> [[UInt8]]

    /// The value of the entry `key`, or `nil` when the state has no such entry.
    func value(forKey key: [UInt8]) -> [UInt8]?
}
