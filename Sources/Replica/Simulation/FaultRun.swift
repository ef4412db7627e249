/// One run of a `FaultScenario`: simulated until every client is done (or a limit), then settled for two
/// simulated seconds so that messages in flight arrive and pending crashes and restarts happen, then
/// checked for lost requests. `verdict(traces:)` turns it into the scenario's `FaultVerdict`; judging
/// the traces is the caller's part (the generic trace validator lives in `Conformance`, which this
/// module never imports).
public struct FaultRun: Sendable {
    /// The scenario.
    public let scenario: FaultScenario
    /// The simulated run it made.
    public let simulation: SimulationScenario
    /// What the run did, with the simulator's own violations.
    public let outcome: SimulationOutcome
    /// Committed requests lost: each a sentence (empty when none was).
    public let lostRequests: [String]
    /// Correct replicas still running at the end.
    public let runningCorrectReplicas: Int
    /// Of those, how many executed through the highest sequence number any of them executed.
    public let upToDateReplicas: Int
    /// The simulator, kept for its trace files.
    let simulator: ClusterSimulator

    /// Simulates `scenario` with n = `replicas`, the given seed and requests per client, settles and checks.
    ///
    /// - Throws: `ConfigurationError` for parameters the scenario cannot run with.
    public init(_ scenario: FaultScenario, replicas: Int = 4, seed: UInt64, requestsPerClient: Int = 8) throws(ConfigurationError) {
        try self.init(scenario, simulation: try scenario.simulation(replicas: replicas, seed: seed, requestsPerClient: requestsPerClient))
    }

    /// Runs `simulation` as `scenario`'s run (tests give a variant of the scenario's own simulation).
    ///
    /// - Throws: `ConfigurationError` when the simulator refuses the simulation.
    init(_ scenario: FaultScenario, simulation: SimulationScenario) throws(ConfigurationError) {
        self.scenario = scenario
        self.simulation = simulation
        var simulator = try ClusterSimulator(scenario: simulation)
        _ = simulator.run()
        outcome = simulator.settle(for: .seconds(2))
        (lostRequests, runningCorrectReplicas, upToDateReplicas) = Self.lostRequests(in: simulator)
        self.simulator = simulator
    }

    /// The committed requests `simulator`'s run lost: every correct replica still running that executed
    /// through the highest sequence number any of them did must hold every request its client completed
    /// (counter i of client c reaches at least c's completed count), none that was never submitted, and
    /// the same state as the others.
    ///
    /// - Returns: the problems as sentences, the correct replicas running, and how many of them are up to
    ///   date.
    static func lostRequests(in simulator: ClusterSimulator) -> (problems: [String], running: Int, upToDate: Int) {
        let running = simulator.replicas.filter { simulator.isCorrect($0.id) && !simulator.stopped.contains($0.id) }
        let highest = running.map(\.lastExecuted).max() ?? .genesis
        let upToDate = running.filter { $0.lastExecuted == highest }
        var problems: [String] = []
        for machine in upToDate {
            for index in simulator.clients.indices {
                let client = simulator.clients[index].id
                let counter = machine.service.counters[ClusterSimulator.counterName(of: client)] ?? 0
                if counter < UInt64(simulator.completed[index]) {
                    problems.append(
                        "\(machine.id) executed \(counter) of \(client)'s requests, but \(simulator.completed[index]) completed")
                }
                if counter > UInt64(simulator.submitted[index]) {
                    problems.append(
                        "\(machine.id) executed \(counter) of \(client)'s requests, but it submitted \(simulator.submitted[index])")
                }
            }
            if let first = upToDate.first, machine.service != first.service {
                problems.append("\(machine.id) and \(first.id) executed through \(highest) but hold different states")
            }
        }
        return (problems, running.count, upToDate.count)
    }

    /// How often the scenario's fault showed in the run (`FaultScenario.exerciseLabel` says what is
    /// counted): 0 means the fault did not take effect with these parameters.
    public var exercise: Int {
        switch scenario {
        case .backupCrashRestart, .walRestart: outcome.restarts
        case .primaryCrash: Int(clamping: outcome.highestView.number)
        case .equivocatingPrimary: outcome.conflictingPrePrepares
        case .forgedMessages: outcome.authenticationFailures
        case .silentReplica: outcome.withheldMessages
        case .delaysDropsPartition: outcome.partitionedMessages
        case .laggingReplica: outcome.stateTransfers
        case .twins: outcome.twinContradictions
        }
    }

    /// The run's trace files (`ClusterSimulator.traceFiles()`): one per correct replica that ran.
    public var traceFiles: [(name: String, contents: String)] { simulator.traceFiles() }

    /// The scenario's verdict: the run's three checks, and `traces` — the judgement of `traceFiles`.
    public func verdict(traces: FaultVerdict.Check) -> FaultVerdict { FaultVerdict(run: self, traces: traces) }
}
