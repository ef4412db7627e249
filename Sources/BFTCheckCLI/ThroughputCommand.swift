import ArgumentParser
import Foundation
import Lemmas
import Verification

/// `bftcheck model throughput`: the maximum throughput of primary-backup broadcast and PBFT per n.
struct ThroughputCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "throughput",
        abstract: "Maximum throughput (txn/s) of primary-backup broadcast and PBFT for n replicas.",
        discussion: """
            The tutorial's slides "PBFT: Modeling real-world performance" (bandwidth 100 MiB/s, PREPREPARE \
            1024 B, PREPARE and COMMIT 256 B, batches of 256). The slides give no formulas; these are our \
            bandwidth-bound reconstruction of those charts from the footnote's parameters: the primary's \
            outgoing link (bandwidth B) is the bottleneck and it sends every message to the n − 1 other replicas.
              primary-backup             B / ((n − 1)·s_pp)
              pbft-in-order              1 / (3δ + (n − 1)(s_pp + s_p + s_c) / B)
              pbft-in-order-batched      β / (3δ + (n − 1)(β·s_pp + s_p + s_c) / B)
              pbft-out-of-order          B / ((n − 1)(s_pp + s_p + s_c))
              pbft-out-of-order-batched  β·B / ((n − 1)(β·s_pp + s_p + s_c))
            s_pp, s_p, s_c: PREPREPARE (per transaction), PREPARE, COMMIT sizes; β: batch size; δ: latency of \
            one phase. In-order PBFT runs one round at a time (three phases), so it needs δ, which the tutorial \
            does not give (default 0.5 ms); with δ = 0 it equals out-of-order PBFT.
            """
    )

    @Option(parsing: .unconditional, help: "Smallest number of replicas.") var from = 4
    @Option(parsing: .unconditional, help: "Largest number of replicas.") var to = 100
    @Option(parsing: .unconditional, help: "Outgoing bandwidth per replica, MiB/s (B).") var bandwidthMib = 100.0
    @Option(parsing: .unconditional, help: "PREPREPARE size per transaction, bytes (s_pp).") var preprepareBytes = 1024
    @Option(parsing: .unconditional, help: "PREPARE size, bytes (s_p).") var prepareBytes = 256
    @Option(parsing: .unconditional, help: "COMMIT size, bytes (s_c).") var commitBytes = 256
    @Option(parsing: .unconditional, help: "Transactions per batch (β).") var batchSize = 256
    @Option(parsing: .unconditional, help: "Latency of one phase for in-order PBFT, milliseconds (δ).") var latencyMs = 0.5
    @Option(help: "Output on stdout: table or csv.") var format = "table"
    @Option(help: "Also write an SVG plot to this file.") var svg: String?

    func run() throws {
        let parameters = ThroughputParameters(
            bandwidth: try Inputs.bandwidthMiB.validate(bandwidthMib) * 1_048_576,
            preprepareBytes: try Inputs.preprepareBytes.validate(preprepareBytes),
            prepareBytes: try Inputs.prepareBytes.validate(prepareBytes),
            commitBytes: try Inputs.commitBytes.validate(commitBytes), batchSize: try Inputs.batchSize.validate(batchSize),
            phaseLatency: try Inputs.latencyMs.validate(latencyMs) / 1000)
        if let problem = parameters.validationProblem { throw InputError(nil, nil, problem) }
        let from = try Inputs.throughputFrom.validate(from)
        let to = try Inputs.throughputTo.validate(to)
        guard to > from else { throw InputError(nil, nil, key: "--to", "must exceed --from \(from), got \(to)") }
        guard ["table", "csv"].contains(format) else {
            throw InputError(nil, nil, key: "--format", "expected table or csv, got '\(format)'")
        }
        let table = ThroughputTable(parameters: parameters, replicas: from...to)
        if let svg { try OutputFile.write(ThroughputPlot.svg(table), to: svg, key: "--svg", what: "the SVG plot") }
        switch format {
        case "csv":
            print(table.csv, terminator: "")
        default:
            print(table.text)
            if let svg { print("plot: \(svg)") }
        }
    }
}
