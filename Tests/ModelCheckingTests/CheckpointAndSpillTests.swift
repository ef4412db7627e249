import FixtureModels
import Foundation
import ModelChecking
import Testing

/// Six counters below 5 (15,625 states, 25 levels, up to about 2,000 states a level) with an optional
/// invariant on their sum, so that a run has several chunks a level, a witness at depth 24 and, with
/// the invariant, a shortest counterexample deep in the search.
struct DeepCounters: TransitionSystem {
    let base = Counters(counters: 6, limit: 5)
    /// The invariant `sum < bound` (`nil`: no such invariant; the run holds).
    let sumBound: Int?

    var name: String { "deep-counters" }
    var initialStates: [Counters.State] { base.initialStates }
    func actions(in state: Counters.State, into actions: inout [Counters.Action]) { base.actions(in: state, into: &actions) }
    func successor(of state: Counters.State, taking action: Counters.Action) -> Counters.State? {
        base.successor(of: state, taking: action)
    }
    var properties: [Property<Counters.State>] {
        guard let sumBound else { return base.properties }
        return base.properties + [.always("SumBelow", "the counters sum to less than the bound") { $0.values.reduce(0, +) < sumBound }]
    }
    var actionKindNames: [String] { base.actionKindNames }
    func actionKind(of action: Counters.Action) -> Int { base.actionKind(of: action) }
    func canonicalRepresentative(of state: Counters.State) -> Counters.State { base.canonicalRepresentative(of: state) }
}

/// `DeepCounters` with the counters in an array: a state that is not plain data, so a checkpoint
/// stores its frontier as parent links (the resumed run replays them) and spill files hold JSON.
struct ArrayCounters: TransitionSystem {
    struct State: Hashable, Sendable, Codable, StateEncodable {
        var values: [Int]
        func encode(into encoder: inout StateEncoder) { for value in values { encoder.append(value, bits: 8) } }
    }

    let base = DeepCounters(sumBound: 20)
    /// What `memoryFootprint(of:)` says every state takes, when set; else the stride and the array.
    var declaredFootprint: Int? = nil
    var name: String { "array-counters" }
    func memoryFootprint(of state: State) -> Int {
        declaredFootprint ?? MemoryLayout<State>.stride + HeapFootprint.of(state.values)
    }
    var initialStates: [State] { base.initialStates.map { State(values: $0.values) } }
    func actions(in state: State, into actions: inout [Counters.Action]) {
        base.actions(in: Counters.State(values: state.values), into: &actions)
    }
    func successor(of state: State, taking action: Counters.Action) -> State? {
        base.successor(of: Counters.State(values: state.values), taking: action).map { State(values: $0.values) }
    }
    var properties: [Property<State>] {
        base.properties.map { property in
            let condition = property.condition
            return property.expectation == .always
                ? .always(property.name, property.summary) { condition(Counters.State(values: $0.values)) }
                : .sometimes(property.name, property.summary) { condition(Counters.State(values: $0.values)) }
        }
    }
    var actionKindNames: [String] { base.actionKindNames }
    func actionKind(of action: Counters.Action) -> Int { base.actionKind(of: action) }
}

/// Checkpoints, resumption and spilling (`StorageOptions`): a run stopped at level k and resumed, or
/// run under a memory budget that sends its frontier and parent log to disk, finds exactly what an
/// uninterrupted in-memory run finds — counts, verdict, coverage and the very same traces.
@Suite struct CheckpointAndSpillTests {
    /// Everything a run reports that must not depend on the disk: outcome, counts, coverage, and each
    /// trace as its actions and states.
    struct Summary: Equatable, CustomStringConvertible {
        var outcome: String
        var states: Int
        var transitions: Int
        var depth: Int
        var coverage: [Int]
        var traces: [String]

        init<System: TransitionSystem>(_ result: CheckResult<System>) {
            outcome = "\(result.outcome)"
            states = result.statistics.distinctStates
            transitions = result.statistics.transitions
            depth = result.statistics.maxDepth
            coverage = result.statistics.coverage.map(\.count)
            func render(_ name: String, _ trace: Trace<System>?) -> String {
                guard let trace else { return "\(name): none" }
                return "\(name): \(trace.initialState) " + trace.steps.map { "\($0.action) \($0.state)" }.joined(separator: " ")
            }
            traces =
                result.violations.map { render($0.property, $0.trace) }
                + result.witnesses.keys.sorted().map { render($0, result.witnesses[$0]) }
        }

        var description: String { "\(outcome) \(states) states \(transitions) transitions depth \(depth) \(traces)" }
    }

