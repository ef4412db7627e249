import ArgumentParser
import Foundation
import Histogram
import NIOCore
import NIOPosix
import Replica
import Synchronization
import Verification

/// `bftcheck bench`: a load generator against a running cluster (`cluster up`). C clients, each with one
/// request outstanding (PBFT's client, Castro & Liskov OSDI '99 §4.1: f + 1 matching replies complete a
/// request), either in a closed loop or, with `--rate`, on an open-loop schedule of R requests/s in all,
/// whose latency counts from the scheduled time (so a slow cluster cannot hide queueing: no coordinated
/// omission). Progress on stderr once a second; then throughput and latency percentiles from an
/// HdrHistogram, as a table, CSV or JSON.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Load a running cluster: throughput and latency percentiles (HdrHistogram).",
        discussion: """
            Each request increments a counter of its own client (the operation is the counter's name, padded to \
            --payload-bytes); the i-th reply of a client must read name=i, so a request executed twice or out of \
            order counts as wrong. Stops after --requests requests or --duration seconds (10 s when neither is \
            given). Exit status 0 when every request completed with the right result, 1 otherwise or when no \
            reply came for --stall-timeout seconds.
            """)

    @Option(help: "The cluster config (written by 'cluster keys').") var config: String
    @Option(parsing: .unconditional, help: "Concurrent clients (client ids 0 ..< C of the config).") var clients = 16
    @Option(parsing: .unconditional, help: "Issue requests for this many seconds.") var duration: Double?
    @Option(parsing: .unconditional, help: "Issue this many requests in all.") var requests: Int?
    @Option(parsing: .unconditional, help: "Open loop: this many requests per second in all (default: closed loop).") var rate: Double?
    @Option(parsing: .unconditional, help: "Bytes per request operation.") var payloadBytes = 64
    @Option(parsing: .unconditional, help: "Give up when no reply arrives for this many seconds.") var stallTimeout = 30.0
    @Option(parsing: .unconditional, help: "Client event-loop threads.") var threads = 1
    @Option(help: "Output on stdout: table or csv.") var format = "table"
    @Flag(help: "Print the result as JSON on stdout.") var json = false
    @Flag(
        help: """
            After the run, measure this machine's CPU per message kind, per request of the protocol logic, and its \
            loopback bandwidth, and report the host throughput model's bound for this cluster and the measured \
            throughput's ratio to it.
            """) var model = false

    func run() throws {
        let clients = try Inputs.benchClients.validate(clients)
        let requests = try Inputs.benchRequests.validate(requests)
        let duration = try Inputs.benchDuration.validate(duration) ?? (requests == nil ? 10 : nil)
        let rate = try Inputs.benchRate.validate(rate)
        let payloadBytes = try Inputs.payloadBytes.validate(payloadBytes)
        let stallTimeout = try Inputs.stallTimeout.validate(stallTimeout)
        let threads = try Inputs.benchThreads.validate(threads)
        guard ["table", "csv"].contains(format) else {
            throw InputError(nil, nil, key: "--format", "expected table or csv, got '\(format)'")
        }
        let file = try ClusterConfigs.read(config, key: "--config")
        guard clients <= file.clientCount else {
            throw InputError(config, nil, key: "--clients", "the config has keys for \(file.clientCount) clients, asked for \(clients)")
        }
        let plan = BenchPlan(
            clients: clients, duration: duration, requests: requests, rate: rate, payloadBytes: payloadBytes, stallTimeout: stallTimeout,
            threads: threads)
        Terminal.note("bench: \(plan.summary(file.configuration)) (config \(config))")
        let result = try BlockingTask.run { try await BenchRun(plan: plan, file: file).run() }
        var report = BenchReport(plan: plan, configuration: file.configuration, result: result)
        if model {
            Terminal.note("bench: measuring this machine's costs for the throughput model")
            let configuration = file.configuration
            let cores = ProcessInfo.processInfo.activeProcessorCount
            let hostModel = try BlockingTask.run {
                try await HostCostCalibration.measure(configuration: configuration, operationBytes: plan.payloadBytes, cores: cores)
            }
            let figures = BenchModelFigures(model: hostModel, replicas: configuration.replicaCount, measured: report.throughput)
            Terminal.note(figures.summary)
            report.model = figures
        }
        if json {
            try Terminal.json(report)
        } else if format == "csv" {
            print(report.csv, terminator: "")
        } else {
            print(report.table)
        }
        guard result.wrong == 0, result.completed == result.issued else {
            throw FailureWithReason(
                status: 1, reason: "\(result.issued - result.completed) requests did not complete, \(result.wrong) had wrong results")
        }
    }
}

/// What a bench run does: validated parameters.
struct BenchPlan: Sendable {
    var clients: Int
    var duration: Double?
    var requests: Int?
    var rate: Double?
    var payloadBytes: Int
    var stallTimeout: Double
    var threads: Int

