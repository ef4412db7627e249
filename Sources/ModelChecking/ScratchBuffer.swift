/// A growable buffer of plain values for the search's inner loops: appends check neither uniqueness
/// nor (with `appendUnchecked`, after `reserve`) capacity, and the memory is kept when the buffer is
/// emptied, so a buffer reused batch after batch stops allocating once it is large enough.
///
/// It does not own its memory in the Swift sense: copies share it, and its owner calls
/// `deallocate()` once (a ``LevelChunk`` in its `deinit`). Elements are `BitwiseCopyable`, so no
/// element is ever initialized or destroyed.
@usableFromInline
struct ScratchBuffer<Element: BitwiseCopyable> {
    /// The first element.
    @usableFromInline var base: UnsafeMutablePointer<Element>
    /// The number of elements in use.
    @usableFromInline var count = 0
    /// The number of elements that fit without growing.
    @usableFromInline var capacity: Int

    /// An empty buffer with room for `capacity` elements.
    @inlinable
    init(capacity: Int = 64) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    /// Frees the memory; the buffer must not be used afterwards.
    @inlinable
    func deallocate() { base.deallocate() }

    /// Makes room for at least `minimum` elements in all, keeping the ones in use.
    @inlinable @inline(__always)
    mutating func reserve(_ minimum: Int) {
        if minimum > capacity { grow(to: minimum) }
    }

    @usableFromInline
    mutating func grow(to minimum: Int) {
        let newCapacity = max(minimum, capacity * 2)
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Appends `element`; there must be room (see `reserve`).
    @inlinable @inline(__always)
    mutating func appendUnchecked(_ element: Element) {
        base[count] = element
        count &+= 1
    }

    /// Appends `element`, growing if needed.
    @inlinable @inline(__always)
    mutating func append(_ element: Element) {
        reserve(count &+ 1)
        appendUnchecked(element)
    }

    /// Empties the buffer, keeping its memory.
    @inlinable
    mutating func removeAll() { count = 0 }

    /// Sets the count to `count` with every element equal to `value`.
    @inlinable
    mutating func reset(count: Int, to value: Element) {
        reserve(count)
        base.update(repeating: value, count: count)
        self.count = count
    }

    /// The element at `index`, which must be below `count`.
    @inlinable
    subscript(index: Int) -> Element {
        @inline(__always) get { base[index] }
        @inline(__always) nonmutating set { base[index] = newValue }
    }

    /// The elements in use.
    @inlinable
    var buffer: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: base, count: count) }
}
