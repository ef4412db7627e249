import Dispatch
import Synchronization

/// Runs async work (SwiftNIO nodes, clients) to completion from a synchronous command's `run()`: the
/// commands are synchronous because `BFTCheck.execute` is.
enum BlockingTask {
    /// The value `body` returns, or the error it throws, once it has finished.
    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0! }.get()
    }
}
