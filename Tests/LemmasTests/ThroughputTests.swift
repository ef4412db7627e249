import Foundation
import Testing

@testable import Lemmas

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The throughput model of the slides "PBFT: Modeling real-world performance".
@Suite struct ThroughputTests {
    let parameters = ThroughputParameters()

    @Test func valuesAtFourReplicasMatchTheExactFractions() {
        func close(_ value: Double, _ expected: Double) -> Bool { abs(value - expected) < 1e-6 }
        #expect(close(ThroughputCurve.primaryBackup.throughput(replicas: 4, parameters), 102_400.0 / 3))
        #expect(close(ThroughputCurve.outOfOrder.throughput(replicas: 4, parameters), 204_800.0 / 9))
        #expect(close(ThroughputCurve.outOfOrderBatched.throughput(replicas: 4, parameters), 52_428_800.0 / 1539))
        #expect(FixedPoint.format(ThroughputCurve.inOrder.throughput(replicas: 4, parameters), decimals: 2) == "647.69")
        #expect(FixedPoint.format(ThroughputCurve.primaryBackup.throughput(replicas: 100, parameters), decimals: 2) == "1034.34")
        #expect(FixedPoint.format(ThroughputCurve.outOfOrder.throughput(replicas: 100, parameters), decimals: 2) == "689.56")
    }

    @Test func inOrderWithoutLatencyIsOutOfOrder() {
        var instant = parameters
        instant.phaseLatency = 0
        for n in [4, 31, 100] {
            #expect(
                abs(ThroughputCurve.inOrder.throughput(replicas: n, instant) - ThroughputCurve.outOfOrder.throughput(replicas: n, instant))
                    < 1e-9)
            #expect(
                abs(
                    ThroughputCurve.inOrderBatched.throughput(replicas: n, instant)
                        - ThroughputCurve.outOfOrderBatched.throughput(replicas: n, instant)) < 1e-9)
        }
    }

    @Test func curvesAreOrderedAndDecreasing() {
        let table = ThroughputTable(parameters: parameters, replicas: 4...100)
        #expect(table.rows.count == 97)
        for row in table.rows {
            let value = Dictionary(uniqueKeysWithValues: zip(ThroughputCurve.allCases, row.values))
            #expect(value[.primaryBackup]! > value[.outOfOrderBatched]!)
            #expect(value[.outOfOrderBatched]! > value[.outOfOrder]!)
            #expect(value[.outOfOrder]! > value[.inOrder]!)
            #expect(value[.inOrderBatched]! > value[.inOrder]!)
        }
        for (earlier, later) in zip(table.rows, table.rows.dropFirst()) {
            #expect(zip(earlier.values, later.values).allSatisfy { $0 > $1 })
        }
    }

    @Test func csvAndSVGAreWellFormedAndDeterministic() throws {
        let table = ThroughputTable(parameters: parameters, replicas: 4...100)
        let lines = table.csv.split(separator: "\n")
        #expect(lines.first == "n,primary-backup,pbft-in-order,pbft-in-order-batched,pbft-out-of-order,pbft-out-of-order-batched")
        #expect(lines.count == 98)
        #expect(lines[1] == "4,34133.33,647.69,28398.22,22755.56,34066.80")
        let svg = ThroughputPlot.svg(table)
        #expect(svg == ThroughputPlot.svg(ThroughputTable(parameters: parameters, replicas: 4...100)))
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = PolylineCollector()
        parser.delegate = collector
        #expect(parser.parse(), "the SVG is not well-formed XML")
        #expect(collector.root == "svg")
        #expect(collector.points.count == 5)
        #expect(collector.points.allSatisfy { $0.split(separator: " ").count == 97 })
    }

    @Test func parametersAreValidated() {
        #expect(ThroughputParameters().validationProblem == nil)
        #expect(ThroughputParameters(batchSize: 0).validationProblem == "--batch-size 0: must be at least 1")
        #expect(ThroughputParameters(bandwidth: 0).validationProblem == "--bandwidth-mib: must be a positive number")
        #expect(ThroughputParameters(phaseLatency: -1).validationProblem == "--latency-ms: must be zero or positive")
    }
}

/// Collects the root element and the `points` of every `polyline` of an SVG document.
final class PolylineCollector: NSObject, XMLParserDelegate {
    var root: String?
    var points: [String] = []

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if root == nil { root = elementName }
        if elementName == "polyline", let value = attributes["points"] { points.append(value) }
    }
}
