import BFTCheckTestSupport
import Foundation
import Testing
import Verification

@testable import BFTCheckCLI

/// Every numeric flag of every command, fed boundary values through the real binary: each run must
/// end with a verdict (0, 1, 3) or with exit status 2 and exactly one line on stderr naming the flag —
/// never a crash, a hang or a stack trace.
@Suite(.serialized) struct NumericInputBoundaryTests {
    /// The values every numeric flag gets.
    static let boundaryValues = [
        "0", "-1", "1", "2", "\(Int.max)", "\(Int.min)", "18446744073709551616", "1e308", "-1e308", "inf", "-inf",
        "nan", "1.5", "", "/", "0x10",
    ]

    /// A flag, the command it belongs to, and arguments that make the rest of the run small.
    struct Case: CustomTestStringConvertible, Sendable {
        var flag: String
        var command: [String]
        var testDescription: String { "\(command.first ?? "") \(flag)" }
    }

    static let cases: [Case] = {
        let counters = TestRepository.repo("Specs/fixtures/counters-4x6.cfg")
        let normalCase = TestRepository.repo("Specs/pbft/n4-f1-normal-case.cfg")
        let trace = TestRepository.repo("Traces/examples/normal-case.ndjson")
        let check = ["check", counters, "--quiet", "--output", "cx"]
        let simulateCheck = ["check", counters, "--quiet", "--strategy", "simulate", "--seed", "1", "--walks", "2", "--walk-length", "5"]
        let lemmas = ["lemmas", "cluster-sending", "--summary", "--output", "cx"]
        var cases = [
            "--threads", "--max-depth", "--max-states", "--max-seconds", "--max-memory-mb", "--bitstate", "--hashes", "--swarm",
        ].map { Case(flag: $0, command: check) }
        cases += ["--seed", "--walks", "--walk-length"].map { Case(flag: $0, command: simulateCheck) }
        cases += [
            Case(flag: "--extra", command: ["sweep", "pbft", "--f", "0", "--output", "cx"]),
            Case(flag: "--threads", command: ["sweep", "pbft", "--f", "0", "--extra", "0", "--output", "cx"]),
            Case(flag: "--max-seconds", command: ["sweep", "pbft", "--f", "0", "--extra", "0", "--output", "cx"]),
            Case(flag: "--f", command: ["sweep", "pbft", "--extra", "0", "--output", "cx", "--set", "max_view=0"]),
        ]
        let sizes = ["--n1": "15", "--n2": "5", "--f1": "7", "--f2": "2"]
        for flag in ["--n1", "--n2", "--f1", "--f2"] {
            let others = sizes.filter { $0.key != flag }.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] }
            cases.append(Case(flag: flag, command: lemmas + others))
        }
        cases += [
            Case(flag: "--rlimit", command: ["lemmas", "quorum-intersection", "--summary", "--output", "cx"]),
            Case(flag: "--timeout", command: ["lemmas", "quorum-intersection", "--summary", "--output", "cx"]),
        ]
        cases += [
            "--from", "--to", "--bandwidth-mib", "--preprepare-bytes", "--prepare-bytes", "--commit-bytes", "--batch-size",
            "--latency-ms",
        ].map { Case(flag: $0, command: ["model", "throughput", "--format", "csv"]) }
        cases.append(Case(flag: "--max-silent-steps", command: ["conform", trace, "--quiet"]))
        let broadcast = TestRepository.repo("Specs/broadcast/n3-f1-bracha-thresholds.cfg")
        cases += ["--threads", "--max-states"].map {
            Case(flag: $0, command: ["mutate", broadcast, "--only", "deliver.quorum/", "--quiet"])
        }
        cases += ["--seed", "--steps", "--walks", "--noise"].map {
            Case(flag: $0, command: ["simulate", normalCase, "--trace-out", "traces", "--steps", "20"])
        }
        let viewChanges = TestRepository.repo("Specs/pbft/n4-f1-checkpoints-view-change.cfg")
        cases += [
            Case(flag: "--events", command: ["simulate", viewChanges, "--trace-out", "traces"]),
            Case(flag: "--timeouts-per-million", command: ["simulate", viewChanges, "--trace-out", "traces", "--events", "50"]),
            Case(flag: "--retransmit-interval-ms", command: ["cluster", "keys", "--out", "c.json"]),
        ]
        return cases
    }()

    @Test(arguments: cases)
    func boundaryValuesGiveAVerdictOrOneLineAndExitTwo(_ testCase: Case) throws {
        let work = TestRepository.scratch("boundaries-\(testCase.flag.dropFirst(2))")
        for value in Self.boundaryValues {
            // Put the flag last so that it overrides any default given in `command`.
            let arguments = testCase.command + [testCase.flag, value]
            let run = try TestRepository.run(arguments, in: work)
            let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: true)
            #expect([0, 1, 2, 3].contains(run.status), "\(arguments) exited with \(run.status): \(run.stderr)")
            if run.status == 2 {
                let errors = lines.filter { $0.hasPrefix("bftcheck: error:") }
                #expect(errors.count == 1, "\(arguments): \(run.stderr)")
                // The flag itself, or (for a constraint between flags such as n1 > 2·f1) its name.
                #expect(errors.first?.contains(testCase.flag.dropFirst(2)) == true, "\(arguments): \(run.stderr)")
            }
            #expect(!run.stderr.contains("Fatal error"), "\(arguments): \(run.stderr)")
        }
    }

    @Test(arguments: [
        ("check", "threads"), ("check", "walks"), ("check", "walk_length"), ("check", "seed"), ("limits", "max_depth"),
        ("limits", "max_states"), ("limits", "max_seconds"), ("limits", "max_memory_mb"), ("expect", "depth"),
        ("expect", "states"), ("constants", "counters"), ("constants", "limit"),
    ])
    func configKeysTakeBoundaryValuesWithOneLineNamingFileLineAndKey(section: String, key: String) {
        for value in Self.boundaryValues where !value.isEmpty {
            var text = "model = counters\n[constants]\n"
            if section != "constants" { text += "counters = 2\nlimit = 3\n" }
            if section == "constants" { text += key == "counters" ? "limit = 3\n" : "counters = 2\n" }
            if section != "constants" { text += "[\(section)]\n" }
            text += "\(key) = \(value)\n"
            let lineOfKey = text.split(separator: "\n").count
            do {
                let config = try ModelConfig.parse(text, path: "b.cfg")
                _ = try ModelCatalog.entry(named: "counters")!.instantiate(config)
                _ = try RunSettings(config)
            } catch let error as InputError {
                #expect(error.file == "b.cfg" && error.line == lineOfKey && error.key == key, "\(error)")
                #expect(!error.description.contains("\n"))
            } catch {
                Issue.record("\(section).\(key) = \(value): \(error)")
            }
        }
    }

    @Test func everyRangeLeavesRoomForTheArithmeticDoneOnIt() {
        // Bytes from MiB, and 3f + 1 + extra, computed from the largest accepted values.
        #expect(Inputs.maxMemoryMiB.range.upperBound.multipliedReportingOverflow(by: 1 << 20).overflow == false)
        let largestSweep = 3 * Inputs.sweepFaults.range.upperBound + 1 + Inputs.sweepExtra.range.upperBound
        #expect(largestSweep < 64)
        #expect(Inputs.rlimit.range.upperBound == Int(UInt32.max))
        #expect(!Inputs.solverSeconds.range.contains(.nan))
        #expect(!Inputs.maxSeconds.range.contains(.infinity))
    }
}
