import MessagePassing
import ModelChecking
import Testing

@testable import ProtocolSpecs

/// The layer port's bounds are its config's: the derived encoding takes what they need, so configs
/// past the packed `pbft`'s capacity (sequence numbers 1…4, 4 requests, views 0…3) are checked
/// exactly — every reachable state round-trips through an encoding of its own — and a config whose
/// Byzantine vocabulary could not be enumerated is refused up front, naming the parameter.
@Suite struct PBFTLayerBoundsTests {
    static func spec(_ overrides: [String: String]) throws(ParameterProblem) -> PBFTLayer {
        var values: [String: String] = ["replicas": "4", "f": "1", "byzantine": "0"]
        for parameter in PBFTLayer.parameters where parameter.defaultValue != nil { values[parameter.name] = parameter.defaultValue }
        for (key, value) in overrides { values[key] = value }
        return try PBFTLayer(arguments: ProtocolArguments(values: values))
    }

    static func range(_ parameters: [ProtocolParameter], _ name: String) -> ClosedRange<Int>? {
        guard case .integer(let range)? = parameters.first(where: { $0.name == name })?.kind else { return nil }
        return range
    }

    @Test func sixSlotsWithCheckpointsEveryThreeAreCheckedExactly() throws {
        // One replica keeps the state space small while every slot, checkpoint and window move is taken.
        let spec = try Self.spec([
            "replicas": "1", "f": "0", "byzantine": "0", "max_seq": "6", "requests": "6", "checkpoint_interval": "3", "window": "4",
        ])
        let system = try MessagePassingSystem(spec, reducingReplicas: false, reducingValues: false)
        let states = SpecTestSupport.reachable(system)
        var encodings = Set<[UInt64]>()
        var deepest = 0
        for state in states {
            let words = system.encodedWords(of: state)
            #expect(system.decodedState(from: words) == state)
            encodings.insert(words)
            for replica in 0..<1 { deepest = max(deepest, state.replicas[replica].stableCheckpoint.number) }
        }
        #expect(encodings.count == states.count)
        // Checkpoints past the packed model's last sequence number become stable.
        #expect(deepest == 6)
        #expect(states.count == 60_529)
    }

    @Test func theLimitsAreTheLayersNotThePackedModels() {
        #expect(Self.range(PBFTLayer.parameters, "max_seq") == 1...16)
        #expect(Self.range(PBFTLayer.parameters(within: .packed), "max_seq") == 1...4)
        #expect(Self.range(PBFTLayer.parameters, "requests") == 1...8)
        #expect(throws: ParameterProblem.self) { try Self.spec(["max_seq": "17"]) }
    }

    @Test func anUnenumerableVocabularyIsRefusedNamingItsParameter() {
        do {
            _ = try Self.spec([
                "replicas": "4", "f": "1", "byzantine": "1", "max_view": "3", "max_seq": "12", "requests": "6", "checkpoint_interval": "3",
            ])
            Issue.record("a vocabulary of billions of messages was accepted")
        } catch {
            #expect(error.parameter == "max_seq")
            #expect(error.problem.contains("vocabulary"))
        }
    }
}
