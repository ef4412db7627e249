/// The throughput of every curve for a range of cluster sizes.
public struct ThroughputTable: Sendable {
    /// One cluster size and the throughput of each curve, in `ThroughputCurve.allCases` order.
    public struct Row: Sendable {
        /// The number of replicas n.
        public var replicas: Int
        /// Transactions per second, one per curve.
        public var values: [Double]
    }

    /// The parameters used.
    public var parameters: ThroughputParameters
    /// One row per n, ascending.
    public var rows: [Row]

    /// Evaluates every curve for n in `replicas`.
    ///
    /// - Precondition: `replicas.lowerBound >= 2`.
    public init(parameters: ThroughputParameters, replicas: ClosedRange<Int>) {
        self.parameters = parameters
        rows = replicas.map { n in
            Row(replicas: n, values: ThroughputCurve.allCases.map { $0.throughput(replicas: n, parameters) })
        }
    }

    /// Comma-separated values: a header `n,primary-backup,…` and one line per n, two decimals.
    public var csv: String {
        let header = (["n"] + ThroughputCurve.allCases.map(\.rawValue)).joined(separator: ",")
        let lines = rows.map { row in
            (["\(row.replicas)"] + row.values.map { FixedPoint.format($0, decimals: 2) }).joined(separator: ",")
        }
        return ([header] + lines).joined(separator: "\n") + "\n"
    }

    /// An aligned text table in transactions per second.
    public var text: String {
        LemmaTable(
            title: "Maximum throughput (txn/s)",
            columns: ["n"] + ThroughputCurve.allCases.map(\.title),
            rows: rows.map { row in
                ["\(row.replicas)"] + row.values.map { FixedPoint.format($0, decimals: 2, grouping: true) }
            }
        ).rendered
    }
}
