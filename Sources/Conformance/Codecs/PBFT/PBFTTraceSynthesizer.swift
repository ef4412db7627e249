import MessagePassing

/// Long conformant PBFT traces for the validator's scale checks and tests: the normal case of
/// Castro & Liskov §4.2 slot by slot (PRE-PREPARE, PREPAREs, COMMITs, execution), a checkpoint every
/// k sequence numbers made stable by every replica (§4.3), and a view change every `viewChangeEvery`
/// sequence numbers right after a stable checkpoint (§4.4: every replica's VIEW-CHANGE reports that
/// checkpoint and no prepared certificate above it, and the new primary's NEW-VIEW has an empty O).
/// Every replica is correct, every message reaches everyone, and each replica logs its steps and
/// messages in the order the trace format asks (Docs/trace-format.md).
///
/// Digests and state digests are deterministic 64-bit mixes, so the same parameters always give the
/// same bytes.
public struct PBFTTraceSynthesizer: Sendable {
    /// n.
    public var replicaCount: Int
    /// f.
    public var faultThreshold: Int
    /// k, the checkpoint interval (at least 1).
    public var checkpointInterval: Int
    /// L, the window.
    public var window: Int
    /// A view change after every this many sequence numbers (a multiple of k; 0 for none).
    public var viewChangeEvery: Int

    /// A synthesizer.
    ///
    /// - Precondition: 1 ≤ n ≤ 64, f < n, k ≥ 1, L ≥ k, `viewChangeEvery` a multiple of k.
    public init(replicaCount: Int = 4, faultThreshold: Int = 1, checkpointInterval: Int = 128, window: Int = 256, viewChangeEvery: Int = 0)
    {
        precondition(replicaCount >= 2 && replicaCount <= ReplicaSet.capacity && faultThreshold < replicaCount)
        precondition(checkpointInterval >= 1 && window >= checkpointInterval && viewChangeEvery % checkpointInterval == 0)
        self.replicaCount = replicaCount
        self.faultThreshold = faultThreshold
        self.checkpointInterval = checkpointInterval
        self.window = window
        self.viewChangeEvery = viewChangeEvery
    }

    /// The header line of replica `replica`'s file.
    public func header(for replica: ReplicaID) -> String {
        let names = (0..<replicaCount).map { "\"r\($0)\"" }.joined(separator: ",")
        return
            "{\"format\":\"\(TraceHeaderV2.formatName)\",\"protocol\":\"\(PBFTTraceCodec.protocolName)\",\"replica\":\"\(replica)\",\"n\":\(replicaCount),\"f\":\(faultThreshold),\"replicas\":[\(names)],\"params\":{\"checkpoint_interval\":\(checkpointInterval),\"window\":\(window)}}"
    }

