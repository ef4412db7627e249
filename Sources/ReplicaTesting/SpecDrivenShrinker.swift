import ModelChecking
import Replica

/// Shrinks a schedule on which the replicas fail (`SpecDrivenRun.Outcome.holds` is false) to a
/// shorter one on which they fail the same way, to keep as a regression test.
///
/// The stimuli are the replicas' inputs, so any subsequence is a schedule: a delivery whose message
/// the replica has not sent is skipped, as the network may lose anything. Delta debugging
/// (`DeltaDebugging`, Zeller & Hildebrandt, IEEE TSE 28(2), 2002) removes chunks of stimuli while
/// the run still fails; the result is 1-minimal: without any one of its stimuli the failure is gone.
/// The same failure means the same kind: replicas executing different batches (agreement), or,
/// when they agree, traces the validator refuses. Deterministic: a run has no clock and no
/// randomness.
public struct SpecDrivenShrinker: Sendable {
    /// How a run fails.
    public enum Failure: String, Sendable {
        /// Two replicas executed different batches at one sequence number.
        case disagreement
        /// The replicas agree, but the validator refuses their traces.
        case nonconformance
    }

    /// What shrinking found.
    public struct Outcome: Sendable {
        /// The shrunk schedule; its `source` says what it was shrunk from.
        public var schedule: SpecSchedule
        /// The stimuli before shrinking.
        public var originalStimuli: Int
        /// Candidate schedules run.
        public var executions: Int
        /// Whether the budget ran out first (smaller, maybe not 1-minimal).
        public var budgetExhausted: Bool
        /// The shrunk schedule's run.
        public var run: SpecDrivenRun.Outcome
    }

    /// The replicas' configuration (`nil`: as each schedule says).
    public let configuration: ReplicaConfiguration?
    /// The most candidate schedules to run.
    public let maxExecutions: Int

    /// A shrinker running candidates on replicas configured with `configuration`.
    public init(configuration: ReplicaConfiguration? = nil, maxExecutions: Int = 2_000) {
        self.configuration = configuration
        self.maxExecutions = maxExecutions
    }

    /// How `outcome` fails, or `nil` when it holds.
    public static func failure(of outcome: SpecDrivenRun.Outcome) -> Failure? {
        if !outcome.disagreements.isEmpty { return .disagreement }
        return outcome.validation?.isConformant == true ? nil : .nonconformance
    }

    /// Shrinks `schedule`, on which the replicas fail.
    ///
    /// - Throws: `ConfigurationError` when the replicas refuse the schedule's parameters.
    /// - Precondition: the replicas fail on `schedule`.
    public func shrink(_ schedule: SpecSchedule) throws -> Outcome {
        let run = try SpecDrivenRun(schedule: schedule, configuration: configuration)
        let first = run.run()
        guard let failure = Self.failure(of: first) else { preconditionFailure("SpecDrivenShrinker: the schedule does not fail") }
        // A disagreement needs no validator to be seen: candidates skip it until the last run.
        let validating = failure == .nonconformance
        var current = schedule
        var executions = 0
        _ = DeltaDebugging.removeChunks(
            of: { current.stimuli }, budgetLeft: { executions < maxExecutions },
            accept: { stimuli in
                executions += 1
                var candidate = current
                candidate.stimuli = stimuli
                let outcome = SpecDrivenRun(schedule: candidate, checked: run.configuration).run(validating: validating)
                guard Self.failure(of: outcome) == failure else { return false }
                current = candidate
                return true
            })
        current.source =
            "\(schedule.source); shrunk (\(failure.rawValue)) from \(schedule.stimuli.count) to \(current.stimuli.count) stimuli"
        let last = SpecDrivenRun(schedule: current, checked: run.configuration).run()
        return Outcome(
            schedule: current, originalStimuli: schedule.stimuli.count, executions: executions,
            budgetExhausted: executions >= maxExecutions, run: last)
    }
}