    static func scratch(_ name: String) -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("bftcheck-checkpoint-tests-\(name)-\(getpid())")
        try? FileManager.default.removeItem(atPath: path)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func options(threads: Int, exact: Bool = false) -> CheckerOptions {
        CheckerOptions().threads(threads).exact(exact)
    }

    static let identity = CheckpointIdentity(model: "deep-counters", parameters: ["counters=6", "limit=5"], configHash: "0123")

    @Test(arguments: [nil, 20] as [Int?])
    func uninterruptedRunsArePinned(sumBound: Int?) throws {
        let result = Checker(DeepCounters(sumBound: sumBound), options: Self.options(threads: 2)).run()
        if sumBound == nil {
            #expect(result.outcome == .holds)
            #expect(result.statistics.distinctStates == 15_625)
            #expect(result.witnesses["AllAtTop"]?.steps.count == 24)
        } else {
            #expect(result.outcome == .violated)
            #expect(result.violations.first?.trace?.steps.count == 20)
        }
    }

    /// The uninterrupted, in-memory, single-threaded runs, without and with the invariant.
    static let uninterrupted: [Int?: Summary] = Dictionary(
        uniqueKeysWithValues: ([nil, 20] as [Int?]).map {
            ($0, Summary(Checker(DeepCounters(sumBound: $0), options: options(threads: 1)).run()))
        })

    /// Stops at level `k` with a checkpoint (the depth limit), resumes with the other thread count and
    /// no limit, and compares with an uninterrupted run.
    @Test(arguments: [(1, 1), (2, 6), (1, 13), (2, 19)])
    func resumingAtLevelKEqualsAnUninterruptedRun(threads: Int, k: Int) throws {
        for sumBound in [nil, 20] as [Int?] {
            let system = DeepCounters(sumBound: sumBound)
            let expected = Self.uninterrupted[sumBound]!
            let directory = (Self.scratch("resume-\(threads)-\(k)") as NSString).appendingPathComponent("checkpoint")

            var first = Self.options(threads: threads)
            first.storage.checkpointDirectory = directory
            first.storage.checkpointEvery = 5
            first.storage.identity = Self.identity
            first.limits.maxDepth = k
            let stopped = try Checker(system, options: first).runReportingStorageErrors()
            #expect(stopped.outcome == .incomplete(reason: "depth limit of \(k) reached"))
            #expect(stopped.statistics.storage?.lastCheckpointDepth == k)
            #expect(FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("header.json")))

            var second = Self.options(threads: 3 - threads)
            second.storage.resumeDirectory = directory
            second.storage.identity = Self.identity
            let resumed = try Checker(system, options: second).runReportingStorageErrors()
            #expect(resumed.statistics.storage?.resumedFromDepth == k)
            #expect(Summary(resumed) == expected, "bound \(String(describing: sumBound))")
        }
    }

    @Test(arguments: [1, 2])
    func statesThatAreNotPlainDataResumeByReplayAndSpillAsJSON(threads: Int) throws {
        let system = ArrayCounters()
        let expected = Summary(Checker(system, options: Self.options(threads: 1)).run())
        #expect(expected.traces.first?.hasPrefix("SumBelow: State(values: [0, 0, 0, 0, 0, 0]) increment(0)") == true)
        let directory = (Self.scratch("replay-\(threads)") as NSString).appendingPathComponent("checkpoint")
        var options = Self.options(threads: threads)
        options.storage.checkpointDirectory = directory
        options.storage.checkpointEvery = 4
        options.storage.identity = Self.identity
        options.limits.maxDepth = 9
        _ = try Checker(system, options: options).runReportingStorageErrors()
        // Only the count: the frontier is replayed from trace.bin.
        let frontier = (directory as NSString).appendingPathComponent("frontier.bin")
        #expect(try Data(contentsOf: URL(fileURLWithPath: frontier)).count == 8)
        options.limits.maxDepth = nil
        options.storage.resumeDirectory = directory
        options.storage.memoryBudgetBytes = 4096
        options.storage.scratchDirectory = Self.scratch("replay-spill-\(threads)")
        let resumed = try Checker(system, options: options).runReportingStorageErrors()
        #expect(resumed.statistics.storage?.resumedFromDepth == 9)
        #expect((resumed.statistics.storage?.spilledBytes ?? 0) > 10_000)
        #expect(Summary(resumed) == expected)
    }

