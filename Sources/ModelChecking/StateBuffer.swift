#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A growable buffer of states for phase 1 of a breadth-first batch: the routed successors, kept
/// until phase 3 picks the winners. Like ``ScratchBuffer``, its memory is kept when it is emptied and
/// its owner (a ``LevelChunk``) frees it once; unlike it, its elements may hold references, so they
/// are initialized and destroyed.
///
/// `append(_:)` moves a successor straight into place: through `Array.append`, which the compiler
/// does not inline for a large state, a successor is copied twice (into an owned temporary, then into
/// the array).
@usableFromInline
struct StateBuffer<State> {
    /// The first state.
    @usableFromInline var base: UnsafeMutablePointer<State>
    /// The number of states held.
    @usableFromInline var count = 0
    /// The number of states that fit without growing.
    @usableFromInline var capacity: Int

    /// Whether the memory comes from `malloc` and grows by `realloc`: for states without references
    /// (trivially movable), whose alignment `malloc` meets.
    @inlinable
    static var growsInPlace: Bool { _isPOD(State.self) && MemoryLayout<State>.alignment <= 16 }

    /// An empty buffer with room for `capacity` states.
    @inlinable
    init(capacity: Int = 64) {
        self.capacity = max(capacity, 1)
        if Self.growsInPlace {
            guard let memory = malloc(self.capacity * MemoryLayout<State>.stride) else {
                fatalError("StateBuffer: out of memory for \(self.capacity) states")
            }
            base = memory.bindMemory(to: State.self, capacity: self.capacity)
        } else {
            base = .allocate(capacity: self.capacity)
        }
    }

    /// Destroys the states and frees the memory; the buffer must not be used afterwards.
    @inlinable
    func deallocate() {
        base.deinitialize(count: count)
        if Self.growsInPlace { free(base) } else { base.deallocate() }
    }

    /// Appends `state`.
    @inlinable @inline(__always)
    mutating func append(_ state: consuming State) {
        if count == capacity { grow() }
        (base + count).initialize(to: state)
        count &+= 1
    }

    @usableFromInline
    mutating func grow() {
        let newCapacity = capacity * 2
        // States without references are moved by `realloc`, which grows a large block in place (by
        // remapping its pages) instead of copying it: the buffers reach megabytes, and copying them
        // at each doubling cost 3 % of a search's instructions.
        if Self.growsInPlace {
            guard let moved = realloc(base, newCapacity * MemoryLayout<State>.stride) else {
                fatalError("StateBuffer: out of memory for \(newCapacity) states")
            }
            base = moved.bindMemory(to: State.self, capacity: newCapacity)
            capacity = newCapacity
            return
        }
        let newBase = UnsafeMutablePointer<State>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Destroys the states, keeping the memory.
    @inlinable
    mutating func removeAll() {
        base.deinitialize(count: count)
        count = 0
    }

    /// The state at `index`, which must be below `count`.
    @inlinable
    subscript(index: Int) -> State {
        @inline(__always) unsafeAddress { UnsafePointer(base + index) }
    }
}
