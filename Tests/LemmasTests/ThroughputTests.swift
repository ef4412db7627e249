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

    /// The host model's formula on round numbers: per transaction n·e + c_req + n·c_rep, per batch
    /// (n − 1)·c_pp + (n − 1)·s_p + (n − 1)²·c_p + n(n − 1)·c_c, over β; bytes likewise.
    @Test func theHostModelCountsEachMessageOfTheNormalCase() {
        let model = HostThroughputModel(
            cores: 2, bandwidth: 1e9, requestSeconds: 1e-6, request: .init(seconds: 2e-6, bytes: 100),
            reply: .init(seconds: 2e-6, bytes: 80),
            prePrepare: .init(seconds: 300e-6, bytes: 30_000), prepare: .init(seconds: 70e-6, bytes: 120), prepareSignatureSeconds: 20e-6,
            commit: .init(seconds: 2e-6, bytes: 100), batchSize: 256)
        func close(_ value: Double, _ expected: Double) -> Bool { abs(value - expected) <= 1e-9 * expected }
        // n = 4: 4·1 + 2 + 4·2 µs, and (3·300 + 3·20 + 9·70 + 12·2) / 256 µs.
        #expect(close(model.cpuSecondsPerTransaction(replicas: 4), 14e-6 + 1_614e-6 / 256))
        #expect(close(model.bytesPerTransaction(replicas: 4), 420 + 92_280.0 / 256))
        #expect(close(model.cpuBound(replicas: 4), 2 / (14e-6 + 1_614e-6 / 256)))
        #expect(close(model.bandwidthBound(replicas: 4), 1e9 / (420 + 92_280.0 / 256)))
        #expect(model.bound(replicas: 4) == model.cpuBound(replicas: 4))
        // n = 7: (6·300 + 6·20 + 36·70 + 42·2) / 256 per batch.
        #expect(close(model.cpuSecondsPerTransaction(replicas: 7), 7e-6 + 2e-6 + 14e-6 + 4_524e-6 / 256))
        var narrow = model
        narrow.bandwidth = 1e6
        #expect(narrow.bound(replicas: 4) == narrow.bandwidthBound(replicas: 4))
        var unbatched = model
        unbatched.batchSize = 1
        #expect(unbatched.cpuBound(replicas: 4) < model.cpuBound(replicas: 4) / 50)
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
