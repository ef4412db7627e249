import Foundation
import Histogram
import Replica

/// A bench run's figures: throughput and latency percentiles (from the HdrHistogram, microsecond
/// resolution, 3 significant digits), as a table, CSV or JSON (`bftcheck-bench/1`).
struct BenchReport: Encodable {
    /// One latency percentile.
    struct Percentile: Encodable {
        var percentile: Double
        var milliseconds: Double
    }

    var format = "bftcheck-bench/1"
    var n: Int
    var f: Int
    var batchSize: Int
    var mode: String
    var clients: Int
    var targetRate: Double?
    var payloadBytes: Int
    var requests: Int
    var completed: Int
    var wrongResults: Int
    var replyQuorum: Int
    var seconds: Double
    var throughput: Double
    var latency: [Percentile]
    var maxMilliseconds: Double
    var meanMilliseconds: Double
    /// With `--model`: the host throughput model's bound and the measured throughput's ratio to it.
    var model: BenchModelFigures?

    /// The percentiles reported: p50, p90, p99, p99.9.
    static let percentiles = [50.0, 90.0, 99.0, 99.9]

    init(plan: BenchPlan, configuration: ReplicaConfiguration, result: BenchResult) {
        n = configuration.replicaCount
        f = configuration.faultTolerance
        batchSize = configuration.batchSize
        mode = plan.mode
        clients = plan.clients
        targetRate = plan.rate
        payloadBytes = plan.payloadBytes
        requests = result.issued
        completed = result.completed
        wrongResults = result.wrong
        replyQuorum = configuration.replyQuorum
        seconds = result.seconds
        throughput = result.seconds > 0 ? Double(result.completed) / result.seconds : 0
        let histogram = result.latencies
        let empty = histogram.totalCount == 0
        latency = Self.percentiles.map {
            Percentile(percentile: $0, milliseconds: empty ? 0 : Double(histogram.valueAtPercentile($0)) / 1000)
        }
        maxMilliseconds = empty ? 0 : Double(histogram.max) / 1000
        meanMilliseconds = empty ? 0 : histogram.mean / 1000
    }

    private static func label(_ percentile: Double) -> String {
        percentile == percentile.rounded() ? "p\(Int(percentile))" : "p\(percentile)"
    }

    /// A readable table.
    var table: String {
        let lines = [
            "cluster     n = \(n), f = \(f), batch \(batchSize); replies: \(replyQuorum) matching (f + 1)",
            "load        \(mode) loop, \(clients) clients"
                + (targetRate.map { String(format: ", target %.0f requests/s", $0) } ?? "") + ", \(payloadBytes)-byte operations",
            "requests    \(completed) of \(requests) completed, \(wrongResults) wrong results",
            String(format: "time        %.3f s", seconds),
            String(format: "throughput  %.0f tx/s", throughput),
            "latency     "
                + (latency.map { Self.label($0.percentile) + String(format: " %.3f ms", $0.milliseconds) } + [
                    String(format: "max %.3f ms", maxMilliseconds), String(format: "mean %.3f ms", meanMilliseconds),
                ]).joined(separator: "  "),
        ]
        return lines.joined(separator: "\n")
    }

    /// A header line and one row.
    var csv: String {
        let header =
            ["n", "f", "batch_size", "mode", "clients", "target_rate", "payload_bytes", "requests", "completed", "wrong"]
            + ["seconds", "throughput"] + Self.percentiles.map { "\(Self.label($0).replacingOccurrences(of: ".", with: "_"))_ms" }
            + ["max_ms", "mean_ms"]
        let row =
            ["\(n)", "\(f)", "\(batchSize)", mode, "\(clients)", targetRate.map { String(format: "%.0f", $0) } ?? ""]
            + ["\(payloadBytes)", "\(requests)", "\(completed)", "\(wrongResults)", String(format: "%.3f", seconds)]
            + [String(format: "%.0f", throughput)] + latency.map { String(format: "%.3f", $0.milliseconds) }
            + [String(format: "%.3f", maxMilliseconds), String(format: "%.3f", meanMilliseconds)]
        return header.joined(separator: ",") + "\n" + row.joined(separator: ",") + "\n"
    }
}

/// The host throughput model (`HostThroughputModel`) fed with this machine's measured costs
/// (`HostCostCalibration`), for the cluster a bench run loaded, and the run's throughput against it.
struct BenchModelFigures: Encodable {
    var cores: Int
    var loopbackMiBPerSecond: Double
    /// CPU microseconds per transaction: all of it, then its parts.
    var cpuMicrosecondsPerTransaction: Double
    var protocolMicrosecondsPerRequest: Double
    var messageMicroseconds: [String: Double]
    var messageBytes: [String: Int]
    var prepareSignatureMicroseconds: Double
    var cpuBound: Double
    var bandwidthBound: Double
    var bound: Double
    var ratio: Double

    init(model: HostThroughputModel, replicas n: Int, measured: Double) {
        cores = Int(model.cores)
        loopbackMiBPerSecond = model.bandwidth / 1_048_576
        cpuMicrosecondsPerTransaction = model.cpuSecondsPerTransaction(replicas: n) * 1e6
        protocolMicrosecondsPerRequest = model.requestSeconds * 1e6
        let kinds: [(String, HostThroughputModel.MessageCost)] = [
            ("request", model.request), ("reply", model.reply), ("pre-prepare", model.prePrepare), ("prepare", model.prepare),
            ("commit", model.commit),
        ]
        messageMicroseconds = Dictionary(uniqueKeysWithValues: kinds.map { ($0.0, $0.1.seconds * 1e6) })
        messageBytes = Dictionary(uniqueKeysWithValues: kinds.map { ($0.0, $0.1.bytes) })
        prepareSignatureMicroseconds = model.prepareSignatureSeconds * 1e6
        cpuBound = model.cpuBound(replicas: n)
        bandwidthBound = model.bandwidthBound(replicas: n)
        bound = model.bound(replicas: n)
        ratio = bound > 0 ? measured / bound : 0
    }

    /// Two lines for the terminal.
    var summary: String {
        String(
            format: """
                model: bound %.0f tx/s (CPU bound %.0f on %d cores at %.1f µs of CPU a transaction; loopback bound %.0f at %.0f MiB/s); \
                measured / bound = %.2f
                model costs: protocol %.2f µs a request a replica; request %.2f, reply %.2f, pre-prepare %.1f, prepare %.2f (+ %.1f to sign), \
                commit %.2f µs a message
                """, bound, cpuBound, cores, cpuMicrosecondsPerTransaction, bandwidthBound, loopbackMiBPerSecond, ratio,
            protocolMicrosecondsPerRequest, messageMicroseconds["request"] ?? 0, messageMicroseconds["reply"] ?? 0,
            messageMicroseconds["pre-prepare"] ?? 0, messageMicroseconds["prepare"] ?? 0, prepareSignatureMicroseconds,
            messageMicroseconds["commit"] ?? 0)
    }
}
