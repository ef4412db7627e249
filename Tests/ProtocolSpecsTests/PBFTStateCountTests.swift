import MessagePassing
import ModelChecking
import Testing

@testable import ProtocolSpecs

/// Exact state counts of the small PBFT configs, with and without symmetry. Any change to the rules,
/// the state or the symmetry shows up here first.
@Suite struct PBFTStateCountTests {
    /// (config name, model, distinct states without symmetry, with symmetry).
    static let cases: [(String, PBFT, Int, Int)] = [
        ("n4-f1-normal-case", SpecTestSupport.pbft(maxSequence: 2), 21_025, 2_003),
        ("n4-f1-view-change", SpecTestSupport.pbft(maxView: 1), 25_768, 6_578),
        ("n4-f1-checkpoints", SpecTestSupport.pbft(maxSequence: 2, checkpointInterval: 1, window: 1), 8_203, 839),
        ("n7-f2-normal-case", SpecTestSupport.pbft(n: 7, f: 2, byzantine: 2), 2_937, 69),
        ("n4-f1-correct-primary-view-change", SpecTestSupport.pbft(firstFaulty: 3, maxView: 1), 11_808, 5_914),
    ]

    /// Options that check every invariant (and no reachability target).
    static func invariantsOnly(_ system: PBFT, _ options: CheckerOptions = .init().threads(2)) -> CheckerOptions {
        var options = options
        options.selectedProperties = Set(system.properties.filter { $0.expectation == .always }.map(\.name))
        return options
    }

    @Test(arguments: cases.indices)
    func pinnedCounts(index: Int) {
        let (name, system, plain, reduced) = Self.cases[index]
        let full = Checker(system, options: Self.invariantsOnly(system)).run()
        #expect(full.outcome == .holds, "\(name)")
        #expect(full.statistics.distinctStates == plain, "\(name) without symmetry")
        let symmetric = Checker(system, options: Self.invariantsOnly(system, .init().threads(2).symmetry())).run()
        #expect(symmetric.outcome == .holds, "\(name)")
        #expect(symmetric.statistics.distinctStates == reduced, "\(name) with symmetry")
    }

    @Test func countsDoNotDependOnThreadsOrStore() {
        let system = SpecTestSupport.pbft(maxView: 1)
        let one = Checker(system, options: .init().threads(1).symmetry()).run().statistics
        let exact = Checker(system, options: .init().threads(2).symmetry().exact()).run().statistics
        let depthFirst = Checker(system, options: .init().symmetry().strategy(.depthFirst)).run().statistics
        #expect(one.distinctStates == 6_578 && exact.distinctStates == 6_578 && depthFirst.distinctStates == 6_578)
    }

    @Test func everyKindOfStepFiresWithCheckpointsAndAViewChange() {
        // The smallest config with both: every action kind is exercised (no dead rule).
        let system = SpecTestSupport.pbft(maxView: 1, maxSequence: 1, checkpointInterval: 1)
        let result = Checker(system, options: .init().threads(2).symmetry()).run()
        #expect(result.outcome == .holds)
        #expect(result.statistics.neverFired.isEmpty, "never fired: \(result.statistics.neverFired)")
        #expect(result.witnesses["ViewChangeCompleted"] != nil && result.witnesses["CheckpointStable"] != nil)
    }

    @Test func aCrashedPrimaryOrdersNothingWithoutAViewChange() {
        let system = SpecTestSupport.pbft(byzantine: 0, crashed: 1)
        let result = Checker(system, options: .init().threads(2)).run()
        #expect(result.statistics.distinctStates == 1)
        #expect(result.outcome == .violated)  // RequestExecuted is never reached
        #expect(result.violations.map(\.property).contains("RequestExecuted"))
    }
}
