/// An explicit encoding of named sets of replicas 0 ..< n: one Boolean per (set, replica) membership.
///
/// Used for the small-n set lemmas, whose models are concrete replica sets a reader can check by hand.
struct ReplicaSets {
    let context: Z3Context
    let names: [String]
    let replicaCount: Int
    /// `members[set][replica]` is true when the replica is in the set.
    let members: [[Z3Term<BoolSort>]]

    /// Membership variables `<name>_r<i>` for each set name and replica.
    init(_ names: [String], replicas: Int, in context: Z3Context) {
        self.context = context
        self.names = names
        replicaCount = replicas
        members = names.map { name in
            (0..<replicas).map { context.constant("\(name)_r\($0)", BoolSort.self) }
        }
    }

    /// |set| == size.
    func hasSize(_ set: Int, _ size: Int) -> Z3Term<BoolSort> { context.exactly(members[set], size) }

    /// |set| <= size.
    func hasAtMost(_ set: Int, _ size: Int) -> Z3Term<BoolSort> { context.atMost(members[set], size) }

    /// (∩ of `inside`) ⊆ `container`.
    func intersection(of inside: [Int], isInside container: Int) -> Z3Term<BoolSort> {
        context.and(
            (0..<replicaCount).map { replica in
                context.and(inside.map { members[$0][replica] }).implies(members[container][replica])
            })
    }

    /// The sets in a model, as sorted replica indices.
    func decode(_ model: Z3Model) -> [[Int]] {
        members.map { set in set.indices.filter { model.value(of: set[$0]) } }
    }
}
