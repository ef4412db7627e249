import MessagePassing
import ModelChecking

/// Symmetry reduction (Ip & Dill's scalarsets; TLC's SYMMETRY). Two groups act on states:
///
/// - **Replicas**: the correct replicas that are the primary of no view within bounds. The primary
///   of view v is replica v mod n, so primaries are distinguished; faulty replicas differ by their
///   fault kind and have no state. Two interchangeable replicas differ only by their rows.
/// - **Requests**: the client requests, all issued at the start.
///
/// Soundness (why a property holds in every state iff it holds in every representative): every
/// permutation π of these groups is an automorphism of the transition system. (1) The initial state
/// is fixed by π. (2) Every enabling condition and effect treats replicas of the group alike: the
/// quorum rules count senders (`FaultModel.support`) and the eligible sets (all replicas, the backups
/// of a view) are unions of whole groups plus fixed replicas; no rule names an interchangeable
/// replica or a particular request; no field of the state refers to another replica's number, so
/// permuting rows is the whole action of π on the state; requests appear only as digests, and every
/// rule compares digests for equality or enumerates all of them. So s → t is a step iff
/// π(s) → π(t) is one. (3) Every property quantifies over all correct replicas and all requests alike
/// (none names one), so it has the same value in s and π(s). Hence the reachable states are closed
/// under π, and checking one state per orbit decides the invariants. The representative is canonical:
/// for each request permutation the interchangeable rows are sorted, and the least result is kept, so
/// two states in one orbit get the same representative. (Symmetry is used for safety only.)
extension PBFT {
    /// The canonical representative of `state`'s orbit under the replica and request groups.
    ///
    /// - Complexity: O(r! · (n + k²)) for r requests, n replicas and k interchangeable replicas.
    public func canonicalRepresentative(of state: PBFTState) -> PBFTState {
        var result = state
        withCanonicalRows(of: state) { rows, views in
            for index in 0..<state.replicas.count {
                var row = PBFTReplica()
                row.preparesWord = rows[2 &* index]
                row.packed = rows[2 &* index &+ 1]
                result.replicas[index] = row
            }
            result.newViews = views
        }
        return result
    }

    /// The encoding of `canonicalRepresentative(of:)`, taken straight from the canonical rows
    /// without building that state (the checker's innermost step under symmetry).
    public func encodeRepresentative(of state: PBFTState, into encoder: inout StateEncoder) {
        withCanonicalRows(of: state) { rows, views in
            PBFTState.encode(rowCount: state.replicas.count, newViews: views, into: &encoder) { index in
                (rows[2 &* index], rows[2 &* index &+ 1])
            }
        }
    }

    /// The seen-set fingerprint of `state`, or of its class when `symmetric`: its rows' storage words
    /// (the canonical rows' under symmetry) hashed as they lie (`PBFTState.seenSetFingerprint`),
    /// without building the encoding.
    ///
    /// Inlined into the checker's search (see `TransitionSystem.runChecker(options:)`), so that the
    /// successor is hashed where it lies rather than copied to be passed.
    @inline(__always)
    public func fingerprint(of state: PBFTState, symmetric: Bool, scratch: inout StateEncoder) -> UInt64 {
        symmetric
            ? Self.representativeFingerprint(of: state, group: interchangeable, tables: requestByteTables)
            : state.seenSetFingerprint
    }

    /// `fingerprint(of:symmetric:scratch:)` under symmetry: that of the canonical rows.
    ///
    /// Static, and given only the two arrays it reads: as a method, each call copied the model (256
    /// bytes) for `self`; inlined, it made `fingerprint` too large to inline into the search, which
    /// cost the searches without symmetry a call per transition.
    @inline(never)
    static func representativeFingerprint(of state: PBFTState, group: [Int], tables: [UInt8]) -> UInt64 {
        var result: UInt64 = 0
        withCanonicalRows(of: state, group: group, tables: tables) { rows, views in
            result = PBFTState.fingerprint(rowCount: state.replicas.count, newViews: views) { index in
                (rows[2 &* index], rows[2 &* index &+ 1])
            }
        }
        return result
    }

