internal import CZ3
import Dispatch
import Foundation

/// Interrupts one Z3 check from another thread when a wall-clock limit expires (`Z3_interrupt`).
///
/// The initializer schedules the interrupt; `disarm()`, called when the check has returned and before
/// the context can be released, makes sure the interrupt never reaches a finished check or a freed
/// context. `Z3_interrupt` only raises the context's cancellation flag, which is safe from any thread.
final class Z3Watchdog: @unchecked Sendable {
    // Both guarded by `lock`.
    private let lock = NSLock()
    private var target: Z3_context?
    private var fired = false

    /// Starts a watchdog that interrupts `context` after `limit`.
    init(context: Z3Context, limit: Duration) {
        target = context.raw
        let (seconds, attoseconds) = limit.components
        let nanoseconds = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let sum = nanoseconds.partialValue.addingReportingOverflow(attoseconds / 1_000_000_000)
        let total = nanoseconds.overflow || sum.overflow ? Int64.max : sum.partialValue
        let deadline = DispatchTime.now() + .nanoseconds(Int(clamping: max(1, total)))
        DispatchQueue.global().asyncAfter(deadline: deadline) { [self] in
            lock.lock()
            defer { lock.unlock() }
            guard let target else { return }
            fired = true
            Z3_interrupt(target)
        }
    }

    /// Stops the watchdog; returns whether it interrupted the check.
    func disarm() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        target = nil
        return fired
    }
}
