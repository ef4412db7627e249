import Foundation
import MessagePassing
import ModelChecking
import Testing
import Verification

@testable import ProtocolSpecs

/// The rules themselves: the tutorial's theorems as checks over every reachable state, the JSON form,
/// and configuration errors.
@Suite struct PBFTModelTests {
    @Test func aNewViewKeepsEveryRequestCommittedBefore() {
        // Tutorial, "A property of view-changes when n > 3f": if m is committed in a view v < v' (a
        // quorum of matching COMMITs exists, so n − 2f correct replicas prepared it), every well-formed
        // NEWVIEW(v') proposes m again. Check every NEWVIEW(1) that any primary, correct or Byzantine,
        // can build in every reachable state, against every digest committed in view 0.
        for system in [SpecTestSupport.pbft(maxView: 1), SpecTestSupport.pbft(firstFaulty: 1, maxView: 1)] {
            var checked = 0
            let slot = SequenceNumber(1)
            for state in SpecTestSupport.reachable(system) {
                let committed = system.requests.map(Digest.request).filter {
                    system.commitSupport(View(0), slot, $0, in: state) >= system.quorum
                }
                guard let digest = committed.first else { continue }
                #expect(committed.count == 1)
                for proposal in system.newViewProposals(for: View(1), in: state, builtBy: nil) {
                    checked += 1
                    #expect(proposal.proposals.first == digest, "\(proposal)")
                }
            }
            #expect(checked > 0)
        }
    }

    @Test func statesRoundTripThroughTheirReadableJSON() throws {
        let system = SpecTestSupport.pbft(maxView: 1, maxSequence: 2, checkpointInterval: 1, window: 1)
        let result = Checker(system, options: .init().threads(2).symmetry().limits(Limits(maxStates: 5_000))).run()
        var states = [system.initialStates[0]]
        if let trace = result.witnesses["ViewChangeCompleted"] { states += trace.states }
        if let trace = result.witnesses["CheckpointStable"] { states += trace.states }
        #expect(states.count > 3)
        for state in states {
            let data = try JSONEncoder().encode(state)
            #expect(try JSONDecoder().decode(PBFTState.self, from: data) == state)
        }
        var row = PBFTReplica()
        row.setPrepare(.request(RequestID(2)), in: View(1), at: SequenceNumber(2))
        row.setCommitSent(in: View(1), at: SequenceNumber(2))
        row.setLedger(.null, at: SequenceNumber(1))
        row.setViewChange(for: View(1), checkpoint: .genesis)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(row), as: UTF8.self)
        #expect(text.contains(#""prepares":{"v1.s2":"req2"}"#))
        #expect(text.contains(#""commits":["v1.s2"]"#))
        #expect(text.contains(#""ledger":{"s1":"null"}"#))
        #expect(text.contains(#""viewChanges":{"v1":0}"#))
    }

    @Test func configurationErrorsNameTheParameter() throws {
        func problem(_ constants: String) -> String? {
            let text = "model = pbft\n[constants]\n\(constants)\n[sometimes]\n"
            do {
                let config = try ModelConfig.parse(text, path: "bad.cfg")
                _ = try ModelCatalog.entry(named: "pbft")!.instantiate(config)
                return nil
            } catch let error as InputError {
                return error.description
            } catch {
                return "\(error)"
            }
        }
        #expect(problem("replicas = 4\nf = 4\nbyzantine = 1")?.contains("f: f must be below n = 4") == true)
        #expect(
            problem("replicas = 4\nf = 1\nbyzantine = 3\ncrashed = 1")?.contains(
                "byzantine: byzantine + crashed must leave a correct replica") == true)
        #expect(
            problem("replicas = 4\nf = 1\nbyzantine = 1\nwindow = 3\nmax_seq = 2")?.contains(
                "window: the window L must be in 1...max_seq = 2") == true)
        #expect(problem("replicas = 4\nf = 1\nbyzantine = 1\nquorum = 5")?.contains("quorum: the quorum must be in 1...n = 4") == true)
        #expect(problem("replicas = 4\nf = 1")?.contains("byzantine: missing") == true)
        #expect(problem("replicas = 4\nf = 1\nbyzantine = 1\nmutant = nope")?.contains("mutant: expected one of none") == true)
        #expect(problem("replicas = 4\nf = 1\nbyzantine = 1") == nil)
    }

    @Test func moreByzantineReplicasThanFBreakClientSafetyAtOnce() {
        var options = CheckerOptions().threads(2)
        options.selectedProperties = ["ClientSafety"]
        let result = Checker(SpecTestSupport.pbft(byzantine: 2), options: options).run()
        #expect(result.violations.first?.property == "ClientSafety")
        #expect(result.violations.first?.trace?.steps.count == 0)
    }
}
