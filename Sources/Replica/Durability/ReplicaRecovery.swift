/// A replica rebuilt after a crash from its write-ahead log and its executed-state store (Castro &
/// Liskov, TOCS 2002 §4.6: a replica's log and state survive a restart for it to stay correct).
///
/// A fresh `PBFTStateMachine` replays every logged input; the machine is deterministic, so it reaches the
/// state it had when the last input was logged — same view, same votes, same prepared certificates, same
/// primary sequence numbers — and never contradicts what it sent before the crash. The host logs and
/// syncs each input before it performs its actions, so the store is never ahead of the log: the replay's
/// executed states are checked against the store (the store must equal the state the replay reached at
/// the store's sequence number), and the batches the store missed (a crash between the log's sync and the
/// store's commit) are applied to it again. What the replica missed while it was down it gets from its
/// peers: retransmissions, and state transfer once they moved their stable checkpoint (OSDI '99 §4.3).
/// A log compacted at a stable checkpoint starts with a `.restore` record: the replay starts from that
/// checkpoint's state (written to the store as a whole) instead of genesis.
public struct ReplicaRecovery<Service: ReplicatedService>: Sendable {
    /// The replica as it was when its last input was logged.
    public var machine: PBFTStateMachine<Service>
    /// The timers the replay left running, with their delays: the host arms them again.
    public var armedTimers: [ReplicaTimer: Duration]
    /// What the store held before recovery: the last sequence number it had executed, or `nil` if empty.
    public var storedThrough: SequenceNumber?
    /// Updates applied to the store again because its last commits were lost.
    public var redoneUpdates: Int
    /// Inputs replayed.
    public var replayedInputs: Int

    /// Replays `inputs` as replica `id` of `configuration` and brings `store` up to date.
    ///
    /// - Parameters:
    ///   - inputs: the write-ahead log's inputs, in order (its torn tail already cut off).
    ///   - store: the executed-state store, checked against the replay and updated.
    ///   - observe: sees each input's actions, in order (a host rebuilds its trace from them).
    /// - Throws: `ReplicaRecoveryError` when the store holds a state the replay never reached (the store
    ///   is ahead of the log, or belongs to another replica or run), `ConfigurationError` for a bad `id`,
    ///   and the store's error.
    public static func replay(
        configuration: ReplicaConfiguration, id: ReplicaID, inputs: [ReplicaInput], store: inout some ExecutedStateStore,
        observe: ([ReplicaAction]) -> Void = { _ in }
    ) throws -> ReplicaRecovery {
        var machine = try PBFTStateMachine<Service>(configuration: configuration, id: id)
        let stored = try store.load()
        var shadow = InMemoryExecutedStateStore(holding: ExecutedState.genesis(of: Service.self))
        var updates: [ExecutedStateUpdate] = []
        // Updates before this index are in the store (-1: none is; nil: the store matches no state yet).
        var matched: Int? = stored == nil || stored == shadow.state ? -1 : nil
        if case .restore(let checkpoint)? = inputs.first, let stored, stored.sequence < checkpoint.sequence {
            // A compacted log starts from a checkpoint the store had committed, unless it lost its last
            // commits (an unsynchronous database): the restore replaces its state as a whole.
            matched = -1
        }
        var armed: [ReplicaTimer: Duration] = [:]
        for input in inputs {
            if case .timer(let timer) = input { armed[timer] = nil }
            let actions = machine.apply(input)
            observe(actions)
            for action in actions {
                switch action {
                case .setTimer(let timer, let delay): armed[timer] = delay
                case .cancelTimer(let timer): armed[timer] = nil
                case .persist(let update):
                    updates.append(update)
                    if let stored {
                        shadow.apply(update)
                        if shadow.sequence == stored.sequence, shadow.state == stored { matched = updates.count - 1 }
                    }
                default: continue
                }
            }
        }
        guard let matched else {
            throw ReplicaRecoveryError(
                replica: id,
                "the executed-state store holds \(stored!.sequence) with a state the write-ahead log's "
                    + "\(inputs.count) inputs never reached (executed through \(machine.lastExecuted))")
        }
        let missing = updates[(matched + 1)...]
        for update in missing { try store.apply(update) }
        return ReplicaRecovery(
            machine: machine, armedTimers: armed, storedThrough: stored?.sequence, redoneUpdates: missing.count,
            replayedInputs: inputs.count)
    }
}
