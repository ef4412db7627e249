/// Totals over spec-driven runs (`SpecDrivenRun.Outcome`s), as `bftcheck faults spec-driven` prints
/// them and the tests check them.
public struct SpecDrivenTotals: Sendable, Equatable, CustomStringConvertible {
    /// Runs added.
    public var runs = 0
    /// Stimuli of their schedules.
    public var stimuli = 0
    /// Deliveries matched to a message the replica sent.
    public var deliveries = 0
    /// Deliveries with no such message (skipped).
    public var unmatchedDeliveries = 0
    /// A Byzantine replica's messages made into the replica's and delivered.
    public var byzantineMessages = 0
    /// Timeouts applied to a running view-change timer.
    public var timeouts = 0
    /// Runs in which some replica moved past view 0.
    public var runsWithViewChange = 0
    /// The highest sequence number some replica executed, over all runs.
    public var highestExecuted: UInt64 = 0
    /// Replica trace events the validator accepted.
    public var replicaEventsValidated = 0

    /// No runs yet.
    public init() {}

    /// Adds `outcome`.
    public mutating func add(_ outcome: SpecDrivenRun.Outcome) {
        runs += 1
        stimuli += outcome.stimuli
        deliveries += outcome.deliveries
        unmatchedDeliveries += outcome.unmatchedDeliveries
        byzantineMessages += outcome.byzantineDeliveries
        timeouts += outcome.timeouts
        replicaEventsValidated += outcome.validation?.events ?? 0
        if outcome.highestView > 0 { runsWithViewChange += 1 }
        highestExecuted = max(highestExecuted, outcome.highestExecuted)
    }

    /// E.g. `4649 stimuli, 2229 deliveries matched (366 unmatched), …`.
    public var description: String {
        "\(stimuli) stimuli, \(deliveries) deliveries matched (\(unmatchedDeliveries) unmatched), \(byzantineMessages) Byzantine messages, "
            + "\(timeouts) timeouts, \(runsWithViewChange) runs with a view change, highest sequence number executed \(highestExecuted), "
            + "\(replicaEventsValidated) replica events accepted by the validator"
    }
}
