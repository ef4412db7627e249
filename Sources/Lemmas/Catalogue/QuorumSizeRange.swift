/// Renders sorted quorum sizes compactly: `1–4`, `5, 7`, `—`.
enum QuorumSizeRange {
    static func render(_ values: [Int]) -> String {
        guard let first = values.first, let last = values.last else { return "—" }
        if last - first + 1 == values.count { return first == last ? "\(first)" : "\(first)–\(last)" }
        return values.map(String.init).joined(separator: ", ")
    }
}
