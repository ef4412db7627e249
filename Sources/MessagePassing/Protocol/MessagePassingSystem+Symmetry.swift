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

    /// The encoding of `state`'s orbit, without building its representative: for each value
    /// permutation, each correct replica's block — its row and the messages it sent, renamed and in
    /// the order of their codes (`ProtocolContext.codePrecedes`: the renamed set, whatever order
    /// renaming left it in), padded to a whole word — is encoded once; the blocks of each
    /// interchangeable group are
    /// sorted, and the least concatenation over the value permutations is appended to `encoder`.
    /// Two states get equal encodings exactly when one symmetry maps one onto the other: a block is
    /// self-delimiting, so a concatenation decodes to its blocks, and sorting and the minimum choose
    /// one member of the orbit's candidates (the class of `canonicalRepresentative(of:)`, though not
    /// necessarily the same member, since blocks compare word by word).
    ///
    /// - Complexity: p · k block encodings and p sorts of each group's k blocks, for p value
    ///   permutations and k correct replicas; no state is copied.
    @inlinable
    public func encodeRepresentative(of state: State, into encoder: inout StateEncoder) {
        guard !interchangeable.isEmpty || valuePermutations > 1 else {
            context.encode(state, into: &encoder)
            return
        }
        let correct = context.correct
        let replicaCount = correct.count
        let sent = state.network
        // Each correct replica's messages are a contiguous run of `sent` (sorted by sender).
        var runEnds: [Int] = []
        runEnds.reserveCapacity(replicaCount)
        var cursor = 0
        for replica in correct {
            while cursor < sent.count && sent[cursor].from == replica { cursor += 1 }
            runEnds.append(cursor)
        }
        precondition(cursor == sent.count, "\(spec.name): a message from a replica that is not correct is on the network")
        // The messages' codes under each permutation: kept by the steps, or made here for a state
        // built by hand (the same codes, so both encode alike).
        let codes = state.codes(madeBy: context) ?? context.codes(of: sent)
        let (stride, codeWords) = (context.codeStride, context.codeWords)
        // blockStart[p · k + i] … blockStart[p · k + i + 1]: the words of replica i's block under p.
        var blocks = StateEncoder()
        var blockStart: [Int] = []
        blockStart.reserveCapacity(valuePermutations * replicaCount + 1)
        // The offsets in `codes` of one block's messages, in the order of their codes.
        var order: [Int] = []
        for permutation in 0..<valuePermutations {
            for (position, replica) in correct.enumerated() {
                blockStart.append(blocks.wordCount)
                let run = (position == 0 ? 0 : runEnds[position - 1])..<runEnds[position]
                order.removeAll(keepingCapacity: true)
                for index in run { order.append(index * stride + permutation * codeWords) }
                if codeWords == 1 {
                    order.sort { codes[$0] < codes[$1] }
                } else {
                    order.sort { context.codePrecedes(codes, $0, $1) }
                }
                FieldPacker.packing(into: &blocks) { packer in
                    // The row renamed, then its messages renamed, as a block sorted by code.
                    var row =
                        permutation == 0 ? state.replicas[replica.index] : spec.permuting(state.replicas[replica.index], by: permutation)
                    spec.visitFields(of: &row, with: &packer)
                    for offset in order {
                        packer.encoder.append(true)
                        context.appendCode(codes, at: offset, to: &packer.encoder)
                    }
                    packer.encoder.append(false)
                }
                blocks.finish()
            }
        }
        blockStart.append(blocks.wordCount)
        // The candidate of each value permutation: block numbers in replica order, groups sorted.
        func blockPrecedes(_ a: Int, _ b: Int) -> Bool {
            var (x, xEnd, y, yEnd) = (blockStart[a], blockStart[a + 1], blockStart[b], blockStart[b + 1])
            while x < xEnd && y < yEnd {
                let (u, v) = (blocks.word(at: x), blocks.word(at: y))
                if u != v { return u < v }
                x += 1
                y += 1
            }
            return x == xEnd && y < yEnd
        }
        func fillCandidate(_ permutation: Int, into order: inout [Int]) {
            for position in 0..<replicaCount { order[position] = permutation * replicaCount + position }
            // Each group's blocks in order: an insertion sort in place (groups are small).
            for group in interchangeablePositions {
                for next in 1..<group.count {
                    let block = order[group[next]]
                    var slot = next
                    while slot > 0 && blockPrecedes(block, order[group[slot - 1]]) {
                        order[group[slot]] = order[group[slot - 1]]
                        slot -= 1
                    }
                    order[group[slot]] = block
                }
            }
        }
        // Concatenations compare word by word across block boundaries.
        func precedes(_ lhs: [Int], _ rhs: [Int]) -> Bool {
            var (a, x, b, y) = (0, blockStart[lhs[0]], 0, blockStart[rhs[0]])
            while true {
                while a < lhs.count && x == blockStart[lhs[a] + 1] {
                    a += 1
                    if a < lhs.count { x = blockStart[lhs[a]] }
                }
                while b < rhs.count && y == blockStart[rhs[b] + 1] {
                    b += 1
                    if b < rhs.count { y = blockStart[rhs[b]] }
                }
                if a == lhs.count || b == rhs.count { return a == lhs.count && b < rhs.count }
                let (u, v) = (blocks.word(at: x), blocks.word(at: y))
                if u != v { return u < v }
                x += 1
                y += 1
            }
        }
        var best = Array(repeating: 0, count: replicaCount)
        fillCandidate(0, into: &best)
        if valuePermutations > 1 {
            var other = best
            for permutation in 1..<valuePermutations {
                fillCandidate(permutation, into: &other)
                if precedes(other, best) { swap(&best, &other) }
            }
        }
        for block in best {
            for index in blockStart[block]..<blockStart[block + 1] { encoder.append(blocks.word(at: index), bits: 64) }
        }
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
        // The network is sorted by sender: the replica's messages are one run.
        let start = state.sent.firstIndex { $0.from >= replica } ?? state.sent.count
        let end = state.sent[start...].firstIndex { $0.from != replica } ?? state.sent.count
        FieldPacker.packing(into: &encoder) { packer in
            context.packBlock(state.replicas[replica.index], messages: start..<end, of: state.sent, with: &packer)
        }
        encoder.finish()
        return encoder.words
    }
}
