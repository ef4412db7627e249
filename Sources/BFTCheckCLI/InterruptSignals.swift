import Dispatch
import Foundation
import ModelChecking

/// SIGINT and SIGTERM for a long `bftcheck check`: the first raises a `StopRequest`, so the run ends
/// as a limit ends it (exit 3, its summary and `--json` result; with `--checkpoint`, at the end of
/// the current level with a checkpoint that `--resume` continues; spill files removed); a second one
/// ends the process at once with the signal's usual status (128 + its number).
final class InterruptSignals {
    /// The request the signals raise.
    let request = StopRequest(reason: "interrupted by a signal (SIGINT or SIGTERM)")
    private let sources: [any DispatchSourceSignal]

    /// Takes over SIGINT and SIGTERM until `release()`. `checkpointing`: whether the run writes
    /// checkpoints, which decides what the note on stderr promises.
    init(checkpointing: Bool) {
        let request = request
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if request.raise() {
                    signal(number, SIG_DFL)
                    raise(number)
                    return
                }
                Terminal.note(
                    checkpointing
                        ? "bftcheck: interrupted: stopping at the end of this level with a checkpoint (again: stop at once)"
                        : "bftcheck: interrupted: stopping (again: stop at once)")
            }
            source.resume()
            return source
        }
    }

    /// Gives SIGINT and SIGTERM back their default actions.
    func release() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
