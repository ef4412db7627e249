import Replica
import Testing

/// The trace writer's lines, exactly as Docs/trace-format.md spells them (version 2).
@Suite struct TraceLogTests {
    @Test func headerNamesTheClusterAndDeclaresFaults() throws {
        let header = TraceRunHeader(
            configuration: try smallConfiguration(), faulty: [ReplicaID(0)], crashed: [ReplicaID(3)], requests: [.zero],
            implementation: "test")
        #expect(
            header.line(for: ReplicaID(1))
                == #"{"format":"bftcheck-trace/2","protocol":"pbft","replica":"r1","n":4,"f":1,"replicas":["r0","r1","r2","r3"],"#
                + #""byzantine":["r0"],"crashed":["r3"],"params":{"quorum":3,"newview_quorum":3,"checkpoint_interval":2,"window":4,"#
                + #""requests":["null"],"null_digest":"null"},"implementation":"test"}"#)
        #expect(!header.line(for: nil).contains("\"replica\""))
    }

    @Test func stepsAndMessagesAreNumberedAndNamedByContent() throws {
        var log = ReplicaTraceLog(replica: ReplicaID(1))
        let digest = Digest.hashing([1])
        let hex = digest.hex
        let vote = SlotVote(view: ViewNumber(1), sequence: SequenceNumber(2), digest: digest)
        let certificate = PreparedCertificate(view: .initial, sequence: SequenceNumber(3), batch: .null)
        let change = ViewChange(view: ViewNumber(2), checkpoint: SequenceNumber(2), checkpointDigest: digest, prepared: [certificate])
        log.append([
            .record(.received(.prepare(vote), from: ReplicaID(3))),
            .record(.prepared(ViewNumber(1), SequenceNumber(2), digest)),
            .send(.commit(vote), to: [ReplicaID(3), ReplicaID(0)]),
            .setTimer(.batch, after: .seconds(1)),
            .record(.executed(SequenceNumber(2), digest, results: [Array("a=1".utf8), Array("b=2".utf8)])),
            .send(.viewChange(change), to: [ReplicaID(0)]),
            .send(.fetchState(StateFetch(sequence: SequenceNumber(2), stateDigest: digest)), to: [ReplicaID(0)]),
            .record(.newView(ViewNumber(2), checkpoint: .genesis, state: digest, o: [.zero, digest])),
        ])
        let id = String(hex.prefix(16))
        #expect(
            log.lines == [
                #"{"replica":"r1","lsn":1,"event":"recv","msg":"P.v1.s2.\#(id)","from":"r3","message":{"type":"PREPARE","view":1,"seq":2,"digest":"\#(hex)"}}"#,
                #"{"replica":"r1","lsn":2,"event":"prepared","view":1,"seq":2,"digest":"\#(hex)"}"#,
                #"{"replica":"r1","lsn":3,"event":"send","msg":"C.v1.s2.\#(id)","to":["r0","r3"],"message":{"type":"COMMIT","view":1,"seq":2,"digest":"\#(hex)"}}"#,
                #"{"replica":"r1","lsn":4,"event":"executed","seq":2,"digest":"\#(hex)","result":"a=1;b=2"}"#,
                #"{"replica":"r1","lsn":5,"event":"send","msg":"VC.v2","to":["r0"],"message":{"type":"VIEW-CHANGE","view":2,"checkpoint":2,"state":"\#(hex)","prepared":[{"seq":3,"view":0,"digest":"null"}]}}"#,
                #"{"replica":"r1","lsn":6,"event":"new-view","view":2,"checkpoint":0,"o":["null","\#(hex)"]}"#,
            ])
    }
}