    /// `withCanonicalRows(of:group:tables:_:)` with this model's groups.
    @inline(__always)
    func withCanonicalRows(of state: PBFTState, _ body: (UnsafePointer<UInt64>, PBFTState.NewViews) -> Void) {
        Self.withCanonicalRows(of: state, group: interchangeable, tables: requestByteTables, body)
    }

    /// Calls `body` with the rows of `state`'s canonical representative, as pairs of storage words
    /// (prepares, then the packed fields) by replica, and its NEWVIEW records.
    ///
    /// Worked on the rows' words in a buffer on the stack: for each request permutation the rows'
    /// digests are renamed a byte at a time (`requestByteTables`), the interchangeable rows are
    /// sorted, and the least candidate under `isOrdered(_:before:)` is kept. The same result as
    /// renaming whole states (`mappingDigests`) and sorting their rows, without the copies of the
    /// 192-byte state that costs.
    ///
    /// - Parameters:
    ///   - group: the interchangeable rows, ascending (`interchangeable`).
    ///   - tables: the request permutations' byte tables (`requestByteTables`).
    @inline(__always)
    static func withCanonicalRows(
        of state: PBFTState, group: [Int], tables requestByteTables: [UInt8], _ body: (UnsafePointer<UInt64>, PBFTState.NewViews) -> Void
    ) {
        let count = state.replicas.count
        let capacity = 2 * PBFTState.Replicas.capacity
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * capacity) { buffer in
            let best = buffer.baseAddress!
            let candidate = best + capacity
            for index in 0..<count {
                let row = state.replicas[index]
                best[2 &* index] = row.preparesWord
                best[2 &* index &+ 1] = row.packed
            }
            Self.sortRows(best, group)
            var bestViews = state.newViews
            // The rows before the first interchangeable one keep their places (sorting moves only the
            // group's rows, which lie above it), and the order compares rows first to last: a
            // permutation whose renamed leading rows already exceed the best's is dropped there.
            let fixedLeadingRows = group.count > 1 ? group[0] : count
            requestByteTables.withUnsafeBufferPointer { tables in
                permutations: for first in stride(from: 0, to: tables.count, by: 256) {
                    let bytes = UnsafeBufferPointer(rebasing: tables[first..<(first &+ 256)])
                    var isBelowBest = false
                    for index in 0..<count {
                        let row = state.replicas[index]
                        let prepares = Self.renaming(row.preparesWord, bytes)
                        let packed = Self.renamingLedger(of: row.packed, bytes)
                        if index < fixedLeadingRows && !isBelowBest {
                            let held = (best[2 &* index], best[2 &* index &+ 1])
                            if (prepares, packed) > held { continue permutations }
                            isBelowBest = (prepares, packed) < held
                        }
                        candidate[2 &* index] = prepares
                        candidate[2 &* index &+ 1] = packed
                    }
                    Self.sortRows(candidate, group)
                    var views = state.newViews
                    for view in 0..<views.count where views.word(view) != 0 {
                        views.setWord(Self.renamingCheckpointState(of: views.word(view), bytes), view)
                    }
                    if Self.isOrdered(candidate, views, before: best, bestViews, count: count) {
                        best.update(from: candidate, count: 2 &* count)
                        bestViews = views
                    }
                }
            }
            body(best, bestViews)
        }
    }

    /// Sorts the rows at positions `group` of `rows` (pairs of words: prepares, then the packed
    /// fields) into increasing order of `PBFTReplica.sortKey`.
    @inline(__always)
    private static func sortRows(_ rows: UnsafeMutablePointer<UInt64>, _ group: [Int]) {
        guard group.count > 1 else { return }
        // Insertion sort: the groups are a handful of rows.
        for position in 1..<group.count {
            let key = (rows[2 &* group[position]], rows[2 &* group[position] &+ 1])
            var hole = position
            while hole > 0 {
                let before = group[hole &- 1]
                let other = (rows[2 &* before], rows[2 &* before &+ 1])
                guard key < other else { break }
                rows[2 &* group[hole]] = other.0
                rows[2 &* group[hole] &+ 1] = other.1
                hole &-= 1
            }
            if hole != position {
                rows[2 &* group[hole]] = key.0
                rows[2 &* group[hole] &+ 1] = key.1
            }
        }
    }

    /// `isOrdered(_:before:)` on rows held as words and the NEWVIEW records.
    @inline(__always)
    private static func isOrdered(
        _ a: UnsafeMutablePointer<UInt64>, _ aViews: PBFTState.NewViews, before b: UnsafeMutablePointer<UInt64>,
        _ bViews: PBFTState.NewViews, count: Int
    ) -> Bool {
        for word in 0..<(2 &* count) where a[word] != b[word] { return a[word] < b[word] }
        for view in 0..<aViews.count {
            let (x, y) = (recordKey(word: aViews.word(view)), recordKey(word: bViews.word(view)))
            if x != y { return x < y }
        }
        return false
    }

    /// Every digest code of a word of 4-bit codes renamed through `bytes` (a byte table: two codes
    /// at once). Only the nonzero bytes are looked up (the table keeps 0, "none", in place): a row
    /// has sent a handful of the sixteen (view, slot) PREPAREs the word can hold.
    @inline(__always)
    private static func renaming(_ word: UInt64, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var result = word
        var rest = word
        while rest != 0 {
            let shift = UInt64(rest.trailingZeroBitCount & ~7)
            let renamed = UInt64(bytes[Int(truncatingIfNeeded: (word &>> shift) & 0xFF)])
            result = result & ~(0xFF &<< shift) | renamed &<< shift
            rest &= ~(0xFF &<< shift)
        }
        return result
    }

    /// The packed fields of a row with the ledger's codes (bits 48–63) renamed through `bytes`.
    @inline(__always)
    private static func renamingLedger(of packed: UInt64, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let low = UInt64(bytes[Int(truncatingIfNeeded: (packed &>> 48) & 0xFF)])
        let high = UInt64(bytes[Int(truncatingIfNeeded: packed &>> 56)])
        return packed & 0x0000_FFFF_FFFF_FFFF | low &<< 48 | high &<< 56
    }

    /// A NEWVIEW record's word with its checkpoint state's codes (bits 7–22) renamed through `bytes`.
    @inline(__always)
    private static func renamingCheckpointState(of word: UInt32, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let low = UInt32(bytes[Int(truncatingIfNeeded: (word &>> 7) & 0xFF)])
        let high = UInt32(bytes[Int(truncatingIfNeeded: (word &>> 15) & 0xFF)])
        return word & ~(0xFFFF &<< 7) | low &<< 7 | high &<< 15
    }

    /// `state` with every digest code c replaced by `table[c]`.
    func mappingDigests(of state: PBFTState, _ table: [UInt8]) -> PBFTState {
        var result = state
        for index in result.replicas.indices { result.replicas[index] = state.replicas[index].mappingDigests(table) }
        for view in state.newViews.indices {
            guard var record = state.newViews[view] else { continue }
            record.checkpointState = MessageLog(word: record.checkpointState).mapped(table).word
            result.newViews[view] = record
        }
        return result
    }

    /// A total order on states: row by row, then the NEWVIEW records.
    func isOrdered(_ a: PBFTState, before b: PBFTState) -> Bool {
        for index in a.replicas.indices {
            let (x, y) = (a.replicas[index].sortKey, b.replicas[index].sortKey)
            if x != y { return x < y }
        }
        for view in a.newViews.indices {
            let (x, y) = (Self.recordKey(a.newViews[view]), Self.recordKey(b.newViews[view]))
            if x != y { return x < y }
        }
        return false
    }

    private static func recordKey(_ record: NewViewRecord?) -> UInt64 {
        guard let record else { return 0 }
        return 1 << 63 | UInt64(record.checkpoint.raw) << 56 | UInt64(record.lastSlot.raw) << 48 | (record.checkpointState & 0xFFFF)
    }

    /// `recordKey` of the record stored as `word` in `PBFTState.NewViews` (0: none).
    @inline(__always)
    private static func recordKey(word: UInt32) -> UInt64 {
        guard word != 0 else { return 0 }
        let word = UInt64(word)
        return 1 << 63 | (word >> 1 & 0x7) << 56 | (word >> 4 & 0x7) << 48 | (word >> 7 & 0xFFFF)
    }
}
