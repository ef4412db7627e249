import MessagePassing
import ModelChecking
import Testing

@testable import ProtocolSpecs

/// The derived encoding: every reachable state of the pinned configs round-trips through it, no two
/// states share one, the state constraint comes from the declared ranges, and the layer works for a
/// protocol unlike broadcast (integers, replica sets, a timer, point-to-point messages to a learner).
@Suite struct DerivedEncodingTests {
    static let pinned: [(String, ReliableBroadcast, Int)] = [
        ("n4-f1-byzantine-sender", LayerTestSupport.broadcast(), 517),
        ("n4-f1-byzantine-replica", LayerTestSupport.broadcast(firstFaulty: 3), 297),
        ("n3-f1-bracha-thresholds", LayerTestSupport.broadcast(n: 3), 21),
        ("n3-f1-unsafe (every state, not only up to the violation)", LayerTestSupport.broadcast(n: 3, thresholds: .nMinusF), 165),
        ("variant-amplify-on-f (every state)", LayerTestSupport.broadcast(firstFaulty: 3, variant: .amplifyOnF), 2_125),
    ]

    @Test(arguments: pinned.indices)
    func everyReachableStateRoundTrips(index: Int) {
        let (name, spec, count) = Self.pinned[index]
        let system = LayerTestSupport.system(spec, symmetric: false)
        let states = LayerTestSupport.reachable(system)
        #expect(states.count == count, "\(name)")
        var encodings: Set<[UInt64]> = []
        for state in states {
            let words = system.encodedWords(of: state)
            #expect(system.decodedState(from: words) == state, "\(name)")
            encodings.insert(words)
        }
        // Injective: no two states merged.
        #expect(encodings.count == states.count, "\(name)")
    }

    /// The message codes a step keeps beside the network encode every reachable state exactly as
    /// codes made afresh from its messages (a state whose `sent` was set by hand), with and without
    /// symmetry; and a state stepped by a system without value symmetry (whose codes are coded for
    /// one permutation) encodes under one with it as a fresh state does.
    @Test(arguments: [false, true])
    func keptMessageCodesEncodeAsFreshOnes(symmetric: Bool) {
        let spec = LayerTestSupport.broadcast(firstFaulty: 3)
        let system = LayerTestSupport.system(spec, symmetric: symmetric)
        let other = LayerTestSupport.system(spec, symmetric: !symmetric)
        let states = LayerTestSupport.reachable(system)
        #expect(states.count == 297)
        var sentMessages = 0
        for state in states {
            var fresh = state
            fresh.sent = state.sent
            sentMessages += state.sent.count
            #expect(system.encodedWords(of: state) == system.encodedWords(of: fresh))
            for checker in [system, other] {
                var kept = StateEncoder()
                var made = StateEncoder()
                checker.encodeRepresentative(of: state, into: &kept)
                checker.encodeRepresentative(of: fresh, into: &made)
                kept.finish()
                made.finish()
                #expect(kept.words == made.words)
            }
        }
        #expect(sentMessages > states.count)
    }

    @Test func theEncodingIsAsCompactAsTheRangesSay() {
        let system = LayerTestSupport.system(LayerTestSupport.broadcast())
        // Three correct replicas of 8 bits each, one 0 bit closing each one's (empty) message list.
        #expect(system.encodedWords(of: system.initialStates[0]) == [0])
        let spec = LayerTestSupport.broadcast()
        var state = system.initialStates[0]
        let r1 = LayerTestSupport.system(spec).successor(
            of: state, taking: .receive(replica: ReplicaID(1), message: BroadcastMessage(.initial, BroadcastValue(1)), from: ReplicaID(0)))!
        state = r1
        // The Byzantine r0 is not encoded. r1: broadcast none (bits 0-1 = 00), echoed b (bits 2-3 =
        // code 2), readied none, delivered {}; then a 1 bit (bit 8: a message follows), ECHO (bits
        // 9-10 = 01), b (bit 11 = 1), the closing 0 bit; r2 and r3: 9 zero bits each.
        let expected: UInt64 = 1 << 11 | 1 << 9 | 1 << 8 | 0b10 << 2
        #expect(system.encodedWords(of: state) == [expected])
    }

