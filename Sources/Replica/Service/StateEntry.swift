/// One row of a service's state in the executed-state store: a key and its value, both bytes (Castro &
/// Liskov, TOCS 2002 §6.1 partition the state into pages so that a checkpoint and a state transfer move
/// only what changed; here the unit is a key of the service's own choosing).
public struct StateEntry: Hashable, Sendable {
    /// The key.
    public let key: [UInt8]
    /// The value.
    public let value: [UInt8]

    /// The entry `key` = `value`.
    public init(key: [UInt8], value: [UInt8]) {
        self.key = key
        self.value = value
    }
}
