import MessagePassing

extension TraceHeaderV2 {
    /// `bftcheck-trace/2`.
    public static let formatName = "bftcheck-trace/2"

    /// The keys a version-2 header may have (besides `time` and `x-…` extensions).
    static let keys = [
        "format", "protocol", "replica", "n", "f", "replicas", "byzantine", "crashed", "variant", "params", "snapshot", "implementation",
    ]

    /// Reads a version-2 header line.
    ///
    /// - Throws: `MalformedTrace` naming the field at fault.
    static func read(_ fields: TraceFields) throws -> TraceHeaderV2 {
        let format = try fields.string("format")
        guard format == formatName else { throw fields.failure("format", "expected \"\(formatName)\", got \"\(format)\"") }
        try fields.requireKnownKeys(keys, what: "a version-2 header")
        let protocolName = try fields.string("protocol")
        let n = try fields.integer("n", 1...ReplicaSet.capacity)
        let f = try fields.integer("f", 0...(n - 1))
        let (replicaNames, names) = try fields.replicaNames(count: n)
        let byzantine = ReplicaSet(fields.value("byzantine") == nil ? [] : try fields.replicas("byzantine", names))
        let crashed = ReplicaSet(fields.value("crashed") == nil ? [] : try fields.replicas("crashed", names))
        if !byzantine.intersection(crashed).isEmpty { throw fields.failure("crashed", "a replica cannot be both Byzantine and crashed") }
        if byzantine.union(crashed).count == n { throw fields.failure("byzantine", "at least one replica must be correct") }
        var parameters: [JSONValue.Member] = []
        if let value = fields.value("params") {
            guard case .object(let members) = value else {
                throw fields.failure("params", "expected an object, got \(value.kindDescription)")
            }
            parameters = members
        }
        var snapshot: JSONValue? = nil
        if let value = fields.value("snapshot"), value != .null {
            guard case .object = value else { throw fields.failure("snapshot", "expected an object, got \(value.kindDescription)") }
            snapshot = value
        }
        let replica = fields.value("replica") == nil ? nil : try fields.replica("replica", names)
        if let replica, byzantine.union(crashed).contains(replica) {
            throw fields.failure("replica", "\(replicaNames[replica.index]) is declared faulty: faulty replicas have no log to judge")
        }
        return TraceHeaderV2(
            protocolName: protocolName, replica: replica, replicaNames: replicaNames, faultThreshold: f, byzantine: byzantine,
            crashed: crashed, variant: try fields.optionalString("variant"), parameters: parameters, snapshot: snapshot,
            implementation: try fields.optionalString("implementation"))
    }
}
