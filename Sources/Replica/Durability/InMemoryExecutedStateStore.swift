/// An executed-state store in memory, for the simulator and tests where durability is not the point: a
/// value, so a simulated crash that keeps it models a disk that survives (Castro & Liskov, TOCS 2002 §4.6).
public struct InMemoryExecutedStateStore: ExecutedStateStore, Hashable {
    /// The state stored, if any.
    public private(set) var state: ExecutedState?
    /// How many updates were applied.
    public private(set) var appliedUpdates = 0

    /// An empty store.
    public init() {}

    /// The state stored.
    public func load() -> ExecutedState? { state }

    /// Applies `update` to the stored state (to the empty state when none is).
    public mutating func apply(_ update: ExecutedStateUpdate) {
        let base = state ?? ExecutedState(sequence: .genesis, history: .zero, entries: [], clients: [])
        state = base.applying(update)
        appliedUpdates += 1
    }
}
