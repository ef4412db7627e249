/// Estimates of the heap memory values hold, for memory budgets (`StorageOptions.memoryBudgetBytes`):
/// what `TransitionSystem.memoryFootprint(of:)` implementations add to a state's stride.
public enum HeapFootprint {
    /// The bytes the heap block of `array`'s storage takes: a 32-byte header plus its capacity's
    /// elements, in a block rounded as glibc's `malloc` rounds (8 bytes of overhead, 16-byte
    /// granules); 0 for an empty array without storage.
    @inlinable
    public static func of<Element>(_ array: [Element]) -> Int {
        let capacity = array.capacity
        guard capacity > 0 else { return 0 }
        return (32 + capacity * MemoryLayout<Element>.stride + 8 + 15) & ~15
    }
}
