/// The complement pass of delta debugging (Zeller & Hildebrandt, "Simplifying and isolating
/// failure-inducing input", IEEE TSE 28(2), 2002), for any sequence whose candidates the caller
/// executes: split the current sequence into `n` chunks, try it without each chunk, keep the first
/// candidate the caller accepts (`n ← max(n − 1, 2)`), else double `n`; at `n = length` every single
/// element is tried, so what is left is 1-minimal for the caller's test.
///
/// `ScheduleShrinker` runs it over a spec schedule's actions, `ReplicaTesting`'s shrinker over the
/// stimuli that drive the replica.
public enum DeltaDebugging {
    /// Removes chunks from the current sequence until no single removal is accepted or the budget is
    /// spent.
    ///
    /// - Parameters:
    ///   - current: the sequence now (it changes when `accept` keeps a candidate).
    ///   - budgetLeft: whether another candidate may be executed.
    ///   - accept: executes a candidate; returns whether it was kept as the new current sequence.
    /// - Returns: whether any candidate was kept.
    public static func removeChunks<Element>(
        of current: () -> [Element], budgetLeft: () -> Bool, accept: ([Element]) -> Bool
    ) -> Bool {
        var progressed = false
        var chunks = 2
        while budgetLeft() {
            let elements = current()
            let length = elements.count
            guard length >= 1 else { break }
            let size = (length + chunks - 1) / chunks
            var reduced = false
            var start = 0
            while start < length && budgetLeft() {
                if accept(Array(elements[..<start] + elements[min(start + size, length)...])) {
                    reduced = true
                    break
                }
                start += size
            }
            if reduced {
                progressed = true
                chunks = max(chunks - 1, 2)
            } else {
                if chunks >= length { break }
                chunks = min(chunks * 2, length)
            }
        }
        return progressed
    }
}
