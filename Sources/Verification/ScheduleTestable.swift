import Foundation
import ModelChecking

/// A model that `bftcheck test` can run: `ErasedModel` for every system, reached from the catalogue's
/// type-erased entry by a dynamic cast.
protocol ScheduleTestable {
    /// Runs the schedule test `request` asks for, writes the shrunk counterexample, and reports.
    ///
    /// - Parameter progress: called after every walk with the walks and steps so far.
    func scheduleTest(_ request: ScheduleTestRequest, progress: (_ runs: Int, _ steps: Int) -> Void) throws -> TestReport
}
