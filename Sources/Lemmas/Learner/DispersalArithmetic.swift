/// Exact integer arithmetic of information dispersal and the delayed-replication algorithm (tutorial
/// slides "Background: Information dispersal algorithms" and "The delayed-replication algorithm").
enum DispersalArithmetic {
    /// ⌈s / (n − f)⌉: the size of one IDA piece of a value of `size` bytes (Rabin 1989).
    static func pieceSize(_ size: Int, n: Int, f: Int) -> Int {
        (size + (n - f) - 1) / (n - f)
    }

    /// c = (⌈log2 n⌉ + 1)·|h|: the bytes of a Merkle checksum (siblings plus root).
    static func checksumBytes(n: Int, hashBytes: Int) -> Int {
        (MerkleTree.ceilingLog2(n) + 1) * hashBytes
    }

    /// B = ⌈s / (n − f)⌉ + c: what one replica sends the learner per sequence.
    static func replicaBytes(_ size: Int, n: Int, f: Int, hashBytes: Int) -> Int {
        pieceSize(size, n: n, f: f) + checksumBytes(n: n, hashBytes: hashBytes)
    }

    /// 2s/n + 1 + c, the slide's bound on B, exactly.
    static func replicaBound(_ size: Int, n: Int, f: Int, hashBytes: Int) -> Fraction {
        Fraction(2 * size + n + n * checksumBytes(n: n, hashBytes: hashBytes), n)
    }
}
