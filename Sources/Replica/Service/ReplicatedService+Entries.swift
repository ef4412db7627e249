/// The entries of a service that does not split its state: one entry under the empty key, holding the
/// whole snapshot (Castro & Liskov, TOCS 2002 §6.1 with a single partition).
extension ReplicatedService {
    /// Restores the state from the snapshot under the empty key (no entry: the initial state).
    ///
    /// - Throws: `CodecError` when another key appears or the snapshot does not decode.
    public init(entries: [StateEntry]) throws(CodecError) {
        guard let entry = entries.first else {
            self.init()
            return
        }
        guard entries.count == 1, entry.key.isEmpty else {
            throw .invalid(field: "service.entries", reason: "expected one entry under the empty key")
        }
        try self.init(snapshot: entry.value)
    }

    /// The snapshot, under the empty key.
    public func entries() -> [StateEntry] { [StateEntry(key: [], value: snapshot())] }

    /// The empty key: any operation may change the whole snapshot.
    public func keys(writtenBy operation: [UInt8]) -> [[UInt8]] { [[]] }

    /// The snapshot for the empty key.
    public func value(forKey key: [UInt8]) -> [UInt8]? { key.isEmpty ? snapshot() : nil }
}
