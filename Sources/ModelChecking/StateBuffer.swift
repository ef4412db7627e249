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

    /// An empty buffer with room for `capacity` states.
    @inlinable
    init(capacity: Int = 64) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    /// Destroys the states and frees the memory; the buffer must not be used afterwards.
    @inlinable
    func deallocate() {
        base.deinitialize(count: count)
        base.deallocate()
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
