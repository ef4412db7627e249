import Foundation
import ModelChecking
import Testing

@testable import MessagePassing
@testable import ProtocolSpecs

/// Bracha's reliable broadcast on the message-passing layer: pinned state counts with and without
/// symmetry, the exact shortest counterexamples, the variant, and the reasons read off the guards.
@Suite struct ReliableBroadcastTests {
    /// (name, model, distinct states without symmetry, with symmetry) of the configs that hold.
    static let holding: [(String, ReliableBroadcast, Int, Int)] = [
        ("n4-f1-byzantine-sender", LayerTestSupport.broadcast(), 517, 61),
        ("n4-f1-byzantine-replica", LayerTestSupport.broadcast(firstFaulty: 3), 297, 86),
        ("n3-f1-bracha-thresholds", LayerTestSupport.broadcast(n: 3), 21, 8),
        ("n4-f1-byzantine-sender, 3 values", LayerTestSupport.broadcast(values: 3), 1_114, 62),
    ]

    @Test(arguments: holding.indices)
    func pinnedCounts(index: Int) {
        let (name, spec, plain, reduced) = Self.holding[index]
        for (symmetric, expected) in [(false, plain), (true, reduced)] {
            let system = LayerTestSupport.system(spec, symmetric: symmetric)
            let result = Checker(system, options: LayerTestSupport.invariantsOnly(system, .init().threads(2).symmetry(symmetric))).run()
            #expect(result.outcome == .holds, "\(name)")
            #expect(result.statistics.distinctStates == expected, "\(name), symmetry \(symmetric)")
        }
    }

    @Test func countsDoNotDependOnThreadsStoreOrStrategy() {
        let system = LayerTestSupport.system(LayerTestSupport.broadcast())
        let one = Checker(system, options: .init().threads(1).symmetry()).run().statistics
        let exact = Checker(system, options: .init().threads(2).symmetry().exact()).run().statistics
        let depthFirst = Checker(system, options: .init().symmetry().strategy(.depthFirst)).run().statistics
        #expect(one.distinctStates == 61 && exact.distinctStates == 61 && depthFirst.distinctStates == 61)
        #expect(Checker(system, options: .init().threads(2)).run().statistics.distinctStates == 517)
    }

