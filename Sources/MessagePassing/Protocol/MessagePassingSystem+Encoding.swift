import ModelChecking

/// The derived encoding, both ways: what the checker fingerprints, and its inverse, so that a test can
/// round-trip every reachable state and prove that no two states share an encoding.
extension MessagePassingSystem {
    /// The finished words of `state`'s derived encoding.
    @inlinable
    public func encodedWords(of state: State) -> [UInt64] {
        var encoder = StateEncoder()
        context.encode(state, into: &encoder)
        encoder.finish()
        return encoder.words
    }

    /// The derived encoding is the compact form a breadth-first run spills its frontier in: the
    /// words of `encodedWords(of:)`; `nil` for a judging system, which has no encoding.
    @inlinable
    public func compactForm(of state: State) -> [UInt64]? {
        replicaLayout.fields.isEmpty ? nil : encodedWords(of: state)
    }

    /// The state a spilled compact form holds: `decodedState(from:)`, known to lie within the
    /// bounds (only such states are stored, expanded or spilled).
    @inlinable
    public func state(fromCompactForm words: [UInt64]) -> State? {
        guard !replicaLayout.fields.isEmpty else { return nil }
        var state = decodedState(from: words)
        state.knownWithinBounds = true
        return state
    }

    /// The stride plus the heap blocks of the rows, the network and its message codes (not what a
    /// row or a message holds on the heap in turn, e.g. a message's shared payload).
    @inlinable
    public func memoryFootprint(of state: State) -> Int {
        MemoryLayout<State>.stride + HeapFootprint.of(state.replicas) + HeapFootprint.of(state.network)
            + HeapFootprint.of(state.codes)
    }

    /// The state whose derived encoding is `words`: the inverse of `encodedWords(of:)` on states
    /// within bounds. Faulty participants get their initial state.
    @inlinable
    public func decodedState(from words: [UInt64]) -> State {
        var unpacker = FieldUnpacker(words: words)
        var replicas = spec.faults.all.map(spec.initialReplica)
        var sent: [Envelope<P.Message>] = []
        for replica in context.correct {
            var row = spec.initialReplica(replica)
            spec.visitFields(of: &row, with: &unpacker)
            replicas[replica.index] = row
            while unpacker.read(bits: 1) == 1 {
                var message = spec.messageTemplate
                spec.visitFields(of: &message, with: &unpacker)
                sent.append(Envelope(from: replica, message: message))
            }
        }
        var state = State(replicas: replicas, sent: sent, context: context)
        if context.codesMessages {
            state.codes = context.codes(of: sent)
            state.hasCodes = true
        }
        return state
    }
}