    /// A 64-bit mix (SplitMix64's finaliser).
    static func mix(_ value: UInt64) -> UInt64 {
        var x = value &+ 0x9E37_79B9_7F4A_7C15
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 31)
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Writes whole sequence numbers until at least `events` events are written, each line (with
    /// its replica) to `emit` in the order a replica logs it; returns the events written and the
    /// last sequence number and view.
    @discardableResult
    public func write(events: Int, to emit: (ReplicaID, String) -> Void) -> (events: Int, lastSequence: Int, lastView: Int) {
        let n = replicaCount
        let replicas = (0..<n).map(ReplicaID.init)
        var lsn = Array(repeating: 0, count: n)
        var written = 0
        func line(_ replica: ReplicaID, _ body: String) {
            lsn[replica.index] += 1
            written += 1
            emit(replica, "{\"replica\":\"\(replica)\",\"lsn\":\(lsn[replica.index]),\(body)}")
        }
        func others(_ replica: ReplicaID) -> String {
            replicas.filter { $0 != replica }.map { "\"\($0)\"" }.joined(separator: ",")
        }
        var view = 0
        var slot = 0
        var state: UInt64 = 0
        while written < events {
            slot += 1
            let primary = replicas[view % n]
            let digest = Self.hex(Self.mix(UInt64(slot)))
            func vote(_ type: String) -> String { "{\"type\":\"\(type)\",\"view\":\(view),\"seq\":\(slot),\"digest\":\"\(digest)\"}" }
            func step(_ event: String) -> String { "\"event\":\"\(event)\",\"view\":\(view),\"seq\":\(slot),\"digest\":\"\(digest)\"" }
            // PRE-PREPARE, then the backups' PREPAREs.
            line(primary, step("pre-prepared"))
            line(
                primary, "\"event\":\"send\",\"msg\":\"PP.\(view).\(slot)\",\"to\":[\(others(primary))],\"message\":\(vote("PRE-PREPARE"))")
            for backup in replicas where backup != primary {
                line(backup, "\"event\":\"recv\",\"msg\":\"PP.\(view).\(slot)\",\"from\":\"\(primary)\",\"message\":\(vote("PRE-PREPARE"))")
                line(backup, step("pre-prepared"))
                line(
                    backup,
                    "\"event\":\"send\",\"msg\":\"P.\(view).\(slot).\(backup)\",\"to\":[\(others(backup))],\"message\":\(vote("PREPARE"))")
            }
            for replica in replicas {
                for backup in replicas where backup != primary && backup != replica {
                    line(
                        replica,
                        "\"event\":\"recv\",\"msg\":\"P.\(view).\(slot).\(backup)\",\"from\":\"\(backup)\",\"message\":\(vote("PREPARE"))")
                }
                line(replica, step("prepared"))
                line(
                    replica,
                    "\"event\":\"send\",\"msg\":\"C.\(view).\(slot).\(replica)\",\"to\":[\(others(replica))],\"message\":\(vote("COMMIT"))")
            }
            for replica in replicas {
                for other in replicas where other != replica {
                    line(
                        replica,
                        "\"event\":\"recv\",\"msg\":\"C.\(view).\(slot).\(other)\",\"from\":\"\(other)\",\"message\":\(vote("COMMIT"))")
                }
                line(replica, step("committed"))
                line(replica, "\"event\":\"executed\",\"seq\":\(slot),\"digest\":\"\(digest)\"")
            }
            state = Self.mix(state ^ Self.mix(UInt64(slot)))
            guard slot % checkpointInterval == 0 else { continue }
            // The checkpoint, made stable by every replica.
            let name = Self.hex(state)
            let checkpoint = "{\"type\":\"CHECKPOINT\",\"seq\":\(slot),\"state\":\"\(name)\"}"
            for replica in replicas {
                line(replica, "\"event\":\"checkpoint\",\"seq\":\(slot),\"state\":\"\(name)\"")
                line(replica, "\"event\":\"send\",\"msg\":\"CK.\(slot).\(replica)\",\"to\":[\(others(replica))],\"message\":\(checkpoint)")
            }
            for replica in replicas {
                for other in replicas where other != replica {
                    line(replica, "\"event\":\"recv\",\"msg\":\"CK.\(slot).\(other)\",\"from\":\"\(other)\",\"message\":\(checkpoint)")
                }
                line(replica, "\"event\":\"checkpoint-stable\",\"seq\":\(slot),\"state\":\"\(name)\"")
            }
            guard viewChangeEvery > 0, slot % viewChangeEvery == 0, written < events else { continue }
            // A view change at the stable checkpoint: nothing prepared above it, O empty.
            view += 1
            let next = replicas[view % n]
            let change = "{\"type\":\"VIEW-CHANGE\",\"view\":\(view),\"checkpoint\":\(slot),\"state\":\"\(name)\",\"prepared\":[]}"
            for replica in replicas {
                line(replica, "\"event\":\"view-change\",\"view\":\(view)")
                line(replica, "\"event\":\"send\",\"msg\":\"VC.\(view).\(replica)\",\"to\":[\(others(replica))],\"message\":\(change)")
            }
            for other in replicas where other != next {
                line(next, "\"event\":\"recv\",\"msg\":\"VC.\(view).\(other)\",\"from\":\"\(other)\",\"message\":\(change)")
            }
            let newView = "{\"type\":\"NEW-VIEW\",\"view\":\(view),\"checkpoint\":\(slot),\"state\":\"\(name)\",\"o\":[]}"
            line(next, "\"event\":\"new-view\",\"view\":\(view),\"checkpoint\":\(slot),\"state\":\"\(name)\",\"o\":[]")
            line(next, "\"event\":\"send\",\"msg\":\"NV.\(view)\",\"to\":[\(others(next))],\"message\":\(newView)")
            for backup in replicas where backup != next {
                line(backup, "\"event\":\"recv\",\"msg\":\"NV.\(view)\",\"from\":\"\(next)\",\"message\":\(newView)")
                line(backup, "\"event\":\"new-view\",\"view\":\(view),\"checkpoint\":\(slot),\"state\":\"\(name)\",\"o\":[]")
            }
        }
        return (written, slot, view)
    }

    /// The run as in-memory files, one per replica (`r0.ndjson`, …): for tests.
    public func files(events: Int) -> [(name: String, text: String)] {
        var lines = (0..<replicaCount).map { [header(for: ReplicaID($0))] }
        write(events: events) { replica, line in lines[replica.index].append(line) }
        return lines.enumerated().map { (name: "r\($0.offset).ndjson", text: $0.element.joined(separator: "\n") + "\n") }
    }
}
