import FixtureModels
import ModelChecking
import Testing

/// Results must not depend on the thread count, the process, or the store.
@Suite struct DeterminismTests {
    @Test func fingerprintsAreStableAcrossProcesses() {
        // Pinned values: a change here changes every fingerprint and must be deliberate.
        var encoder = StateEncoder()
        encoder.append(42, bits: 8)
        encoder.append(true)
        encoder.finish()
        #expect(encoder.words == [42 | 1 << 8])
        #expect(encoder.fingerprint == Fingerprint.of([298]))
        #expect(Fingerprint.of([]) == 11_051_921_982_629_757_735)
        #expect(Fingerprint.of([1, 2, 3]) == 5_577_893_243_736_870_659)
    }

    @Test func bitPackingCrossesWordBoundaries() {
        var encoder = StateEncoder()
        encoder.append(UInt64(0x3f), bits: 60)
        encoder.append(UInt64(0b1011), bits: 4)
        encoder.append(UInt64(0xabc), bits: 12)
        encoder.append(UInt64.max)
        encoder.finish()
        #expect(encoder.words == [0x3f | 0b1011 << 60, 0xabc | (UInt64.max << 12), UInt64.max >> 52])
    }

    /// `append(words:)` gives the same words as appending each word alone, after any number of
    /// pending bits (0: aligned; 1, 23, 63: carried across every word) and across a growth of the
    /// encoder's storage.
    @Test(arguments: [0, 1, 23, 63])
    func appendingWordsMatchesAppendingOneByOne(offset: Int) {
        let words: [UInt64] = (0..<40).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64.max >> UInt64($0 % 64) }
        var one = StateEncoder(capacity: 0)
        var bulk = StateEncoder(capacity: 0)
        if offset > 0 {
            one.append(UInt64(1) << UInt64(offset - 1), bits: offset)
            bulk.append(UInt64(1) << UInt64(offset - 1), bits: offset)
        }
        for word in words { one.append(word) }
        words.withUnsafeBufferPointer { bulk.append(words: $0) }
        one.append(0b101, bits: 3)
        bulk.append(0b101, bits: 3)
        one.finish()
        bulk.finish()
        #expect(bulk.words == one.words)
        #expect(bulk.words.count == (offset + 40 * 64 + 3 + 63) / 64)
        #expect(bulk.fingerprint == one.fingerprint)
    }

    @Test(arguments: [1, 2, 3])
    func threadCountsAgreeOnCounts(threads: Int) {
        let counters = Checker(Counters(counters: 6, limit: 6), options: .init().threads(threads)).run()
        #expect(counters.statistics.distinctStates == 46_656)
        // Each counter has an increment in 5 of its 6 values and a reset in 5: 6 × 46,656 × 10/6.
        #expect(counters.statistics.transitions == 466_560)
        let twoPhase = Checker(TwoPhaseCommit(managers: 7), options: .init().threads(threads).symmetry()).run()
        #expect(twoPhase.statistics.distinctStates == 920)
    }

    @Test func threadCountsAgreeOnTheCounterexample() {
        let system = LockMutex(processes: 6, seededBug: true)
        let traces = [1, 2, 3].map { threads in
            Checker(system, options: .init().threads(threads)).run().violations[0].trace!
        }
        for trace in traces.dropFirst() {
            #expect(trace.states == traces[0].states)
            #expect(trace.steps.map(\.action) == traces[0].steps.map(\.action))
        }
        #expect(traces[0].steps.map(\.action.description) == ["test(0)", "test(1)", "enter(0)", "enter(1)"])
    }

    @Test func parentLinksSurviveLevelsOfManyChunks() {
        // Levels of several thousand states span several chunks, each with its own parent-link
        // segment; with 3 and 4 threads, workers also steal chunks behind the ones they routed and
        // must forget their recent fingerprints. The witness must still replay to its target, and be
        // the same whatever the thread count.
        let system = Counters(counters: 6, limit: 6)
        let traces = [1, 2, 3, 4].map { Checker(system, options: .init().threads($0)).run().witnesses["AllAtTop"]! }
        #expect(traces[0].steps.count == 30)
        #expect(traces[0].finalState.values == Array(repeating: 5, count: 6))
        for trace in traces.dropFirst() { #expect(trace.states == traces[0].states) }
        var state = traces[0].initialState
        for step in traces[0].steps {
            #expect(system.successor(of: state, taking: step.action) == step.state)
            state = step.state
        }
    }

    @Test func witnessesAreShortestAndThreadIndependent() {
        let one = Checker(Counters(counters: 5, limit: 6), options: .init().threads(1)).run()
        let two = Checker(Counters(counters: 5, limit: 6), options: .init().threads(2)).run()
        #expect(one.witnesses["AllAtTop"]!.steps.count == 25)
        #expect(one.witnesses["AllAtTop"]!.states == two.witnesses["AllAtTop"]!.states)
    }
}
