import ModelChecking

extension ModelConfig {
    /// What a checkpoint records of this config: the model, its parameters in order, and a stable hash
    /// of the sections that shape the state space and the properties (not `[limits]`, `[check]` or
    /// `[expect]`, which a resumed run may change).
    public var checkpointIdentity: CheckpointIdentity {
        var text = "model=\(model)\n"
        func add(_ section: String, _ entries: [Entry]?) {
            text += "[\(section)]\(entries == nil ? " absent" : "")\n"
            for entry in entries ?? [] { text += "\(entry.key)=\(entry.value)\n" }
        }
        add("parameters", parameters)
        add("invariants", invariants)
        add("sometimes", sometimes)
        add("symmetry", symmetry)
        let bytes = Array(text.utf8)
        let words = stride(from: 0, to: bytes.count, by: 8).map { start in
            bytes[start..<min(start + 8, bytes.count)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
        let hash = String(Fingerprint.of(words + [UInt64(bytes.count)]), radix: 16)
        return CheckpointIdentity(
            model: model, parameters: parameters.map { "\($0.key)=\($0.value)" },
            configHash: String(repeating: "0", count: 16 - hash.count) + hash)
    }
}
