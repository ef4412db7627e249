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
        if format == TraceFormat.name { return try readVersion1(fields) }
        guard format == formatName else { throw fields.failure("format", "expected \"\(formatName)\", got \"\(format)\"") }
        try fields.requireKnownKeys(keys, what: "a version-2 header")
        let protocolName = try fields.string("protocol")
        let (_, f, replicaNames, names, byzantine, crashed) = try participants(fields, faultyKey: "byzantine", faulty: "Byzantine")
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
        let replica = try ownReplica(fields, names, replicaNames, faulty: byzantine.union(crashed))
        return TraceHeaderV2(
            protocolName: protocolName, replica: replica, replicaNames: replicaNames, faultThreshold: f, byzantine: byzantine,
            crashed: crashed, variant: try fields.optionalString("variant"), parameters: parameters, snapshot: snapshot,
            implementation: try fields.optionalString("implementation"))
    }

    /// The keys of a version-1 header (Docs/trace-format.md, "The header").
    static let version1Keys = [
        "format", "protocol", "replica", "n", "f", "replicas", "faulty", "crashed", "quorum", "newview_quorum", "checkpoint_interval",
        "window", "requests", "null_digest", "implementation",
    ]

    /// A version-1 header read as the version-2 header of the same PBFT run (version 1 is PBFT's
    /// format): `faulty` is `byzantine`, and the protocol parameters move into `params`.
    ///
    /// - Throws: `MalformedTrace` naming the field at fault.
    static func readVersion1(_ fields: TraceFields) throws -> TraceHeaderV2 {
        try fields.requireKnownKeys(version1Keys, what: "a version-1 header")
        let protocolName = try fields.string("protocol")
        guard protocolName == "pbft" else {
            throw fields.failure("protocol", "version 1 traces are PBFT's: expected \"pbft\", got \"\(protocolName)\"")
        }
        let (_, f, replicaNames, names, byzantine, crashed) = try participants(fields, faultyKey: "faulty", faulty: "faulty")
        var parameters: [JSONValue.Member] = []
        for key in ["quorum", "newview_quorum", "checkpoint_interval", "window", "requests", "null_digest"] {
            if let value = fields.value(key), value != .null { parameters.append(JSONValue.Member(key, value)) }
        }
        let replica = try ownReplica(fields, names, replicaNames, faulty: byzantine.union(crashed))
        return TraceHeaderV2(
            protocolName: protocolName, replica: replica, replicaNames: replicaNames, faultThreshold: f, byzantine: byzantine,
            crashed: crashed, variant: nil, parameters: parameters, snapshot: nil,
            implementation: try fields.optionalString("implementation"))
    }

    /// n, f, the replicas' names and who is declared Byzantine (under `faultyKey`) or crashed, with
    /// the checks both versions make: no replica both, at least one correct.
    static func participants(
        _ fields: TraceFields, faultyKey: String, faulty: String
    ) throws -> (n: Int, f: Int, replicaNames: [String], names: [String: ReplicaID], byzantine: ReplicaSet, crashed: ReplicaSet) {
        let n = try fields.integer("n", 1...ReplicaSet.capacity)
        let f = try fields.integer("f", 0...(n - 1))
        let (replicaNames, names) = try fields.replicaNames(count: n)
        let byzantine = ReplicaSet(fields.value(faultyKey) == nil ? [] : try fields.replicas(faultyKey, names))
        let crashed = ReplicaSet(fields.value("crashed") == nil ? [] : try fields.replicas("crashed", names))
        if !byzantine.intersection(crashed).isEmpty { throw fields.failure("crashed", "a replica cannot be both \(faulty) and crashed") }
        if byzantine.union(crashed).count == n { throw fields.failure(faultyKey, "at least one replica must be correct") }
        return (n, f, replicaNames, names, byzantine, crashed)
    }

    /// The file's own replica (`replica`), which must not be declared faulty.
    static func ownReplica(
        _ fields: TraceFields, _ names: [String: ReplicaID], _ replicaNames: [String], faulty: ReplicaSet
    ) throws -> ReplicaID? {
        let replica = fields.value("replica") == nil ? nil : try fields.replica("replica", names)
        if let replica, faulty.contains(replica) {
            throw fields.failure("replica", "\(replicaNames[replica.index]) is declared faulty: faulty replicas have no log to judge")
        }
        return replica
    }
}