    var mode: String { rate == nil ? "closed" : "open" }

    /// One line that says what runs (and reproduces it).
    func summary(_ configuration: ReplicaConfiguration) -> String {
        var words = [
            "n = \(configuration.replicaCount), f = \(configuration.faultTolerance), batch \(configuration.batchSize)",
            "\(clients) clients", rate.map { "open loop at \($0) requests/s" } ?? "closed loop", "\(payloadBytes)-byte operations",
        ]
        if let requests { words.append("\(requests) requests") }
        if let duration { words.append("\(duration) s") }
        return words.joined(separator: ", ")
    }
}

/// The measured outcome of a bench run.
struct BenchResult: Sendable {
    var issued: Int
    var completed: Int
    var wrong: Int
    var seconds: Double
    /// Latencies in microseconds.
    var latencies: Histogram<UInt64>
}

/// Runs a `BenchPlan` against a cluster.
struct BenchRun: Sendable {
    let plan: BenchPlan
    let file: ClusterConfigFile

    /// Counters the clients and the progress reporter share.
    final class Shared: Sendable {
        let tickets = Atomic<Int>(0)
        let completed = Atomic<Int>(0)
        let wrong = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
    }

    func run() async throws -> BenchResult {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: plan.threads)
        var addresses: [ReplicaID: SocketAddress] = [:]
        for replica in file.configuration.replicas {
            addresses[replica] = try SocketAddress(ipAddress: ClusterConfigFile.host, port: file.port(of: replica))
        }
        // Timestamps above any earlier run's, so the replicas take this run's requests as new (§4.1).
        let nonce = UInt64(Date().timeIntervalSince1970 * 1_000_000)
        // One client node per event-loop thread, hosting clients t, t + threads, t + 2·threads, …: each node
        // shares one connection per replica among its clients.
        var nodes: [ClientNode] = []
        do {
            for thread in 0..<min(plan.threads, plan.clients) {
                let ids = stride(from: thread, to: plan.clients, by: plan.threads).map { ClientID(UInt32($0)) }
                nodes.append(
                    try await ClientNode.connect(
                        ids: ids, configuration: file.configuration, keyring: file.keyring, addresses: addresses, firstTimestamp: nonce,
                        eventLoop: group.next()))
            }
        } catch {
            for node in nodes { try? await node.close() }
            try? await group.shutdownGracefully()
            throw InputError(nil, nil, "cannot connect to the cluster (is it up?): \(error)")
        }
        let shared = Shared()
        let plan = self.plan
        let start = ContinuousClock.now
        let reporter = Task { await Self.report(shared, plan: plan, start: start) }
        let histograms = try await withThrowingTaskGroup(of: Histogram<UInt64>.self) { tasks in
            for node in nodes {
                tasks.addTask { try await BenchLoad(node: node, nonce: nonce, plan: plan, shared: shared, start: start).run().get() }
            }
            var all: [Histogram<UInt64>] = []
            for try await histogram in tasks { all.append(histogram) }
            return all
        }
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        reporter.cancel()
        for node in nodes { try? await node.close() }
        try? await group.shutdownGracefully()
        var latencies = Self.histogram()
        for histogram in histograms { latencies.add(histogram) }
        let issued = min(shared.tickets.load(ordering: .relaxed), plan.requests ?? .max)
        return BenchResult(
            issued: issued, completed: shared.completed.load(ordering: .relaxed), wrong: shared.wrong.load(ordering: .relaxed),
            seconds: seconds, latencies: latencies)
    }

    static func histogram() -> Histogram<UInt64> {
        Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
    }

    /// Progress on stderr once a second; ends the run at its duration; exits 1 when replies stop coming.
    static func report(_ shared: Shared, plan: BenchPlan, start: ContinuousClock.Instant) async {
        var printed = (count: 0, at: start)
        var changed = (count: 0, at: start)
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(100))
            let now = ContinuousClock.now
            if let duration = plan.duration, (now - start) / .seconds(1) >= duration { shared.stop.store(true, ordering: .relaxed) }
            let completed = shared.completed.load(ordering: .relaxed)
            if completed != changed.count { changed = (completed, now) }
            if (now - printed.at) / .seconds(1) >= 1 {
                let rate = Double(completed - printed.count) / ((now - printed.at) / .seconds(1))
                Terminal.note(String(format: "bench: %6.1f s %11d requests %10.0f tx/s", (now - start) / .seconds(1), completed, rate))
                printed = (completed, now)
            }
            if (now - changed.at) / .seconds(1) >= plan.stallTimeout {
                Terminal.error("bench: no reply for \(plan.stallTimeout) s after \(completed) requests; is the cluster up?")
                exit(1)
            }
        }
    }
}

