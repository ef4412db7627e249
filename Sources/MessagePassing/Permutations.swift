/// Permutations of small groups of interchangeable values, for symmetry reduction.
public enum Permutations {
    /// All permutations of `0..<count`, in lexicographic order, the identity first.
    ///
    /// - Complexity: `count!` arrays; meant for the few interchangeable requests of a bounded model.
    public static func all(of count: Int) -> [[Int]] {
        precondition(count >= 0 && count <= 8, "Permutations: \(count) elements is too many to enumerate")
        var result: [[Int]] = []
        var current = Array(0..<count)
        while true {
            result.append(current)
            // Next lexicographic permutation.
            var i = count - 2
            while i >= 0 && current[i] >= current[i + 1] { i -= 1 }
            if i < 0 { return result }
            var j = count - 1
            while current[j] <= current[i] { j -= 1 }
            current.swapAt(i, j)
            current[(i + 1)...].reverse()
        }
    }
}
