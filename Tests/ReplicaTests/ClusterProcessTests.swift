import BFTCheckTestSupport
import Foundation
import Replica
import Testing

/// The operator's commands with the real binary on loopback: `cluster keys` → `cluster up` (four replica
/// processes) → `bench` (bounded by a count of requests) → `cluster down`; and bad input refused with one
/// line and exit 2. Every process started is stopped, whatever fails (the `defer`).
@Suite(.serialized) struct ClusterProcessTests {
    /// Four consecutive free loopback ports (probed by binding), starting near a pid-derived base so that
    /// concurrent test runs do not collide.
    static func freePorts(count: Int) -> Int {
        var base = 20_000 + Int(getpid() % 2000) * 16
        while true {
            if (0..<count).allSatisfy({ isFree(base + $0) }) { return base }
            base += count
            if base > 60_000 { base = 20_000 }
        }
    }

    static func isFree(_ port: Int) -> Bool {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    func run(_ arguments: [String], in directory: String) throws -> (status: Int32, stdout: String, stderr: String) {
        guard TestRepository.executable != nil else {
            Issue.record("the bftcheck binary was not built beside the tests")
            throw CocoaError(.fileNoSuchFile)
        }
        return try TestRepository.run(arguments, in: directory)
    }

    /// Kills whatever the pid file still lists (the safety net behind `cluster down`).
    func killLeftovers(_ directory: String) {
        guard let text = try? String(contentsOfFile: "\(directory)/cluster.run/pids", encoding: .utf8) else { return }
        for line in text.split(separator: "\n") {
            if let pid = line.split(separator: " ").last.flatMap({ pid_t($0) }), pid > 1 { kill(pid, SIGKILL) }
        }
    }

    @Test func keysUpBenchDownOnLoopback() throws {
        let directory = TestRepository.scratch("cluster-e2e")
        let base = Self.freePorts(count: 4)
        let keys = try run(
            [
                "cluster", "keys", "--out", "cluster.json", "--n", "4", "--f", "1", "--clients", "4", "--base-port", "\(base)",
                "--batch-size", "4", "--data-directory", "data",
            ],
            in: directory)
        #expect(keys.status == 0, "\(keys.stderr)")
        let up = try run(["cluster", "up", "--config", "cluster.json", "--ready-timeout", "120", "--trace-out", "traces"], in: directory)
        var stopped = false
        defer { if !stopped { killLeftovers(directory) } }
        #expect(up.status == 0, "\(up.stderr)")
        let pids = try String(contentsOfFile: "\(directory)/cluster.run/pids", encoding: .utf8).split(separator: "\n")
        #expect(pids.count == 4)

        // A second `up` while the cluster runs is refused.
        let again = try run(["cluster", "up", "--config", "cluster.json"], in: directory)
        #expect(again.status == 2)

        let bench = try run(["bench", "--config", "cluster.json", "--clients", "4", "--requests", "200", "--json"], in: directory)
        #expect(bench.status == 0, "\(bench.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(bench.stdout.utf8)) as? [String: Any])
        #expect(report["requests"] as? Int == 200)
        #expect(report["completed"] as? Int == 200)
        #expect(report["wrongResults"] as? Int == 0)
        #expect(report["replyQuorum"] as? Int == 2)
        #expect((report["latency"] as? [[String: Any]])?.count == 4)

        let csv = try run(
            ["bench", "--config", "cluster.json", "--clients", "2", "--requests", "20", "--format", "csv"], in: directory)
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout.split(separator: "\n").count == 2)
        #expect(csv.stdout.hasPrefix("n,f,batch_size,mode,clients,"))

        let down = try run(["cluster", "down", "--config", "cluster.json", "--grace", "10"], in: directory)
        stopped = down.status == 0
        #expect(down.status == 0, "\(down.stderr)")
        #expect(down.stdout.contains("4 replicas stopped by SIGTERM"))
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/cluster.run/pids"))
        for line in pids {
            let pid = try #require(line.split(separator: " ").last.flatMap { pid_t($0) })
            let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)).flatMap {
                $0.split(separator: ")").last?.first(where: { $0 != " " })
            }
            #expect(state == nil || state == "Z", "replica pid \(pid) still runs")
        }
        // SIGTERM let every replica write its trace.
        let traces = try FileManager.default.contentsOfDirectory(atPath: "\(directory)/traces").sorted()
        #expect(traces == ["r0.ndjson", "r1.ndjson", "r2.ndjson", "r3.ndjson"])
        let trace = try String(contentsOfFile: "\(directory)/traces/r1.ndjson", encoding: .utf8)
        #expect(trace.contains("\"event\":\"executed\""))
        // Each replica kept its executed state in SQLite (data_directory, relative to the config); equal
        // executed prefixes have equal checkpoint digests.
        var digests: [SequenceNumber: Set<Digest>] = [:]
        for replica in 0..<4 {
            let store = try SQLiteExecutedStateStore(path: "\(directory)/data/r\(replica).sqlite")
            let state = try #require(try store.load())
            #expect(state.sequence > .genesis && !state.clients.isEmpty)
            digests[state.sequence, default: []].insert(try state.digest(as: CounterService.self))
        }
        #expect(digests.values.allSatisfy { $0.count == 1 })
    }

    /// The durability benchmark's command, small: three throughput runs, then a backup crashes, the others
    /// execute 200 requests, and it restarts from its log and database and catches up by state transfer
    /// (K = 4, so checkpoints come often), or the command exits 1.
    @Test func benchRecoveryMeasuresDurabilityAndRejoin() throws {
        let directory = TestRepository.scratch("cluster-bench-recovery")
        let base = Self.freePorts(count: 4)
        let keys = try run(
            [
                "cluster", "keys", "--out", "cluster.json", "--clients", "4", "--base-port", "\(base)", "--batch-size", "4",
                "--checkpoint-interval", "4",
            ],
            in: directory)
        #expect(keys.status == 0, "\(keys.stderr)")
        let bench = try run(
            ["cluster", "bench-recovery", "--config", "cluster.json", "--requests", "200", "--clients", "4"], in: directory)
        #expect(bench.status == 0, "\(bench.stdout)\n\(bench.stderr)")
        let lines = bench.stdout.split(separator: "\n")
        #expect(lines.filter { $0.contains("200 requests in") && $0.contains(" tx/s (") }.count == 3, "\(bench.stdout)")
        #expect(lines.contains { $0.hasPrefix("in memory") && $0.hasSuffix("(1.000 of in memory)") }, "\(bench.stdout)")
        #expect(
            lines.contains { $0.hasPrefix("recovery: r3 crashed") && $0.contains("the others executed 200 requests") }, "\(bench.stdout)")
    }

    /// `cluster keys --retransmit-interval-ms` writes `retransmit_interval_ms`, which the replicas read.
    @Test func keysWriteTheRetransmitInterval() throws {
        let directory = TestRepository.scratch("cluster-retransmit")
        let keys = try run(["cluster", "keys", "--out", "c.json", "--retransmit-interval-ms", "3600000"], in: directory)
        #expect(keys.status == 0, "\(keys.stderr)")
        let file = try ClusterConfigFile.read(path: "\(directory)/c.json")
        #expect(file.configuration.retransmitInterval == .milliseconds(3_600_000))
        let plain = try run(["cluster", "keys", "--out", "d.json"], in: directory)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(try ClusterConfigFile.read(path: "\(directory)/d.json").configuration.retransmitInterval == nil)
    }

    @Test(arguments: [
        (["cluster", "keys", "--out", "c.json", "--n", "3", "--f", "1"], "n"),
        (["cluster", "keys", "--out", "c.json", "--n", "0"], "--n"),
        (["cluster", "keys", "--out", "c.json", "--base-port", "65530", "--n", "7", "--f", "2"], "--base-port"),
        (["cluster", "up", "--config", "missing.json"], "cannot read"),
        (["cluster", "up", "--config", "bad-n.json"], "n"),
        (["cluster", "up", "--config", "bad-host.json"], "host"),
        (["cluster", "up", "--config", "bad-key.json"], "signing_key"),
        (["cluster", "up", "--config", "bad-data-number.json"], "bad-data-number.json: data_directory: expected a directory path"),
        (["cluster", "up", "--config", "bad-data-file.json"], "bad-data-file.json: data_directory: "),
        (["replica", "run", "--config", "bad-data-empty.json", "--id", "0"], "data_directory: expected a non-empty path"),
        (["bench", "--config", "good.json", "--payload-bytes", "8"], "--payload-bytes"),
        (["bench", "--config", "good.json", "--clients", "0"], "--clients"),
        (["bench", "--config", "good.json", "--clients", "5"], "--clients"),
        (["bench", "--config", "good.json", "--rate", "nan"], "--rate"),
        (["cluster", "down", "--config", "good.json"], "pid file"),
        (["replica", "run", "--config", "good.json", "--id", "4"], "--id"),
        (["cluster", "bench-recovery", "--config", "good.json", "--clients", "5"], "--clients"),
        (["cluster", "keys", "--out", "c.json", "--retransmit-interval-ms", "0"], "--retransmit-interval-ms"),
        (["cluster", "keys", "--out", "c.json", "--retransmit-interval-ms", "-1"], "--retransmit-interval-ms"),
        (["cluster", "keys", "--out", "c.json", "--retransmit-interval-ms", "3600001"], "--retransmit-interval-ms"),
        (["cluster", "keys", "--out", "c.json", "--retransmit-interval-ms", "\(Int.max)"], "--retransmit-interval-ms"),
        (["cluster", "keys", "--out", "c.json", "--retransmit-interval-ms", "1.5"], "retransmit-interval-ms"),
        (["cluster", "keys", "--out", "c.json", "--retransmit-interval-ms", "nan"], "retransmit-interval-ms"),
        (["cluster", "bench-recovery", "--config", "good.json", "--requests", "0"], "--requests"),
        (["cluster", "bench-recovery", "--config", "bad-data-number.json"], "data_directory"),
    ])
    func badInputIsOneLineAndExitTwo(arguments: [String], mention: String) throws {
        // One directory per case: the cases run in parallel.
        let directory = TestRepository.scratch("cluster-bad-" + arguments.joined(separator: "_"))
        let keys = try run(["cluster", "keys", "--out", "good.json", "--clients", "4", "--base-port", "7100"], in: directory)
        #expect(keys.status == 0)
        let good = try String(contentsOfFile: "\(directory)/good.json", encoding: .utf8)
        _ = TestRepository.write(good.replacingOccurrences(of: "\"n\" : 4", with: "\"n\" : 3"), named: "bad-n.json", in: directory)
        _ = TestRepository.write(good.replacingOccurrences(of: "127.0.0.1", with: "10.0.0.1"), named: "bad-host.json", in: directory)
        var badKey = good
        if let range = badKey.range(of: "\"signing_key\" : \"") {
            badKey.replaceSubrange(range.upperBound..<badKey.index(range.upperBound, offsetBy: 2), with: "zz")
        }
        _ = TestRepository.write(badKey, named: "bad-key.json", in: directory)
        for (name, value) in [("bad-data-number.json", "5"), ("bad-data-file.json", "\"good.json\""), ("bad-data-empty.json", "\"\"")] {
            let text = good.replacingOccurrences(of: "\"f\" : 1,", with: "\"data_directory\" : \(value),\n  \"f\" : 1,")
            #expect(text != good)
            _ = TestRepository.write(text, named: name, in: directory)
        }
        let result = try run(arguments, in: directory)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("bftcheck: error: "))
        #expect(result.stderr.contains(mention), "\(arguments): \(result.stderr)")
    }
}
