import Foundation
import MessagePassing
import ProtocolSpecs
import Testing

@testable import Conformance

/// The PBFT codec's one-pass reading of usual lines (`decodeUsualLine`) answers as the general
/// reader (`ScannedObject` and `decode`) does: on every line of long runs, and on lines just off
/// the usual shape, which it must leave to the general reader.
@Suite struct PBFTUsualLineTests {
    /// Both readings of every line of `files` (with one `PBFTTraceNames` each, carried from line to
    /// line): where the one-pass reader answers, the same replica, lsn and meaning, and the same
    /// names afterwards. Returns how many lines it answered and how many it read.
    static func compare(_ files: [(name: String, text: String)]) throws -> (answered: Int, lines: Int) {
        let codec = PBFTTraceCodec()
        var (answered, total) = (0, 0)
        for file in files {
            var lines = file.text.split(separator: "\n").map(String.init)
            let header = try Self.header(lines.removeFirst(), file: file.name)
            let spec = try codec.spec(for: header, variant: "none", location: TraceLocation(file: file.name, line: 1))
            let context = TraceLineContext(file: file.name, replicaNames: header.replicaNames)
            var (general, onePass) = (codec.initialNames(for: header), codec.initialNames(for: header))
            // One event from line to line, as a trace source keeps its head: every line must write
            // every part anew.
            var decoded = DecodedEvent<PBFTTraceCodec>(replica: ReplicaID(0), lsn: 0, location: TraceLocation(file: file.name, line: 0))
            for (offset, text) in lines.enumerated() {
                total += 1
                let bytes = Array(text.utf8)
                try bytes.withUnsafeBufferPointer { line in
                    let usual = codec.decodeUsualLine(line, replicas: context.replicas, spec: spec, names: &onePass, into: &decoded)
                    let scanned = try #require(ScannedObject.scan(line))
                    let fields = EventFields(scanned, context: context, line: offset + 2)
                    let common = try #require(fields.replicaAndLSN())
                    let meaning = try codec.decode(fields, spec: spec, names: &general)
                    guard let usual else { return }
                    answered += 1
                    #expect(usual.replica == common.replica && usual.lsn == common.lsn, "\(file.name):\(offset + 2)")
                    #expect(Self.describe(decoded.meaning) == Self.describe(meaning), "\(file.name):\(offset + 2): \(text)")
                }
                #expect(onePass.requestNames == general.requestNames, "\(file.name):\(offset + 2)")
            }
        }
        return (answered, total)
    }

    /// The header line `text` of `file`.
    static func header(_ text: String, file: String) throws -> TraceHeaderV2 {
        try Array(text.utf8).withUnsafeBufferPointer { try TraceHeaderV2.read(try TraceFields.line($0, path: file, line: 1)) }
    }

    /// A codec event, spelt out (observations, stable point, problem).
    static func describe(_ event: CodecEvent<PBFTTraceCodec>) -> String {
        "\(event.observation.map(\.description) ?? "-") more \(event.more.map(\.description)) stable \(event.stable.map(String.init) ?? "-") problem \(event.problem ?? "-")"
    }

    @Test func synthesizedRunsReadAlike() throws {
        let files = PBFTTraceSynthesizer(checkpointInterval: 16, window: 32, viewChangeEvery: 208).files(events: 6_000)
        let (answered, lines) = try Self.compare(files)
        // The synthesizer writes the usual shape: the one-pass reader answers nearly every line.
        #expect(answered * 10 >= lines * 9, "\(answered) of \(lines)")
    }

    @Test(arguments: [1, 2] as [UInt64])
    func specWalksReadAlike(seed: UInt64) throws {
        let (files, _) = PBFTSpecWalk(.init(checkpointInterval: 4, window: 8, timeoutsPerMillion: 5_000, seed: seed)).files(events: 4_000)
        let (answered, lines) = try Self.compare(files)
        #expect(answered * 10 >= lines * 7, "\(answered) of \(lines)")
    }

    /// Lines just off the usual shape: the one-pass reader leaves each to the general reader.
    @Test func linesOffTheShapeAreLeftToTheGeneralReader() throws {
        let header =
            #"{"format":"bftcheck-trace/2","protocol":"pbft","replica":"r1","n":4,"f":1,"replicas":["r0","r1","r2","r3"],"params":{"checkpoint_interval":2,"window":4}}"#
        let usual = #"{"replica":"r1","lsn":1,"event":"prepared","view":0,"seq":1,"digest":"d1"}"#
        let off = [
            #"{"replica":"r1","lsn":1,"event":"prepared","seq":1,"view":0,"digest":"d1"}"#,  // key order
            #"{"replica":"r1","lsn":1,"event":"prepared","view":0,"seq":1,"digest":"d1","x-note":1}"#,  // extension key
            #"{"replica":"r1","lsn":1,"event":"prepared","view":0,"seq":1,"digest":"d1","time":5}"#,  // time
            #"{"replica":"r1","lsn":1,"event":"prepared","view":00,"seq":1,"digest":"d1"}"#,  // leading zero
            #"{"replica":"r1","lsn":1,"event":"prepared","view":0,"seq":1.0,"digest":"d1"}"#,  // fraction
            #"{"replica":"r1","lsn":1,"event":"prepared","view":0,"seq":0,"digest":"d1"}"#,  // out of range
            #"{"replica":"r1","lsn":1,"event":"prepared","view":0,"seq":1,"digest":"d\u0031"}"#,  // escape
            #"{"replica":"r1","lsn":1,"event":"prepared","view":0,"seq":1,"digest":""}"#,  // empty digest
            #"{"replica":"r1", "lsn":1,"event":"prepared","view":0,"seq":1,"digest":"d1"}"#,  // a blank
            #"{"replica":"r9","lsn":1,"event":"prepared","view":0,"seq":1,"digest":"d1"}"#,  // unknown replica
            #"{"replica":"r1","lsn":1,"event":"executed","seq":1,"digest":"d1","result":"ok"}"#,  // a result
            #"{"replica":"r1","lsn":1,"event":"recv","msg":7,"from":"r2","message":{"type":"PREPARE","view":0,"seq":1,"digest":"d1"}}"#,
            #"{"replica":"r1","lsn":1,"event":"send","msg":"m","to":["r2",3],"message":{"type":"PREPARE","view":0,"seq":1,"digest":"d1"}}"#,
            #"{"replica":"r1","lsn":1,"event":"recv","msg":"m","from":"r2","message":{"type":"VIEW-CHANGE","view":1,"checkpoint":0,"prepared":[]}}"#,
            #"{"replica":"r1","lsn":1,"event":"view-change","view":1}"#,
            #"{"replica":"r1","lsn":1,"event":"prepared","view":0,"seq":1,"digest":"d1"} "#,  // trailing blank
        ]
        let codec = PBFTTraceCodec()
        let parsed = try Self.header(header, file: "t")
        let spec = try codec.spec(for: parsed, variant: "none", location: TraceLocation(file: "t", line: 1))
        let context = TraceLineContext(file: "t", replicaNames: parsed.replicaNames)
        var names = codec.initialNames(for: parsed)
        let read = { (text: String, names: inout PBFTTraceNames) -> Bool in
            var decoded = DecodedEvent<PBFTTraceCodec>(replica: ReplicaID(0), lsn: 0, location: TraceLocation(file: "t", line: 2))
            return Array(text.utf8).withUnsafeBufferPointer {
                codec.decodeUsualLine($0, replicas: context.replicas, spec: spec, names: &names, into: &decoded) != nil
            }
        }
        #expect(read(usual, &names))
        for text in off { #expect(!read(text, &names), "\(text)") }
    }
}