    /// The budget weighs frontier states by the system's `memoryFootprint(of:)`: the same run under the
    /// same 64 MiB budget stays in memory when states take about 100 bytes, and spills when the
    /// system says each takes a mebibyte.
    @Test func theBudgetWeighsStatesByTheirDeclaredFootprint() throws {
        var light = ArrayCounters()
        #expect(light.memoryFootprint(of: light.initialStates[0]) == 8 + 96)
        var options = Self.options(threads: 2)
        options.storage.memoryBudgetBytes = 64 << 20
        options.storage.scratchDirectory = Self.scratch("footprint")
        let expected = Summary(Checker(light, options: Self.options(threads: 2)).run())
        let kept = try Checker(light, options: options).runReportingStorageErrors()
        #expect(kept.statistics.storage?.spilledBytes == 0)
        #expect(Summary(kept) == expected)
        light.declaredFootprint = 1 << 20
        let spilled = try Checker(light, options: options).runReportingStorageErrors()
        #expect((spilled.statistics.storage?.spilledBytes ?? 0) > 10_000)
        #expect(Summary(spilled) == expected)
    }

    /// A raised `StopRequest` (what SIGINT raises in `bftcheck check`) ends every strategy as a limit
    /// does; a checkpointing breadth-first run writes its checkpoint at the level it stopped, and the
    /// resumed run finds what an uninterrupted one finds.
    @Test func aRaisedStopRequestEndsTheRunLikeALimitAndLeavesACheckpoint() throws {
        let system = ArrayCounters()
        let expected = Summary(Checker(system, options: Self.options(threads: 2)).run())
        let request = StopRequest(reason: "stopped by the test")
        #expect(!request.isRaised)
        #expect(request.raise() == false)
        #expect(request.raise() == true)
        var options = Self.options(threads: 2)
        options.stopRequest = request
        for strategy in [CheckerOptions.Strategy.breadthFirst, .depthFirst, .simulation] {
            var each = options
            each.strategy = strategy
            each.seed = 1
            #expect(Checker(system, options: each).run().outcome == .incomplete(reason: "stopped by the test"), "\(strategy)")
        }
        let directory = (Self.scratch("stop-request") as NSString).appendingPathComponent("checkpoint")
        options.storage.checkpointDirectory = directory
        options.storage.identity = Self.identity
        let stopped = try Checker(system, options: options).runReportingStorageErrors()
        #expect(stopped.outcome == .incomplete(reason: "stopped by the test"))
        #expect(stopped.statistics.storage?.lastCheckpointDepth == 0)
        options.stopRequest = nil
        options.storage.resumeDirectory = directory
        let resumed = try Checker(system, options: options).runReportingStorageErrors()
        #expect(Summary(resumed) == expected)
    }

    @Test func aResumedRunCanCheckpointIntoItsOwnDirectoryAndResumeAgain() throws {
        let system = DeepCounters(sumBound: nil)
        let expected = Self.uninterrupted[nil]!
        let directory = (Self.scratch("chain") as NSString).appendingPathComponent("checkpoint")
        var options = Self.options(threads: 2, exact: true)
        options.storage.checkpointDirectory = directory
        options.storage.checkpointEvery = 4
        options.storage.identity = Self.identity
        options.limits.maxDepth = 5
        _ = try Checker(system, options: options).runReportingStorageErrors()
        options.storage.resumeDirectory = directory
        options.limits.maxDepth = 11
        let middle = try Checker(system, options: options).runReportingStorageErrors()
        #expect(middle.statistics.storage?.resumedFromDepth == 5)
        #expect(middle.statistics.storage?.lastCheckpointDepth == 11)
        options.limits.maxDepth = nil
        #expect(Summary(try Checker(system, options: options).runReportingStorageErrors()) == expected)
    }

