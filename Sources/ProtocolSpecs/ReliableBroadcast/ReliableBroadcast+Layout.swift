import MessagePassing

/// The field declarations the derived encoding, its decoding, the state constraint and the start-up
/// width check are built from, and the symmetry declarations (Ip & Dill's scalarsets): every
/// correct replica other than the sender is interchangeable, and so are the values.
extension ReliableBroadcast {
    /// Every field of a replica holds values `a …` up to the config's `values`.
    public func visitFields<Visitor: FieldVisitor>(of replica: inout BroadcastReplica, with visitor: inout Visitor) {
        visitor.visit("broadcast", &replica.broadcast, in: valueCodes)
        visitor.visit("echoed", &replica.echoed, in: valueCodes)
        visitor.visit("readied", &replica.readied, in: valueCodes)
        visitor.visit("delivered", &replica.delivered, in: valueCodes)
    }

    /// A message is a kind and a value.
    public func visitFields<Visitor: FieldVisitor>(of message: inout BroadcastMessage, with visitor: inout Visitor) {
        visitor.visit("kind", &message.kind, in: 0...2)
        visitor.visit("value", &message.value, in: valueCodes)
    }

    /// INITIAL(a).
    public var messageTemplate: BroadcastMessage { BroadcastMessage(.initial, BroadcastValue(0)) }

    /// The correct replicas other than the sender: no rule or property names one. (The sender is
    /// the one place the replica symmetry breaks; faulty replicas differ by their kind.)
    public var interchangeableGroups: [ReplicaSet] { [faults.correct.subtracting(ReplicaSet([sender]))] }

    /// Every permutation of the values: the initial state names none, every rule treats them alike
    /// (the sender may broadcast any), and so do the properties.
    public var valuePermutationCount: Int { valuePermutationTables.count }

    /// `state` with value c renamed to `table[c]`.
    public func permuting(_ state: BroadcastReplica, by permutation: Int) -> BroadcastReplica {
        let table = valuePermutationTables[permutation]
        func rename(_ value: BroadcastValue?) -> BroadcastValue? { value.map { BroadcastValue(table[$0.index]) } }
        var result = state
        result.broadcast = rename(state.broadcast)
        result.echoed = rename(state.echoed)
        result.readied = rename(state.readied)
        result.delivered = DenseSet(state.delivered.map { BroadcastValue(table[$0.index]) })
        return result
    }

    /// `message` with its value renamed.
    public func permuting(_ message: BroadcastMessage, by permutation: Int) -> BroadcastMessage {
        BroadcastMessage(message.kind, BroadcastValue(valuePermutationTables[permutation][message.value.index]))
    }
}
