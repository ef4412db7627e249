import ModelChecking
import Testing

@testable import ProtocolSpecs

/// The packed PBFT model's compact form (`PBFT.compactForm(of:)`), which a run spills its frontier in
/// and MPI ranks exchange (issue 13): every reachable state of the pinned configs comes back equal,
/// no two states share a form, and a spilling run finds what the run in memory finds.
@Suite struct PBFTCompactFormTests {
    /// Pinned configs plus one with checkpoints and a view change (NEWVIEW records with a nonzero
    /// min-s), each with its distinct-state count without symmetry.
    static let cases: [(String, PBFT, Int)] =
        PBFTStateCountTests.cases.map { ($0.0, $0.1, $0.2) } + [
            (
                "checkpoints and a view change",
                SpecTestSupport.pbft(maxView: 1, maxSequence: 2, requests: 1, checkpointInterval: 1, window: 1), 159_256
            )
        ]

    @Test(arguments: cases.indices)
    func everyReachableStateRoundTrips(index: Int) throws {
        let (name, system, count) = Self.cases[index]
        let states = SpecTestSupport.reachable(system)
        #expect(states.count == count, "\(name)")
        var forms = Set<[UInt64]>()
        var longest = 0
        for state in states {
            let words = try #require(system.compactForm(of: state))
            #expect(system.state(fromCompactForm: words) == state, "\(name): \(state)")
            forms.insert(words)
            longest = max(longest, words.count)
        }
        #expect(forms.count == states.count, "\(name): two states share a compact form")
        if index == Self.cases.count - 1 {
            // The last config reaches NEWVIEWs whose min-s is a stable checkpoint, not genesis.
            #expect(states.contains { state in state.newViews.contains { ($0?.checkpoint.number ?? 0) > 0 } })
        }
        // 119 bits a replica and at most 23 a view: n = 7 with one view needs 14 words, n = 4 with
        // two views needs 9.
        #expect(longest <= (system.replicaCount * 119 + system.configuration.maxView.number * 23 + 23 + 63) / 64, "\(name)")
    }

    /// The encoding, which `PBFTState.encode(into:)` packs into whole words before handing them over,
    /// is the field-by-field one fingerprints and compact forms have always used, on every reachable
    /// state and after 0 or 5 bits already pending in the encoder: a change here would change every
    /// fingerprint (and orphan checkpoints).
    @Test(arguments: cases.indices)
    func theEncodingIsTheFieldByFieldOne(index: Int) {
        let (name, system, _) = Self.cases[index]
        var mismatches = 0
        for state in SpecTestSupport.reachable(system) {
            for offset in [0, 5] {
                var reference = StateEncoder()
                var encoder = StateEncoder()
                if offset > 0 {
                    reference.append(0b10011, bits: offset)
                    encoder.append(0b10011, bits: offset)
                }
                for row in state.replicas {
                    reference.append(UInt64(row.view.number), bits: 2)
                    reference.append(row.isAwaitingNewView)
                    reference.append(UInt64(row.stableCheckpoint.number), bits: 3)
                    reference.append(row.hasConflictingCommit)
                    reference.append(row.ledger.word, bits: 16)
                    reference.append(row.prepares.word, bits: 64)
                    reference.append(UInt64(row.commits), bits: 16)
                    reference.append(row.viewChanges.word, bits: 16)
                }
                for record in state.newViews {
                    guard let record else {
                        reference.append(false)
                        continue
                    }
                    reference.append(true)
                    reference.append(UInt64(record.checkpoint.number), bits: 3)
                    reference.append(UInt64(record.lastSlot.number), bits: 3)
                    reference.append(record.checkpointState, bits: 16)
                }
                state.encode(into: &encoder)
                reference.finish()
                encoder.finish()
                if encoder.words != reference.words { mismatches += 1 }
            }
        }
        #expect(mismatches == 0, "\(name)")
    }

    /// The seen-set fingerprint (`PBFT.fingerprint(of:symmetric:scratch:)`, which hashes the rows'
    /// storage words instead of the encoding) follows the encoding on every reachable state, with and
    /// without symmetry: states with one canonical encoding get one fingerprint, and states with
    /// different encodings different ones; `TransitionSystem.seenSetKey` keeps the encoding's own
    /// fingerprint for exact stores.
    @Test(arguments: cases.indices)
    func theFingerprintFollowsTheEncoding(index: Int) {
        let (name, system, _) = Self.cases[index]
        let states = SpecTestSupport.reachable(system)
        for symmetric in [false, true] {
            var byEncoding: [[UInt64]: UInt64] = [:]
            var disagreements = 0
            var scratch = StateEncoder()
            var encoder = StateEncoder()
            for state in states {
                let fingerprint = system.fingerprint(of: state, symmetric: symmetric, scratch: &scratch)
                #expect(system.seenSetKey(of: state, symmetric: symmetric, exact: false, encoder: &scratch) == fingerprint)
                system.encodeCanonically(state, symmetric: symmetric, into: &encoder)
                let words = encoder.words
                #expect(system.seenSetKey(of: state, symmetric: symmetric, exact: true, encoder: &scratch) == Fingerprint.of(words))
                if let known = byEncoding[words] {
                    if known != fingerprint { disagreements += 1 }
                } else {
                    byEncoding[words] = fingerprint
                }
            }
            #expect(disagreements == 0, "\(name), symmetric \(symmetric): one encoding, two fingerprints")
            #expect(Set(byEncoding.values).count == byEncoding.count, "\(name), symmetric \(symmetric): two encodings, one fingerprint")
            if symmetric { #expect(byEncoding.count < states.count, "\(name): symmetry merged no states") }
        }
    }

    /// A state holds no heap block: the memory budget weighs it by its stride, ten 16-byte rows
    /// inline plus the NEWVIEW words and the two counts, whatever n and the views.
    @Test func aStateIsItsStride() {
        for system in [SpecTestSupport.pbft(maxView: 1), SpecTestSupport.pbft(maxView: 0)] {
            #expect(system.memoryFootprint(of: system.initialStates[0]) == 192)
        }
        #expect(MemoryLayout<PBFTState>.stride == 192)
    }

    /// `pbft` under a 4 KiB budget spills its compact form, not JSON, and changes nothing.
    @Test func aTinyBudgetSpillsCompactFormsAndChangesNothing() throws {
        let config = "Specs/pbft/n4-f1-view-change.cfg"
        let plain = try LayerSpillTests.check(config, model: "pbft", spilling: false)
        let spilled = try LayerSpillTests.check(config, model: "pbft", spilling: true)
        #expect(spilled.outcome == plain.outcome)
        #expect(spilled.statistics.distinctStates == 6_578)
        #expect(spilled.statistics.distinctStates == plain.statistics.distinctStates)
        #expect(spilled.statistics.transitions == plain.statistics.transitions)
        #expect(spilled.statistics.maxDepth == plain.statistics.maxDepth)
        #expect(spilled.witnesses.map { "\($0.property):\($0.depth)" } == plain.witnesses.map { "\($0.property):\($0.depth)" })
        let bytes = spilled.statistics.storage?.spilledBytes ?? 0
        #expect(bytes > 0)
        // A word count and at most nine words a state; JSON took about 860 bytes.
        #expect(bytes <= 76 * spilled.statistics.distinctStates, "\(bytes) bytes spilled for \(spilled.statistics.distinctStates) states")
    }
}
