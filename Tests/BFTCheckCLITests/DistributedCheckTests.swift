import BFTCheckTestSupport
import Foundation
import Testing

/// `bftcheck check CONFIG --mpi` under `mpirun` with 1, 2 and 4 ranks gives the verdict, counts,
/// depth, coverage and counterexample files (byte for byte) of a run without MPI. Needs Open MPI's
/// `mpirun` (Debian: openmpi-bin; `.ci/run` installs it): without it these tests fail, they do not skip.
@Suite(.serialized) struct DistributedCheckTests {
    /// What a run printed and wrote.
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        /// The counterexample files, by name.
        var files: [String: Data]
    }

    /// `mpirun` on the PATH, or nil.
    static let mpirun: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/mpirun"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// Runs `executable arguments` with the counterexamples in a fresh directory `name` under `work`.
    static func run(_ executable: String, _ arguments: [String], output name: String, in work: String) throws -> Run {
        let output = (work as NSString).appendingPathComponent(name)
        try? FileManager.default.removeItem(atPath: output)
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        // Open MPI refuses to start as root unless told twice; CI containers run as root.
        let run = try TestRepository.run(
            executable, arguments + ["--output", output], in: work,
            environment: ["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"])
        var files: [String: Data] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: output) {
            files[file] = try Data(contentsOf: URL(fileURLWithPath: (output as NSString).appendingPathComponent(file)))
        }
        return Run(status: run.status, stdout: run.stdout, stderr: run.stderr, files: files)
    }

    /// The parts of a `--json` report that must not depend on the number of ranks.
    static func invariantPart(_ stdout: String) throws -> [String: String] {
        let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any]
        let report = try #require(object, "not one JSON report: \(stdout.prefix(200))")
        let statistics = try #require(report["statistics"] as? [String: Any])
        func text(_ value: Any?) throws -> String {
            guard let value else { return "absent" }
            return String(decoding: try JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys]), as: UTF8.self)
        }
        var part: [String: String] = [:]
        for key in ["outcome", "reason", "witnesses", "exitCode", "expectation"] { part[key] = try text(report[key]) }
        // The violations, with their files by name (the directories differ).
        let violations = (report["violations"] as? [[String: Any]] ?? []).map { violation in
            var violation = violation
            violation["files"] = (violation["files"] as? [String] ?? []).map { ($0 as NSString).lastPathComponent }
            return violation
        }
        part["violations"] = try text(violations)
        for key in ["distinctStates", "transitions", "maxDepth", "coverage", "symmetry"] {
            part["statistics.\(key)"] = try text(statistics[key])
        }
        return part
    }

    /// Checks `config` without MPI, then under `mpirun -np K` for K = 1, 2, 4, and compares.
    func expectSameAcrossRanks(_ config: String, status expected: Int32) throws {
        let executable = try #require(TestPaths.executable, "the bftcheck binary is not built (swift build)")
        let mpirun = try #require(
            Self.mpirun, "mpirun not found on PATH: install Open MPI (apt-get install openmpi-bin libopenmpi-dev)")
        let path = TestPaths.repo(config)
        let stem = ((config as NSString).lastPathComponent as NSString).deletingPathExtension
        let work = TestPaths.scratch("mpi-\(stem)")
        let check = ["check", path, "--quiet", "--json"]
        let reference = try Self.run(executable, check + ["--threads", "2"], output: "plain", in: work)
        #expect(reference.status == expected, "\(config): \(reference.stderr)")
        let expectedPart = try Self.invariantPart(reference.stdout)
        if expected == 1 { #expect(!reference.files.isEmpty, "\(config): no counterexample written") }
        for ranks in [1, 2, 4] {
            let threads = ranks == 1 ? "2" : "1"
            let run = try Self.run(
                mpirun, ["-np", "\(ranks)", "--oversubscribe", executable] + check + ["--threads", threads, "--mpi"],
                output: "ranks-\(ranks)", in: work)
            #expect(run.status == reference.status, "\(config), \(ranks) ranks: status \(run.status); \(run.stderr)")
            let part = try Self.invariantPart(run.stdout)
            #expect(part == expectedPart, "\(config), \(ranks) ranks: the report differs")
            #expect(run.files == reference.files, "\(config), \(ranks) ranks: counterexample files differ")
            let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            let distributed = (object?["statistics"] as? [String: Any])?["distributed"] as? [String: Any]
            #expect(distributed?["ranks"] as? Int == ranks, "\(config): the report does not say \(ranks) ranks")
        }
    }

    @Test func lockMutexBugSameCounterexampleOnOneTwoAndFourRanks() throws {
        try expectSameAcrossRanks("Specs/fixtures/lock-mutex-bug.cfg", status: 1)
    }

    @Test func fixturesThatHoldSameCountsOnOneTwoAndFourRanks() throws {
        try expectSameAcrossRanks("Specs/fixtures/two-phase-commit-5.cfg", status: 0)
        try expectSameAcrossRanks("Specs/fixtures/counters-4x6.cfg", status: 0)
    }

    @Test func pbftUnsafeSameCounterexampleOnOneTwoAndFourRanks() throws {
        try expectSameAcrossRanks("Specs/pbft/n3-f1-unsafe.cfg", status: 1)
    }

    @Test func pbftNormalCaseSameCountsOnOneTwoAndFourRanks() throws {
        try expectSameAcrossRanks("Specs/pbft/n4-f1-normal-case.cfg", status: 0)
    }

    /// Without `mpirun`, `--mpi` runs as a cluster of one (an MPI singleton) and equals a plain run.
    @Test func mpiWithoutMpirunEqualsPlainRun() throws {
        let executable = try #require(TestPaths.executable, "the bftcheck binary is not built (swift build)")
        let work = TestPaths.scratch("mpi-singleton")
        let check = ["check", TestPaths.repo("Specs/fixtures/lock-mutex-bug.cfg"), "--quiet", "--json"]
        let plain = try Self.run(executable, check, output: "plain", in: work)
        let single = try Self.run(executable, check + ["--mpi"], output: "mpi", in: work)
        #expect(plain.status == 1)
        #expect(single.status == 1, "\(single.stderr)")
        #expect(try Self.invariantPart(single.stdout) == Self.invariantPart(plain.stdout))
        #expect(single.files == plain.files && single.files.count == 2)
    }

    /// What a distributed run cannot do is one line naming the flag, and status 2.
    @Test func mpiRejectsWhatItCannotDo() throws {
        let executable = try #require(TestPaths.executable, "the bftcheck binary is not built (swift build)")
        let work = TestPaths.scratch("mpi-flags")
        let config = TestPaths.repo("Specs/fixtures/lock-mutex.cfg")
        let cases: [([String], String)] = [
            (["--memory", "1MiB"], "--memory"), (["--resume", "nowhere"], "--resume"), (["--strategy", "dfs"], "--strategy"),
            (["--strategy", "simulate"], "--strategy"), (["--bitstate", "20"], "--bitstate"), (["--swarm", "2"], "--swarm"),
            (["--exact"], "--exact"), (["--checkpoint", "cp"], "--checkpoint"),
        ]
        for (flags, named) in cases {
            let run = try Self.run(executable, ["check", config, "--mpi", "--quiet"] + flags, output: "out", in: work)
            #expect(run.status == 2, "\(flags): status \(run.status)")
            #expect(run.stderr.hasPrefix("bftcheck: error: \(named): cannot be combined with --mpi"), "\(flags): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(flags): \(run.stderr)")
        }
    }
}
