import Foundation
import MessagePassing
import ProtocolSpecs

/// The version-2 trace codec of Bracha's reliable broadcast (`ReliableBroadcast`, Bracha 1987,
/// Fig. 1): a long run is many independent broadcast instances, numbered 1, 2, … (64-bit), each
/// judged by the spec's single-instance rules with r0 as the sender.
///
/// Events (Docs/trace-format.md, "Version 2: reliable-broadcast"):
/// - `{"event":"broadcast","instance":7,"value":"a"}` — the sender is asked to broadcast (input
///   `broadcast(a)`);
/// - `{"event":"send","instance":7,"message":{"kind":"ECHO","value":"a"}}` — a multicast;
/// - `{"event":"recv","instance":7,"from":"r0","message":{"kind":"INITIAL","value":"a"}}`;
/// - `{"event":"deliver","instance":7,"value":"a"}` — input `deliver(a)`;
/// - `{"event":"stable","instance":7}` — the replica is done with every instance up to 7 and
///   drops them: its stable point (the mark), as a stable checkpoint is PBFT's.
///
/// Header parameters (`params`): `values` (1…26, default 26: the letters a value may be) and
/// `thresholds` (`bracha` or `n-minus-f`, default `bracha`).
public struct BrachaTraceCodec: TraceCodec {
    /// The spec.
    public typealias Spec = ReliableBroadcast
    /// A broadcast instance number, from 1.
    public typealias Instance = UInt64
    /// The highest retired instance (0: none).
    public typealias Mark = UInt64

    /// A codec.
    public init() {}

    /// `reliable-broadcast`, the model's name.
    public static var protocolName: String { ReliableBroadcast.modelName }

    /// The spec's variants: `none`, `amplify_on_f`.
    public static var variantNames: [String] { ReliableBroadcast.Variant.allCases.map(\.rawValue) }

    /// Bracha's protocol for the header's n and f, every replica correct (the validator judges the
    /// header's Byzantine replicas by `accepts(_:fromByzantine:spec:)`).
    public func spec(for header: TraceHeaderV2, variant: String, location: TraceLocation) throws -> ReliableBroadcast {
        func failure(_ field: String, _ problem: String) -> MalformedTrace {
            MalformedTrace(location.file, location.line, field: "params.\(field)", problem)
        }
        for member in header.parameters where !["values", "thresholds"].contains(member.key) && !member.key.hasPrefix("x-") {
            throw failure(member.key, "unknown parameter; reliable-broadcast takes values, thresholds")
        }
        var valueCount = BroadcastValue.codeCapacity
        if let value = header.parameter("values") {
            guard case .integer(let count) = value, (1...BroadcastValue.codeCapacity).contains(count) else {
                throw failure("values", "expected an integer in 1...\(BroadcastValue.codeCapacity), got \(value.kindDescription)")
            }
            valueCount = count
        }
        var thresholds = ReliableBroadcast.Thresholds.bracha
        if let value = header.parameter("thresholds") {
            guard let name = value.stringValue, let parsed = ReliableBroadcast.Thresholds(rawValue: name) else {
                throw failure(
                    "thresholds",
                    "expected one of \(ReliableBroadcast.Thresholds.allCases.map(\.rawValue).joined(separator: ", ")), got \(value.kindDescription)"
                )
            }
            thresholds = parsed
        }
        return ReliableBroadcast(
            replicaCount: header.replicaCount, faultThreshold: header.faultThreshold,
            faults: FaultModel(replicaCount: header.replicaCount, byzantine: 0), valueCount: valueCount, thresholds: thresholds,
            variant: ReliableBroadcast.Variant(rawValue: variant) ?? .asSpecified)
    }

    /// INITIAL(v) comes from `broadcast(v)`; ECHO(v) from the receipt of INITIAL(v) from the sender;
    /// READY(v) from an echo quorum or from amplification.
    public func steps(
        producing message: BroadcastMessage, at replica: ReplicaID, spec: ReliableBroadcast
    ) -> [ProtocolStep<ReliableBroadcast>] {
        switch message.kind {
        case .initial: [.input(replica: replica, input: .broadcast(message.value))]
        case .echo: [.receive(replica: replica, message: BroadcastMessage(.initial, message.value), from: spec.sender)]
        case .ready:
            [
                .input(replica: replica, input: .readyOnEchoes(message.value)),
                .input(replica: replica, input: .readyOnReadies(message.value)),
            ]
        }
    }

    /// What the spec's Byzantine vocabulary holds for `sender`.
    public func accepts(_ message: BroadcastMessage, fromByzantine sender: ReplicaID, spec: ReliableBroadcast) -> Bool {
        spec.vocabulary(of: sender).contains(message)
    }

    /// Nothing retired.
    public var initialMark: UInt64 { 0 }

    /// Instances up to the mark are retired.
    public func isRetired(_ instance: UInt64, at mark: UInt64) -> Bool { instance <= mark }

    /// After a divergence, the replica has done what its log says: broadcast, echoed, readied or
    /// delivered the value.
    public func resynchronise(_ row: BroadcastReplica, to observation: Observation<Self>, spec: ReliableBroadcast) -> BroadcastReplica {
        let field: String
        let value: BroadcastValue
        switch observation {
        case .sent(let message, _):
            value = message.value
            switch message.kind {
            case .initial: field = "broadcast"
            case .echo: field = "echoed"
            case .ready: field = "readied"
            }
        case .input(.broadcast(let broadcast), _):
            (field, value) = ("broadcast", broadcast)
        case .input(.deliver(let delivered), _):
            (field, value) = ("delivered", delivered)
        default: return row
        }
        // The row's fields are the spec's to set: go through its readable (Codable) form.
        guard let data = try? JSONEncoder().encode(row), var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { return row }
        if field == "delivered" {
            object[field] = ((object[field] as? [String]) ?? []) + [value.description]
        } else {
            object[field] = value.description
        }
        guard let edited = try? JSONSerialization.data(withJSONObject: object),
            let decoded = try? JSONDecoder().decode(BroadcastReplica.self, from: edited)
        else { return row }
        return decoded
    }

    /// An instance number of at least 1.
    public func instance(from value: JSONValue) -> UInt64? {
        guard let number = try? EventFields.unsigned(value, minimum: 1, failure: { MalformedTrace("", 0, $0) }) else { return nil }
        return number
    }

    /// An instance number, or 0.
    public func mark(from value: JSONValue) -> UInt64? {
        guard let number = try? EventFields.unsigned(value, minimum: 0, failure: { MalformedTrace("", 0, $0) }) else { return nil }
        return number
    }
}