    @Test func boundsComeFromTheConfigThroughTheDeclaredRanges() {
        // Rounds would go on forever; the declared range 0...2 of `round` is the state constraint.
        let system = try! MessagePassingSystem(RoundTally(replicas: 2, maxRound: 2))
        let result = Checker(system, options: .init().threads(2).limits(Limits(maxStates: 1_000))).run()
        #expect(result.outcome == .holds)
        // Per replica: round 0; round 1, the learner having heard nothing or round 1; round 2, the
        // learner having heard nothing, round 1 or round 2: 6 × 6.
        #expect(result.statistics.distinctStates == 36)
        #expect(result.statistics.neverFired.isEmpty)
        let states = LayerTestSupport.reachable(system)
        #expect(states.count == 36)
        for state in states { #expect(system.decodedState(from: system.encodedWords(of: state)) == state) }
        // One more round is outside the bounds, and says which field.
        let atBound = states.first { $0[ReplicaID(0)].round == 2 }!
        let beyond = system.successor(of: atBound, taking: .input(replica: ReplicaID(0), input: .tick))!
        #expect(!system.isWithinBounds(beyond))
        #expect(system.outOfBoundsField(in: beyond) == "r0.round: code 3 outside 0...2")
        #expect(system.replicaLayout.fields.map(\.name) == ["round", "heard", "lastRound"])
        // round 0...2: 2 bits; heard among 3 participants: 3 bits; lastRound: 3 keys × (none, 1, 2).
        #expect(system.replicaLayout.fields.map(\.bits) == [2, 3, 6])
        let learner = ReplicaID(2)
        let heardTwice = states.first { $0[learner].lastRound[ReplicaID(0)] == 2 && $0[learner].lastRound[ReplicaID(1)] == 1 }!
        #expect(heardTwice[learner].heard == ReplicaSet([ReplicaID(0), ReplicaID(1)]))
        let old = ProtocolStep<RoundTally>.receive(replica: learner, message: RoundTally.Message(round: 1), from: ReplicaID(0))
        #expect(system.reaction(to: old, in: heardTwice)?.refusal == .alreadyHeard(ReplicaID(0), round: 2))
    }

    @Test func anInitialStateOutsideTheBoundsIsAStartUpError() {
        var spec = RoundTally(replicas: 2, maxRound: 2)
        spec.firstRound = 3
        #expect(throws: LayoutError(field: "r0.round: code 3 outside 0...2", problem: "the initial state is outside the declared ranges")) {
            try MessagePassingSystem(spec)
        }
    }

    @Test func pointToPointMessagesReachOnlyTheirRecipients() {
        let system = try! MessagePassingSystem(RoundTally(replicas: 2, maxRound: 1))
        let learner = ReplicaID(2)
        for state in LayerTestSupport.reachable(system) {
            for action in system.actions(in: state) {
                if case .receive(let replica, _, _) = action { #expect(replica == learner) }
            }
        }
        let ticked = system.successor(of: system.initialStates[0], taking: .input(replica: ReplicaID(0), input: .tick))!
        #expect(system.inbox(of: learner, in: ticked).canReceive(RoundTally.Message(round: 1), from: ReplicaID(0)))
        #expect(!system.inbox(of: ReplicaID(1), in: ticked).canReceive(RoundTally.Message(round: 1), from: ReplicaID(0)))
        // The learner's tick is refused with its reason; a timer shows as a timer in charts.
        #expect(system.refusals(in: ticked).map(\.reason.description).contains("the learner has no rounds"))
        let events = system.chartEvents(of: .input(replica: ReplicaID(0), input: .tick), from: system.initialStates[0], to: ticked)
        #expect(events == [.note(over: "r0", text: "timer: tick"), .note(over: "r0", text: "ROUND(1) to {r2}")])
    }

    @Test func fieldVisitorsAgreeOnWidths() {
        #expect(FieldWidth.bits(forCodes: 1) == 0)
        #expect(FieldWidth.bits(forCodes: 2) == 1)
        #expect(FieldWidth.bits(forCodes: 3) == 2)
        #expect(FieldWidth.bits(forCodes: 4) == 2)
        #expect(FieldWidth.bits(forCodes: 5) == 3)
        #expect(FieldWidth.bits(forCodes: 27) == 5)
        var set = DenseSet<BroadcastValue>([BroadcastValue(3), BroadcastValue(1)])
        #expect(Array(set).map(\.index) == [1, 3] && set.count == 2)
        set.remove(BroadcastValue(1))
        #expect(set.description == "{d}")
    }
}
