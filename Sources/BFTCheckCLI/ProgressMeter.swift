import Foundation

/// Progress lines for long runs on stderr: at most one per interval, none for a run shorter than
/// that, each with the work done and the rate since the start.
struct ProgressMeter {
    /// Seconds between lines.
    let interval: Double
    private let elapsed: () -> Double
    private let emit: (String) -> Void
    private var lastLine: Double = 0

    /// A meter that reads the time from `elapsed` (seconds since the work began) and hands each line
    /// to `emit`.
    init(interval: Double = 1, elapsed: @escaping () -> Double, emit: @escaping (String) -> Void) {
        self.interval = interval
        self.elapsed = elapsed
        self.emit = emit
    }

    /// A meter on the wall clock, writing to stderr.
    static func onStandardError(interval: Double = 1) -> ProgressMeter {
        let started = ContinuousClock.now
        return ProgressMeter(
            interval: interval,
            elapsed: { (ContinuousClock.now - started) / .seconds(1) },
            emit: { Terminal.note($0) })
    }

    /// Emits the line `line` makes of the seconds since the start, if a line is due.
    mutating func report(_ line: (_ seconds: Double) -> String) {
        let now = elapsed()
        guard now - lastLine >= interval else { return }
        lastLine = now
        emit(line(now))
    }

    /// Reports `events` judged in `runs` runs so far, if a line is due.
    mutating func record(events: Int, runs: Int) {
        report { now in
            String(
                format: "conform: %d events judged in %d run%@, %.0f events/s", events, runs, runs == 1 ? "" : "s",
                now > 0 ? Double(events) / now : 0)
        }
    }
}
