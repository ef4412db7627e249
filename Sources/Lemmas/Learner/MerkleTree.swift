/// The Merkle tree over the n IDA pieces of a sequence, padded to the next power of two, as used for the
/// checksums of the delayed-replication algorithm (tutorial slides "Checksums: Use Merkle-trees to
/// construct checksums").
///
/// Nodes are symbolic: a leaf is `h<i>` (or `∅` for padding) and an inner node records its two children,
/// so recomputing a root from a checksum checks the sibling path structurally, without hashing.
struct MerkleTree {
    let leafCount: Int
    /// The number of levels above the leaves, computed by halving until one node is left.
    let height: Int

    init(leaves: Int) {
        precondition(leaves >= 1, "a Merkle tree needs at least one leaf")
        leafCount = leaves
        var height = 0
        var width = leaves
        while width > 1 {
            width = (width + 1) / 2
            height += 1
        }
        self.height = height
    }

    /// The leaves a node at `level` with index `block` covers: [block·2^level, (block + 1)·2^level).
    func coveredLeaves(level: Int, block: Int) -> Range<Int> {
        (block << level)..<((block + 1) << level)
    }

    /// The tutorial's label of a node: `h` followed by the indices of the real leaves it covers,
    /// e.g. `h67` and `h0123` (indices joined when all are one digit, otherwise `h[4–7]`).
    func label(level: Int, block: Int) -> String {
        let range = coveredLeaves(level: level, block: block)
        let real = range.clamped(to: 0..<leafCount)
        if real.isEmpty { return "∅" }
        if real.upperBound <= 10 { return "h" + real.map(String.init).joined() }
        return real.count == 1 ? "h[\(real.lowerBound)]" : "h[\(real.lowerBound)–\(real.upperBound - 1)]"
    }

    /// The checksum C_i(S) of leaf `leaf`: the sibling of each node on the path to the root, bottom-up,
    /// followed by the root (the level-k sibling of leaf i is block (i >> k) XOR 1).
    func checksum(of leaf: Int) -> [String] {
        precondition((0..<leafCount).contains(leaf), "leaf \(leaf) outside 0..<\(leafCount)")
        return (0..<height).map { level in label(level: level, block: (leaf >> level) ^ 1) }
            + [label(level: height, block: 0)]
    }

    /// The structural value of a node: `h<i>`, `∅`, or `(left right)`.
    func node(level: Int, block: Int) -> String {
        if level == 0 { return block < leafCount ? "h\(block)" : "∅" }
        return "(" + node(level: level - 1, block: 2 * block) + " " + node(level: level - 1, block: 2 * block + 1) + ")"
    }

    /// The root recomputed from leaf `leaf` and the structural values of its siblings, bottom-up: what a
    /// learner does to validate a piece.
    func rootRecomputed(from leaf: Int) -> String {
        var current = "h\(leaf)"
        for level in 0..<height {
            let sibling = node(level: level, block: (leaf >> level) ^ 1)
            current = (leaf >> level) & 1 == 0 ? "(\(current) \(sibling))" : "(\(sibling) \(current))"
        }
        return current
    }

    /// ⌈log2 n⌉ from the bit width of n − 1 (an independent formula for `height`).
    static func ceilingLog2(_ n: Int) -> Int {
        n <= 1 ? 0 : Int.bitWidth - (n - 1).leadingZeroBitCount
    }
}
