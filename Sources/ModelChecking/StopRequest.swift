import Atomics

/// A request to end a run early, raised from any thread: `bftcheck check` raises it on SIGINT or
/// SIGTERM, in the manner of TLC, whose interrupted runs can still be recovered from their last
/// checkpoint. A run sees it as it sees a time limit (`CheckerOptions.stopRequest`): outcome
/// `.incomplete` with this request's reason; a breadth-first run writing checkpoints stops at the end
/// of the current level and writes one there, so `--resume` continues it.
public final class StopRequest: Sendable {
    /// Why the run was stopped, as the run reports it (e.g. "interrupted by SIGINT").
    public let reason: String
    private let raised = ManagedAtomic<Bool>(false)

    /// A request, not yet raised, that will report `reason`.
    public init(reason: String) { self.reason = reason }

    /// Raises the request; returns whether it was already raised.
    @discardableResult
    public func raise() -> Bool { raised.exchange(true, ordering: .relaxed) }

    /// Whether the request was raised.
    public var isRaised: Bool { raised.load(ordering: .relaxed) }
}