/// One client node's share of a bench run, driven on the node's event loop: each hosted client issues its
/// next request from the completion of the last (or at its open-loop due time), so no request hops to a
/// Swift task and back. Client i's operation is its counter's name, padded; its k-th result must read
/// `name=k`.
final class BenchLoad: Sendable {
    let node: ClientNode
    let plan: BenchPlan
    let shared: BenchRun.Shared
    let start: ContinuousClock.Instant
    /// Each hosted client's operation and counter name, by its place in `node.ids`.
    let operations: [(operation: [UInt8], name: String)]
    let state: NIOLoopBoundBox<State>

    struct State {
        var latencies = BenchRun.histogram()
        var running = 0
        var done: EventLoopPromise<Histogram<UInt64>>?
    }

    init(node: ClientNode, nonce: UInt64, plan: BenchPlan, shared: BenchRun.Shared, start: ContinuousClock.Instant) {
        self.node = node
        self.plan = plan
        self.shared = shared
        self.start = start
        operations = node.ids.map { id in
            var name = "b\(nonce)-c\(id.number)-"
            name += String(repeating: "x", count: max(0, plan.payloadBytes - name.utf8.count))
            return (Array(name.utf8), name)
        }
        state = .makeBoxSendingValue(State(), eventLoop: node.eventLoop)
    }

    /// Runs every hosted client until the run stops; the future gives their latencies.
    func run() -> EventLoopFuture<Histogram<UInt64>> {
        node.eventLoop.flatSubmit {
            let promise = self.node.eventLoop.makePromise(of: Histogram<UInt64>.self)
            self.state.value.done = promise
            self.state.value.running = self.node.ids.count
            for place in self.node.ids.indices { self.issue(place, sent: 0) }
            return promise.futureResult
        }
    }

    /// Client `place` issues its request number `sent + 1`, when the run has not stopped and tickets
    /// remain: at once in a closed loop; in an open loop, client i's k-th request at
    /// start + (k + i / C) · C / R (R requests/s spread evenly), its latency counted from then.
    func issue(_ place: Int, sent: Int) {
        if shared.stop.load(ordering: .relaxed) { return finish() }
        if let limit = plan.requests {
            if shared.tickets.add(1, ordering: .relaxed).oldValue >= limit { return finish() }
        } else {
            shared.tickets.add(1, ordering: .relaxed)
        }
        guard let rate = plan.rate else { return submit(place, sent: sent, intended: .now) }
        let index = Double(node.ids[place].number)
        let intended = start + .seconds(Double(plan.clients) / rate) * (Double(sent) + index / Double(plan.clients))
        let wait = intended - .now
        guard wait > .zero else { return submit(place, sent: sent, intended: intended) }
        node.eventLoop.scheduleTask(in: .nanoseconds(Int64(wait / .nanoseconds(1)))) { self.submit(place, sent: sent, intended: intended) }
    }

    func submit(_ place: Int, sent: Int, intended: ContinuousClock.Instant) {
        node.submitOnLoop(operations[place].operation, as: node.ids[place]).whenComplete { result in
            switch result {
            case .success(let reply):
                let latency = ContinuousClock.now - intended
                _ = self.state.value.latencies.record(UInt64(max(1, latency / .seconds(1) * 1_000_000)))
                if !Self.reads(reply, name: self.operations[place].operation, count: sent + 1) {
                    self.shared.wrong.add(1, ordering: .relaxed)
                }
                self.shared.completed.add(1, ordering: .relaxed)
                self.issue(place, sent: sent + 1)
            case .failure(let error):
                // A client has one request at a time, so this is a bug in the load loop, not the cluster's.
                self.state.value.done?.fail(error)
                self.state.value.done = nil
            }
        }
    }

    /// Whether `result` reads `name=count` (decimal, no leading zeros): compared byte by byte, without
    /// formatting the expected text for every reply.
    static func reads(_ result: [UInt8], name: [UInt8], count: Int) -> Bool {
        guard count >= 0 else { return false }
        var digits = 0
        var left = count
        repeat {
            digits += 1
            left /= 10
        } while left > 0
        guard result.count == name.count + 1 + digits, result.starts(with: name), result[name.count] == UInt8(ascii: "=") else {
            return false
        }
        var rest = count
        for index in stride(from: result.count - 1, to: name.count, by: -1) {
            guard result[index] == UInt8(ascii: "0") + UInt8(rest % 10) else { return false }
            rest /= 10
        }
        return rest == 0
    }

    /// One client stopped; the last one completes the run with the latencies.
    func finish() {
        state.value.running -= 1
        guard state.value.running == 0 else { return }
        state.value.done?.succeed(state.value.latencies)
        state.value.done = nil
    }
}