    @Test(arguments: [1, 2])
    func aTinyMemoryBudgetSpillsAndChangesNothing(threads: Int) throws {
        for sumBound in [nil, 20] as [Int?] {
            let system = DeepCounters(sumBound: sumBound)
            let expected = Self.uninterrupted[sumBound]!
            let scratch = Self.scratch("spill-\(threads)")
            var options = Self.options(threads: threads)
            options.storage.memoryBudgetBytes = 4096
            options.storage.scratchDirectory = scratch
            let spilled = try Checker(system, options: options).runReportingStorageErrors()
            #expect((spilled.statistics.storage?.spilledBytes ?? 0) > 100_000)
            #expect(Summary(spilled) == expected)
            // The segment files and their directory are gone.
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty)
        }
    }

    @Test func spillingAndCheckpointingTogetherResumeUnderABudget() throws {
        let system = DeepCounters(sumBound: 20)
        let expected = Self.uninterrupted[20]!
        let directory = (Self.scratch("both") as NSString).appendingPathComponent("checkpoint")
        var options = Self.options(threads: 2)
        options.storage.memoryBudgetBytes = 4096
        options.storage.checkpointDirectory = directory
        options.storage.checkpointEvery = 4
        options.storage.identity = Self.identity
        options.limits.maxStates = 3_000
        let stopped = try Checker(system, options: options).runReportingStorageErrors()
        #expect(stopped.outcome == .incomplete(reason: "state limit of 3000 reached"))
        options.limits.maxStates = nil
        options.storage.resumeDirectory = directory
        let resumed = try Checker(system, options: options).runReportingStorageErrors()
        #expect(resumed.statistics.storage?.resumedFromDepth == stopped.statistics.maxDepth)
        #expect(Summary(resumed) == expected)
    }

    @Test func aMismatchedResumeIsRefusedWithOneLine() throws {
        let system = DeepCounters(sumBound: nil)
        let directory = (Self.scratch("mismatch") as NSString).appendingPathComponent("checkpoint")
        var options = Self.options(threads: 1)
        options.storage.checkpointDirectory = directory
        options.storage.identity = Self.identity
        options.limits.maxDepth = 3
        _ = try Checker(system, options: options).runReportingStorageErrors()

        func refusal(_ change: (inout CheckerOptions) -> Void) -> String? {
            var resume = Self.options(threads: 1)
            resume.storage.resumeDirectory = directory
            resume.storage.identity = Self.identity
            change(&resume)
            do {
                _ = try Checker(system, options: resume).runReportingStorageErrors()
                return nil
            } catch { return error.description }
        }
        let symmetry = refusal { $0.usesSymmetry = true }
        #expect(symmetry == "checkpoint \(directory) does not match this run: symmetry is off there, on here")
        let exact = refusal { $0.usesExactStore = true }
        #expect(exact == "checkpoint \(directory) does not match this run: the seen-set is fingerprint there, exact here")
        let model = refusal { $0.storage.identity.parameters = ["counters=6", "limit=6"] }
        #expect(model?.contains("the parameters is counters=6 limit=5 there, counters=6 limit=6 here") == true)
        let properties = refusal { $0.selectedProperties = ["InRange"] }
        #expect(properties?.contains("the properties is AllAtTop,InRange there, InRange here") == true)
        for message in [symmetry, exact, model, properties] { #expect(message?.contains("\n") == false) }
        // A directory that holds something else is never replaced by a checkpoint.
        let occupied = Self.scratch("occupied")
        _ = FileManager.default.createFile(atPath: (occupied as NSString).appendingPathComponent("notes.txt"), contents: Data("keep".utf8))
        options.storage.checkpointDirectory = occupied
        #expect(throws: StorageError.self) { try Checker(system, options: options).runReportingStorageErrors() }
        #expect(FileManager.default.fileExists(atPath: (occupied as NSString).appendingPathComponent("notes.txt")))
        // The public pre-check the CLI uses says the same.
        var other = Self.options(threads: 1).symmetry()
        other.storage.resumeDirectory = directory
        #expect(throws: StorageError.self) {
            try Checkpoint.checkResumable(at: directory, identity: Self.identity, options: other)
        }
        #expect(throws: StorageError.self) {
            try Checkpoint.checkResumable(at: Self.scratch("empty"), identity: Self.identity, options: Self.options(threads: 1))
        }
    }

    @Test func aDamagedCheckpointIsRefused() throws {
        let system = DeepCounters(sumBound: nil)
        let directory = (Self.scratch("damaged") as NSString).appendingPathComponent("checkpoint")
        var options = Self.options(threads: 1)
        options.storage.checkpointDirectory = directory
        options.storage.identity = Self.identity
        options.limits.maxDepth = 6
        _ = try Checker(system, options: options).runReportingStorageErrors()
        let frontier = (directory as NSString).appendingPathComponent("frontier.bin")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: frontier))
        try bytes.dropLast(10).write(to: URL(fileURLWithPath: frontier))
        var resume = Self.options(threads: 1)
        resume.storage.resumeDirectory = directory
        resume.storage.identity = Self.identity
        #expect(throws: StorageError.self) { try Checker(system, options: resume).runReportingStorageErrors() }
        // `run()` reports it as an incomplete run rather than trapping.
        if case .incomplete(let reason) = Checker(system, options: resume).run().outcome {
            #expect(reason.hasPrefix("storage: checkpoint \(directory): frontier.bin has"))
        } else {
            Issue.record("a damaged checkpoint was resumed")
        }
    }
}
