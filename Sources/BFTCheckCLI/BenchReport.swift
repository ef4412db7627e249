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
