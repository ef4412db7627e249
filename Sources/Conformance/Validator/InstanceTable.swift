/// The live instances of one replica (or of the network), sorted by instance: a handful at a time
/// (PBFT: one; a broadcast: those in progress), found by binary search rather than hashing, and
/// iterated in instance order, so that nothing depends on hash seeding.
///
/// A value is taken out (`take(_:)`) and put back (`put(_:for:)`) without copying what it holds,
/// so that the validator can hand it to the spec's handlers while it updates other state.
struct InstanceTable<Instance: Comparable, Value> {
    /// The instances, ascending.
    private(set) var instances: [Instance] = []
    /// Their values, `nil` while taken.
    private var values: [Value?] = []

    /// The position of `instance`, or where it would be inserted.
    private func position(of instance: Instance) -> (index: Int, found: Bool) {
        // Instances are mostly the newest: try the last one before searching.
        if let last = instances.last {
            if last < instance { return (instances.count, false) }
            if !(instance < last) { return (instances.count - 1, true) }
        }
        var low = 0
        var high = instances.count
        while low < high {
            let middle = (low + high) / 2
            if instances[middle] < instance { low = middle + 1 } else { high = middle }
        }
        return (low, low < instances.count && !(instance < instances[low]))
    }

    /// The value of `instance` (`nil` when absent or taken); setting `nil` removes it.
    subscript(instance: Instance) -> Value? {
        get {
            let (index, found) = position(of: instance)
            return found ? values[index] : nil
        }
        set {
            let (index, found) = position(of: instance)
            if found {
                if let newValue {
                    values[index] = newValue
                } else {
                    instances.remove(at: index)
                    values.remove(at: index)
                }
            } else if let newValue {
                instances.insert(instance, at: index)
                values.insert(newValue, at: index)
            }
        }
    }

    /// Moves the value of `instance` out, leaving the instance held but empty until `put(_:for:)`.
    mutating func take(_ instance: Instance) -> Value? {
        let (index, found) = position(of: instance)
        return found ? values[index].take() : nil
    }

    /// Stores `value` for `instance`, in place when the instance is held.
    mutating func put(_ value: consuming Value, for instance: Instance) {
        let (index, found) = position(of: instance)
        if found {
            values[index] = value
        } else {
            instances.insert(instance, at: index)
            values.insert(value, at: index)
        }
    }

    /// Calls `body` with the value of `instance`, if it is held and not taken.
    func read<R>(_ instance: Instance, _ body: (Value) -> R) -> R? {
        let (index, found) = position(of: instance)
        guard found, let value = values[index] else { return nil }
        return body(value)
    }

    /// Calls `body` on the value of `instance` in place, if it is held and not taken.
    mutating func update<R>(_ instance: Instance, _ body: (inout Value) -> R) -> R? {
        let (index, found) = position(of: instance)
        guard found, values[index] != nil else { return nil }
        return body(&values[index]!)
    }

    /// Calls `body` on every value in instance order (taken instances are skipped).
    func forEach(_ body: (Instance, Value) -> Void) {
        for index in instances.indices { if let value = values[index] { body(instances[index], value) } }
    }

    /// Calls `body` on every value in instance order; drops the instances for which it returns
    /// `false`. Taken instances are skipped.
    mutating func filterInPlace(_ body: (Instance, inout Value) -> Bool) {
        var kept = 0
        for index in instances.indices {
            if values[index] != nil, !body(instances[index], &values[index]!) { continue }
            if kept != index {
                instances.swapAt(kept, index)
                values.swapAt(kept, index)
            }
            kept += 1
        }
        instances.removeSubrange(kept...)
        values.removeSubrange(kept...)
    }
}
