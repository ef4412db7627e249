import ModelChecking

/// Symmetry reduction (Ip & Dill's scalarsets; TLC's SYMMETRY) over two groups the protocol
/// declares: groups of interchangeable correct replicas (`interchangeableGroups`) and its data values
/// (`valuePermutationCount`, `permuting(_:by:)`).
///
/// Soundness rests on the protocol's declaration: every rule and property must treat the replicas
/// of the group alike (no rule names one; quorum rules count senders over sets that are unions of
/// whole groups and fixed replicas), and neither states nor messages may name a replica of the
/// group — then permuting rows and renaming senders is the whole action of a permutation, and
/// s → t is a step iff π(s) → π(t) is one. Likewise for values. The representative is canonical:
/// for each value permutation, the interchangeable rows are sorted by their encoding (row and sent
/// messages), and the candidate with the least encoding is kept; two states of one orbit get the
/// same representative. Used for safety properties only.
extension MessagePassingSystem {
    /// The canonical representative of `state`'s orbit.
    ///
    /// - Complexity: O(p · k log k) row encodings for p value permutations and k interchangeable
    ///   replicas.
    @inlinable
    public func canonicalRepresentative(of state: State) -> State {
        guard !interchangeable.isEmpty || valuePermutations > 1 else { return state }
        var best = sortingInterchangeableRows(of: state)
        guard valuePermutations > 1 else { return best }
        var bestWords = encodedWords(of: best)
        for permutation in 1..<valuePermutations {
            let candidate = sortingInterchangeableRows(of: permutingValues(of: state, by: permutation))
            let words = encodedWords(of: candidate)
            if words.lexicographicallyPrecedes(bestWords) {
                best = candidate
                bestWords = words
            }
        }
        return best
    }

    /// `state` with the rows of each interchangeable group, and their sent messages, in increasing
    /// order of their encodings.
    @inlinable
    func sortingInterchangeableRows(of state: State) -> State {
        var renaming: [Int]? = nil
        var result = state
        for group in interchangeable {
            let keys = group.map { rowWords(of: ReplicaID($0), in: state) }
            let order = keys.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }
            guard order != Array(keys.indices) else { continue }
            // The row at group[order[k]] moves to group[k].
            if renaming == nil { renaming = Array(0..<state.replicas.count) }
            for (position, source) in order.enumerated() {
                renaming![group[source]] = group[position]
                result.replicas[group[position]] = state.replicas[group[source]]
            }
        }
        guard let renaming else { return state }
        result.sent = state.sent.map { Envelope(from: ReplicaID(renaming[$0.from.index]), message: $0.message) }.sorted()
        return result
    }

    /// `state` with every data value renamed by `permutation`.
    @inlinable
    func permutingValues(of state: State, by permutation: Int) -> State {
        var result = state
        for replica in context.correct {
            result.replicas[replica.index] = spec.permuting(state.replicas[replica.index], by: permutation)
        }
        result.sent = state.sent.map { Envelope(from: $0.from, message: spec.permuting($0.message, by: permutation)) }.sorted()
        return result
    }

    /// The encoding of one row and the messages it sent: the sort key of interchangeable rows.
    @inlinable
    func rowWords(of replica: ReplicaID, in state: State) -> [UInt64] {
        var encoder = StateEncoder()
        withUnsafeMutablePointer(to: &encoder) { pointer in
            var packer = FieldPacker(pointer)
            var row = state.replicas[replica.index]
            spec.visitFields(of: &row, with: &packer)
            for envelope in state.sent where envelope.from == replica {
                pointer.pointee.append(true)
                var message = envelope.message
                spec.visitFields(of: &message, with: &packer)
            }
            pointer.pointee.append(false)
        }
        encoder.finish()
        return encoder.words
    }
}
