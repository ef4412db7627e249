import Foundation

/// Renders a `ThroughputTable` as a standalone SVG line chart: one line per curve, logarithmic
/// throughput axis, legend and the parameters in the subtitle. The output is a pure function of the
/// table (fixed decimals, fixed order), so the same parameters give byte-identical files.
public enum ThroughputPlot {
    static let width = 880.0
    static let height = 560.0
    static let margin = (left: 90.0, right: 30.0, top: 80.0, bottom: 70.0)
    static let styles: [(color: String, dash: String?)] = [
        ("#1f77b4", nil), ("#d62728", nil), ("#d62728", "7 4"), ("#2ca02c", nil), ("#2ca02c", "7 4"),
    ]

    /// The SVG document for `table`.
    ///
    /// - Precondition: the table has at least two rows and all values are positive.
    public static func svg(_ table: ThroughputTable) -> String {
        precondition(table.rows.count >= 2, "a plot needs at least two cluster sizes")
        let values = table.rows.flatMap(\.values)
        precondition(values.allSatisfy { $0 > 0 && $0.isFinite }, "throughput values must be positive")
        let low = floor(log10(values.min()!))
        let high = ceil(log10(values.max()!))
        let firstN = Double(table.rows.first!.replicas)
        let lastN = Double(table.rows.last!.replicas)
        let plotWidth = width - margin.left - margin.right
        let plotHeight = height - margin.top - margin.bottom
        func x(_ n: Double) -> Double { margin.left + (n - firstN) / (lastN - firstN) * plotWidth }
        func y(_ value: Double) -> Double { margin.top + (high - log10(value)) / (high - low) * plotHeight }
        func number(_ value: Double) -> String { FixedPoint.format(value, decimals: 2) }

        var lines: [String] = [
            ##"<?xml version="1.0" encoding="UTF-8"?>"##,
            ##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(Int(width))" height="\##(Int(height))" viewBox="0 0 \##(Int(width)) \##(Int(height))" font-family="Helvetica, Arial, sans-serif">"##,
            ##"<rect width="100%" height="100%" fill="white"/>"##,
            ##"<text x="\##(number(width / 2))" y="32" text-anchor="middle" font-size="18">Maximum throughput of primary-backup broadcast and PBFT (txn/s)</text>"##,
            ##"<text x="\##(number(width / 2))" y="54" text-anchor="middle" font-size="12" fill="#444">\##(subtitle(table.parameters))</text>"##,
        ]
        // Horizontal grid: 1, 2, 5 × 10^k, labelled.
        var exponent = low
        while exponent <= high {
            for multiple in [1.0, 2.0, 5.0] {
                let value = multiple * pow(10, exponent)
                guard log10(value) <= high + 1e-9 else { continue }
                let position = number(y(value))
                let stroke = multiple == 1 ? "#bbb" : "#e5e5e5"
                lines.append(
                    ##"<line x1="\##(number(margin.left))" y1="\##(position)" x2="\##(number(width - margin.right))" y2="\##(position)" stroke="\##(stroke)" stroke-width="1"/>"##
                )
                lines.append(
                    ##"<text x="\##(number(margin.left - 8))" y="\##(position)" dy="4" text-anchor="end" font-size="11">\##(Fraction.grouped(Int(value)))</text>"##
                )
            }
            exponent += 1
        }
        // Vertical grid: the first n and every multiple of 10.
        let ticks = [Int(firstN)] + stride(from: (Int(firstN) / 10 + 1) * 10, through: Int(lastN), by: 10).map { $0 }
        for tick in ticks {
            let position = number(x(Double(tick)))
            lines.append(
                ##"<line x1="\##(position)" y1="\##(number(margin.top))" x2="\##(position)" y2="\##(number(height - margin.bottom))" stroke="#eee" stroke-width="1"/>"##
            )
            lines.append(
                ##"<text x="\##(position)" y="\##(number(height - margin.bottom + 18))" text-anchor="middle" font-size="11">\##(tick)</text>"##
            )
        }
        lines.append(
            ##"<rect x="\##(number(margin.left))" y="\##(number(margin.top))" width="\##(number(plotWidth))" height="\##(number(plotHeight))" fill="none" stroke="#333" stroke-width="1"/>"##
        )
        lines.append(
            ##"<text x="\##(number(margin.left + plotWidth / 2))" y="\##(number(height - 22))" text-anchor="middle" font-size="13">replicas n</text>"##
        )
        lines.append(
            ##"<text transform="translate(22 \##(number(margin.top + plotHeight / 2))) rotate(-90)" text-anchor="middle" font-size="13">transactions per second (log scale)</text>"##
        )
        for (index, curve) in ThroughputCurve.allCases.enumerated() {
            let points = table.rows.map { "\(number(x(Double($0.replicas)))),\(number(y($0.values[index])))" }
            let style = styles[index]
            let dash = style.dash.map { ##" stroke-dasharray="\##($0)""## } ?? ""
            lines.append(
                ##"<polyline id="\##(curve.rawValue)" fill="none" stroke="\##(style.color)" stroke-width="2"\##(dash) points="\##(points.joined(separator: " "))"/>"##
            )
        }
        // Legend, top right inside the plot.
        let legendX = width - margin.right - 290
        var legendY = margin.top + 20
        lines.append(
            ##"<rect x="\##(number(legendX - 10))" y="\##(number(margin.top + 6))" width="290" height="\##(number(Double(ThroughputCurve.allCases.count) * 20 + 10))" fill="white" fill-opacity="0.9" stroke="#ccc"/>"##
        )
        for (index, curve) in ThroughputCurve.allCases.enumerated() {
            let style = styles[index]
            let dash = style.dash.map { ##" stroke-dasharray="\##($0)""## } ?? ""
            lines.append(
                ##"<line x1="\##(number(legendX))" y1="\##(number(legendY))" x2="\##(number(legendX + 30))" y2="\##(number(legendY))" stroke="\##(style.color)" stroke-width="2"\##(dash)/>"##
            )
            lines.append(##"<text x="\##(number(legendX + 38))" y="\##(number(legendY))" dy="4" font-size="12">\##(curve.title)</text>"##)
            legendY += 20
        }
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    static func subtitle(_ parameters: ThroughputParameters) -> String {
        let mebibytes = FixedPoint.format(parameters.bandwidth / 1_048_576, decimals: 2)
            .replacingOccurrences(of: ".00", with: "")
        let latency = FixedPoint.format(parameters.phaseLatency * 1000, decimals: 3)
        return "B = \(mebibytes) MiB/s, PREPREPARE \(parameters.preprepareBytes) B, PREPARE \(parameters.prepareBytes) B, "
            + "COMMIT \(parameters.commitBytes) B, β = \(parameters.batchSize), δ = \(latency) ms per phase (in-order)"
    }
}