    @Test func nEqualsThreeFWithNMinusFQuorumsBreaksAgreementInSixSteps() throws {
        for symmetric in [false, true] {
            let system = LayerTestSupport.system(LayerTestSupport.broadcast(n: 3, thresholds: .nMinusF), symmetric: symmetric)
            var options = CheckerOptions().threads(2).symmetry(symmetric)
            options.selectedProperties = ["Agreement"]
            let result = Checker(system, options: options).run()
            #expect(result.outcome == .violated)
            let trace = try #require(result.violations.first?.trace)
            #expect(result.violations.first?.property == "Agreement")
            #expect(
                trace.steps.map(\.action.description) == [
                    "r1: receive INITIAL(a) from r0", "r1: readyOnEchoes(a)", "r1: deliver(a)",
                    "r2: receive INITIAL(b) from r0", "r2: readyOnEchoes(b)", "r2: deliver(b)",
                ])
            #expect(result.statistics.distinctStates == (symmetric ? 47 : 165))
            // The trace is real: it replays step by step from the initial state.
            var state = system.initialStates[0]
            for step in trace.steps {
                #expect(system.actions(in: state).contains(step.action))
                state = try #require(system.successor(of: state, taking: step.action))
                #expect(state == step.state)
            }
        }
    }

    @Test func brachasThresholdsAreSafeForNEqualsThreeF() {
        // Two echo quorums of ⌈(n+f+1)/2⌉ meet in f + 1 replicas for every n: n = 3f is safe, only stuck.
        let system = LayerTestSupport.system(LayerTestSupport.broadcast(n: 3))
        let result = Checker(system, options: .init().threads(2)).run()
        #expect(result.outcome == .holds)
        #expect(result.witnesses["SomeoneDelivered"] != nil)
        // Every delivery needs the Byzantine sender's READY: 3 of 3.
        #expect(system.spec.deliveryQuorum == 3 && system.spec.echoQuorum == 3)
    }

    @Test func theVariantReplacesOneRuleAndBreaksValidity() throws {
        let spec = LayerTestSupport.broadcast(firstFaulty: 3, variant: .amplifyOnF)
        let system = LayerTestSupport.system(spec)
        let result = Checker(system, options: LayerTestSupport.invariantsOnly(system, .init().threads(2).symmetry())).run()
        #expect(result.violations.first?.property == "Validity")
        let trace = try #require(result.violations.first?.trace)
        #expect(trace.steps.map(\.action.description) == ["r0: readyOnReadies(a)", "r1: readyOnReadies(a)", "r0: deliver(a)"])
        #expect(result.statistics.distinctStates == 41)
        // The same first step is refused by the protocol as specified, with its reason.
        let specified = LayerTestSupport.system(LayerTestSupport.broadcast(firstFaulty: 3))
        let first = trace.steps[0].action
        #expect(
            specified.reaction(to: first, in: specified.initialStates[0])?.refusal == .tooFewReadies(BroadcastValue(0), have: 1, need: 2))
        #expect(system.reaction(to: first, in: system.initialStates[0])?.isFiring == true)
        // Only the replaced rule differs: every other stimulus reacts alike in every reachable state.
        for state in LayerTestSupport.reachable(specified).prefix(200) {
            let viaVariant = system.refusals(in: state).filter { $0.rule != .readyOnReadies }.map(\.reason)
            let asSpecified = specified.refusals(in: state).filter { $0.rule != .readyOnReadies }.map(\.reason)
            #expect(viaVariant == asSpecified)
        }
    }

    @Test func everyRuleFiresSomewhereAndAByzantineSenderLeavesBroadcastUnfired() {
        let correctSender = Checker(LayerTestSupport.system(LayerTestSupport.broadcast(firstFaulty: 3)), options: .init().threads(2)).run()
        #expect(correctSender.statistics.neverFired.isEmpty, "\(correctSender.statistics.neverFired)")
        #expect(correctSender.statistics.coverage.map(\.name) == ["broadcast", "echo", "readyOnEchoes", "readyOnReadies", "deliver"])
        let byzantineSender = Checker(LayerTestSupport.system(LayerTestSupport.broadcast()), options: .init().threads(2)).run()
        #expect(byzantineSender.statistics.neverFired == ["broadcast"])
    }

    @Test func guardsSayWhyTheyDoNotFire() {
        let system = LayerTestSupport.system(LayerTestSupport.broadcast(firstFaulty: 3))
        let initial = system.initialStates[0]
        let refusals = system.refusals(in: initial)
        let a = BroadcastValue(0)
        // r1 in the initial state: one READY(a) (the Byzantine r3's) of the 2 amplification needs and
        // the 3 delivery needs; one ECHO(a) of 3.
        let r1 = refusals.filter { $0.step.replica == ReplicaID(1) }.map(\.reason.description)
        #expect(r1.prefix(3) == ["1 of 3 ECHO(a)", "1 of 2 READY(a)", "1 of 3 READY(a)"])
        #expect(!refusals.contains { $0.rule == .broadcast })  // the correct sender may broadcast either value
        // Over every reachable state, why `deliver` did not fire, most frequent reason first.
        let states = LayerTestSupport.reachable(system)
        let reasons = system.reasons(why: .deliver, didNotFireOver: states)
        #expect(
            reasons.map(\.count).reduce(0, +)
                == states.reduce(0) { total, state in
                    total + system.refusals(in: state).filter { $0.rule == .deliver }.count
                })
        #expect(
            reasons.map { "\($0.reason): \($0.count)" } == [
                "already delivered a: 384", "already delivered b: 384", "1 of 3 READY(a): 279", "1 of 3 READY(b): 279",
                "2 of 3 READY(a): 36", "2 of 3 READY(b): 36",
            ])
        #expect(reasons.contains { $0.reason == .alreadyDelivered(a) })
        // A stimulus that is no stimulus at all: a receipt of a message nobody sent.
        let unsent = ProtocolStep<ReliableBroadcast>.receive(
            replica: ReplicaID(1), message: BroadcastMessage(.initial, a), from: ReplicaID(0))
        #expect(system.reaction(to: unsent, in: initial) == nil)
        #expect(system.successor(of: initial, taking: unsent) == nil)
    }

    @Test func theByzantineVocabularyIsOwnIdentityOnly() {
        let spec = LayerTestSupport.broadcast(firstFaulty: 3)
        // No INITIAL from a Byzantine non-sender; the Byzantine sender may send every kind.
        #expect(!spec.vocabulary(of: ReplicaID(3)).contains { $0.kind == .initial })
        #expect(LayerTestSupport.broadcast().vocabulary(of: ReplicaID(0)).count == 6)
        let system = LayerTestSupport.system(spec)
        let inbox = system.inbox(of: ReplicaID(1), in: system.initialStates[0])
        let readyA = BroadcastMessage(.ready, BroadcastValue(0))
        #expect(inbox.senders(of: readyA) == ReplicaSet([ReplicaID(3)]))
        #expect(inbox.canReceive(readyA, from: ReplicaID(3)) && !inbox.canReceive(readyA, from: ReplicaID(2)))
        #expect(inbox.support(of: readyA, among: ReplicaSet([ReplicaID(0), ReplicaID(1)])) == 0)
    }

    @Test func symmetryReducesToExactlyTheOrbits() {
        // Enumerate every state without symmetry, apply every permutation of the interchangeable
        // replicas and of the values by hand, and count the orbits.
        for (spec, states, orbits) in [(LayerTestSupport.broadcast(), 517, 61), (LayerTestSupport.broadcast(firstFaulty: 3), 297, 86)] {
            let system = LayerTestSupport.system(spec, symmetric: false)
            let reduced = LayerTestSupport.system(spec)
            let reachable = LayerTestSupport.reachable(system)
            #expect(reachable.count == states)
            let group = spec.interchangeableGroups[0].map(\.index)
            var representatives: Set<[UInt64]> = []
            // The checker's class encoding, built without a representative state.
            func classWords(_ state: MessagePassingState<ReliableBroadcast>) -> [UInt64] {
                var encoder = StateEncoder()
                reduced.encodeRepresentative(of: state, into: &encoder)
                encoder.finish()
                return encoder.words
            }
            var classEncodings: Set<[UInt64]> = []
            for state in reachable {
                let stateClass = classWords(state)
                classEncodings.insert(stateClass)
                var least: [UInt64]? = nil
                for replicas in Permutations.all(of: group.count) {
                    for values in 0..<spec.valuePermutationCount {
                        var renaming = Array(0..<spec.replicaCount)
                        for (position, target) in replicas.enumerated() { renaming[group[position]] = group[target] }
                        var image = state
                        for index in 0..<spec.replicaCount {
                            image.replicas[renaming[index]] = spec.permuting(state.replicas[index], by: values)
                        }
                        image.sent = state.sent.map {
                            Envelope(from: ReplicaID(renaming[$0.from.index]), message: spec.permuting($0.message, by: values))
                        }.sorted()
                        #expect(reachable.contains(image), "the reachable states are closed under the symmetry")
                        #expect(classWords(image) == stateClass, "every member of an orbit has the orbit's class encoding")
                        let words = system.encodedWords(of: image)
                        if least.map({ words.lexicographicallyPrecedes($0) }) ?? true { least = words }
                    }
                }
                representatives.insert(least!)
                // The canonicalizer maps the whole orbit to one member of it.
                #expect(
                    reduced.canonicalRepresentative(of: state)
                        == reduced.canonicalRepresentative(of: reduced.canonicalRepresentative(of: state)))
            }
            #expect(representatives.count == orbits)
            // Distinct orbits get distinct class encodings.
            #expect(classEncodings.count == orbits)
        }
    }

    @Test func statesReadAsPlainJSONAndRoundTrip() throws {
        let system = LayerTestSupport.system(LayerTestSupport.broadcast(n: 3, thresholds: .nMinusF))
        var options = CheckerOptions().threads(2)
        options.selectedProperties = ["Agreement"]
        let trace = try #require(Checker(system, options: options).run().violations.first?.trace)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(trace.finalState), as: UTF8.self)
        #expect(text.contains(#"{"delivered":["a"],"echoed":"a","readied":"a"}"#))
        #expect(
            text.contains(
                #""sent":{"r1":[{"kind":"ECHO","value":"a"},{"kind":"READY","value":"a"}],"r2":[{"kind":"ECHO","value":"b"},{"kind":"READY","value":"b"}]}"#
            ))
        var fallbackEncodings: Set<[UInt64]> = []
        for state in trace.states {
            let decoded = try JSONDecoder().decode(MessagePassingState<ReliableBroadcast>.self, from: try encoder.encode(state))
            #expect(decoded == state)
            // A decoded state has no system attached: it falls back to its canonical JSON bytes.
            var words = StateEncoder()
            decoded.encode(into: &words)
            words.finish()
            fallbackEncodings.insert(words.words)
        }
        #expect(fallbackEncodings.count == trace.states.count)
        let step = try JSONDecoder().decode(ProtocolStep<ReliableBroadcast>.self, from: try encoder.encode(trace.steps[0].action))
        #expect(step == trace.steps[0].action)
    }

    @Test func chartsShowTheEquivocation() throws {
        let system = LayerTestSupport.system(LayerTestSupport.broadcast(n: 3, thresholds: .nMinusF))
        var options = CheckerOptions().threads(2)
        options.selectedProperties = ["Agreement"]
        let trace = try #require(Checker(system, options: options).run().violations.first?.trace)
        let chart = system.mermaidSequenceDiagram(of: trace, violating: "Agreement")
        #expect(chart.contains("participant r0 as r0 (Byzantine)"))
        #expect(chart.contains("r0->>r1: 1. INITIAL(a)"))
        #expect(chart.contains("Note over r1: 1. ECHO(a) to all"))
        #expect(chart.contains("r0->>r1: 2. ECHO(a)"))
        #expect(chart.contains("r0->>r2: 4. INITIAL(b)"))
        #expect(chart.contains("r0->>r2: 6. READY(b)"))
        #expect(chart.contains("Note over r2: 6. deliver(b)"))
    }

    @Test func boundsThatDoNotFitTheDeclaredWidthsAreOneLineErrors() {
        // 27 values: BroadcastValue names 26 (a … z).
        #expect(throws: LayoutError.self) { try MessagePassingSystem(LayerTestSupport.broadcast(values: 27)) }
        do {
            _ = try MessagePassingSystem(LayerTestSupport.broadcast(values: 27))
        } catch {
            #expect(error.description == "field 'broadcast': the bounds need codes 0...26, but BroadcastValue holds only 26")
            #expect(!error.description.contains("\n"))
        }
        // 26 values fit, and widths follow the bounds: 26 values and "none" take 5 bits.
        let system = LayerTestSupport.system(LayerTestSupport.broadcast(values: 26))
        #expect(system.replicaLayout.fields.map(\.bits) == [5, 5, 5, 26])
        #expect(LayerTestSupport.system(LayerTestSupport.broadcast()).replicaLayout.fields.map(\.bits) == [2, 2, 2, 2])
        #expect(LayerTestSupport.system(LayerTestSupport.broadcast()).messageLayout.bits == 3)
    }
}
