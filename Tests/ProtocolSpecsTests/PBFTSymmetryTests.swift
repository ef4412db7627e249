import MessagePassing
import ModelChecking
import Testing

@testable import ProtocolSpecs

/// The symmetry reduction is sound and canonical: checked against brute force.
@Suite struct PBFTSymmetryTests {
    @Test func reducedCountIsTheNumberOfOrbits() {
        // Enumerate every reachable state without the checker, then count the orbits under all
        // permutations of the interchangeable replicas and of the requests.
        for (system, expectedStates, expectedOrbits) in [
            (SpecTestSupport.pbft(maxSequence: 2), 21_025, 2_003),
            (SpecTestSupport.pbft(maxView: 1), 25_768, 6_578),
        ] {
            let states = SpecTestSupport.reachable(system)
            #expect(states.count == expectedStates)
            let replicaPermutations = Permutations.all(of: system.interchangeable.count)
            let requestPermutations = Permutations.all(of: system.configuration.requestCount)
            var orbitKeys: Set<PBFTState> = []
            for state in states {
                // The orbit's least member under `isOrdered`, computed by brute force.
                var least = state
                for replicas in replicaPermutations {
                    for requests in requestPermutations {
                        let image = SpecTestSupport.permuted(state, in: system, replicas: replicas, requests: requests)
                        #expect(states.contains(image), "the reachable states are closed under the symmetry")
                        if system.isOrdered(image, before: least) { least = image }
                    }
                }
                #expect(system.canonicalRepresentative(of: state) == least)
                orbitKeys.insert(least)
            }
            #expect(orbitKeys.count == expectedOrbits)
        }
    }

    @Test func theRepresentativesEncodingIsTakenWithoutBuildingIt() {
        // `encodeRepresentative` encodes the canonical rows straight from its buffer: the same words
        // as encoding the representative state, on every reachable state (with and without a view
        // change, so NEWVIEW records are renamed too).
        for system in [SpecTestSupport.pbft(maxSequence: 2), SpecTestSupport.pbft(maxView: 1)] {
            for state in SpecTestSupport.reachable(system) {
                var encoder = StateEncoder()
                system.encodeRepresentative(of: state, into: &encoder)
                encoder.finish()
                #expect(encoder.words == system.canonicalRepresentative(of: state).encodedWords)
            }
        }
    }

    @Test func propertiesAreInvariantUnderTheSymmetry() {
        let system = SpecTestSupport.pbft(maxView: 1)
        let states = SpecTestSupport.reachable(system)
        for state in states.prefix(3_000) {
            let image = SpecTestSupport.permuted(state, in: system, replicas: [1, 0], requests: [1, 0])
            for property in system.properties {
                #expect(property.condition(state) == property.condition(image), "\(property.name)")
            }
        }
    }

    @Test func primariesAreNotInterchangeable() {
        #expect(SpecTestSupport.pbft(maxView: 0).interchangeable == [1, 2, 3])
        #expect(SpecTestSupport.pbft(maxView: 1).interchangeable == [2, 3])
        #expect(SpecTestSupport.pbft(firstFaulty: 3, maxView: 1).interchangeable == [2])
        #expect(SpecTestSupport.pbft(n: 7, f: 2, byzantine: 2, firstFaulty: 6, maxView: 1).interchangeable == [2, 3, 4, 5])
    }
}
