import Foundation
import MessagePassing
import ModelChecking
import ProtocolSpecs

/// Conformant version-2 reliable-broadcast traces made from the spec's own runs: each broadcast
/// instance is a seeded random walk of `MessagePassingSystem<ReliableBroadcast>` to its end, written
/// as each replica's `broadcast`/`send`/`recv`/`deliver` events (a quorum step is preceded by the
/// receipts of the messages it counted), and a long run interleaves many instances, `concurrency`
/// at a time, with every replica logging `stable k` once instances 1…k are done.
///
/// The same parameters always give the same bytes.
public struct BrachaTraceSynthesizer: Sendable {
    /// One event of a walk: whose it is, and its line without `replica`, `lsn` and `instance`.
    struct Step {
        var replica: ReplicaID
        var body: String
    }

    /// n.
    public var replicaCount: Int
    /// f.
    public var faultThreshold: Int
    /// How many values the sender may broadcast (`params.values`).
    public var valueCount: Int
    /// The walks' seed.
    public var seed: UInt64
    /// How many distinct instance walks the run cycles through (each instance k uses walk
    /// `(k − 1) mod templates`, so a run of millions of events costs a few walks).
    public var templates: Int

    /// A synthesizer.
    public init(replicaCount: Int = 4, faultThreshold: Int = 1, valueCount: Int = 2, seed: UInt64 = 1, templates: Int = 8) {
        self.replicaCount = replicaCount
        self.faultThreshold = faultThreshold
        self.valueCount = valueCount
        self.seed = seed
        self.templates = templates
    }

    /// The one line that reproduces a run of these parameters.
    public func reproduction(instances: UInt64, concurrency: Int) -> String {
        "BrachaTraceSynthesizer(replicaCount: \(replicaCount), faultThreshold: \(faultThreshold), valueCount: \(valueCount), seed: \(seed), templates: \(templates)).write(instances: \(instances), concurrency: \(concurrency), …)"
    }

    /// The spec the walks run.
    var spec: ReliableBroadcast {
        ReliableBroadcast(
            replicaCount: replicaCount, faultThreshold: faultThreshold, faults: FaultModel(replicaCount: replicaCount, byzantine: 0),
            valueCount: valueCount)
    }

    /// The header line of replica `replica`'s file (`nil`: of a merged file).
    public func header(for replica: ReplicaID?) -> String {
        let names = (0..<replicaCount).map { "\"r\($0)\"" }.joined(separator: ",")
        let own = replica.map { ",\"replica\":\"\($0)\"" } ?? ""
        return
            "{\"format\":\"\(TraceHeaderV2.formatName)\",\"protocol\":\"\(BrachaTraceCodec.protocolName)\"\(own),\"n\":\(replicaCount),\"f\":\(faultThreshold),\"replicas\":[\(names)],\"params\":{\"values\":\(valueCount)}}"
    }

    /// One instance's events in a causal global order, grouped by spec step (a step's receipts,
    /// its event and its sends stay together in the replica's log): a seeded walk to the end.
    func walk(seed: UInt64) -> [[Step]] {
        let system = try! MessagePassingSystem(spec, reducingReplicas: false, reducingValues: false)
        var generator = SeededGenerator(seed: seed)
        var state = system.initialStates[0]
        var received = Array(repeating: Set<Envelope<BroadcastMessage>>(), count: replicaCount)
        var groups: [[Step]] = []
        var steps: [Step] = []
        var actions: [ProtocolStep<ReliableBroadcast>] = []
        func message(_ message: BroadcastMessage) -> String { "{\"kind\":\"\(message.kind.rawValue)\",\"value\":\"\(message.value)\"}" }
        func receive(_ envelope: Envelope<BroadcastMessage>, at replica: ReplicaID) {
            guard envelope.from != replica, received[replica.index].insert(envelope).inserted else { return }
            steps.append(
                Step(replica: replica, body: "\"event\":\"recv\",\"from\":\"\(envelope.from)\",\"message\":\(message(envelope.message))"))
        }
        while true {
            actions.removeAll(keepingCapacity: true)
            system.actions(in: state, into: &actions)
            guard !actions.isEmpty else { break }
            // Sometimes a replica reads a quorum message early, before it acts on it.
            if Int.random(in: 0..<3, using: &generator) == 0, !state.sent.isEmpty {
                let envelope = state.sent[Int.random(in: 0..<state.sent.count, using: &generator)]
                if spec.rule(of: envelope.message) == nil {
                    receive(envelope, at: ReplicaID(Int.random(in: 0..<replicaCount, using: &generator)))
                }
            }
            if !steps.isEmpty { groups.append(steps) }
            steps = []
            let action = actions[Int.random(in: 0..<actions.count, using: &generator)]
            guard case .fires(let effect) = system.reaction(to: action, in: state) else { preconditionFailure("an enabled step refused") }
            let replica = action.replica
            switch action {
            case .receive(_, let trigger, let sender):
                receive(Envelope(from: sender, message: trigger), at: replica)
            case .input(_, let input):
                if let quorum = effect.quorum {
                    for envelope in state.sent where envelope.message == quorum.message { receive(envelope, at: replica) }
                }
                switch input {
                case .broadcast(let value): steps.append(Step(replica: replica, body: "\"event\":\"broadcast\",\"value\":\"\(value)\""))
                case .deliver(let value): steps.append(Step(replica: replica, body: "\"event\":\"deliver\",\"value\":\"\(value)\""))
                case .readyOnEchoes, .readyOnReadies: break
                }
            }
            for sent in effect.sends { steps.append(Step(replica: replica, body: "\"event\":\"send\",\"message\":\(message(sent))")) }
            state = system.successor(of: state, taking: action)!
            groups.append(steps)
            steps = []
        }
        return groups
    }

    /// Writes a run of `instances` broadcasts, `concurrency` in progress at a time, calling `emit`
    /// with each line: `nil` replica for a merged file's line order, else the replica whose log it
    /// belongs to (headers first, one per replica).
    ///
    /// - Returns: the number of events written.
    @discardableResult
    public func write(instances: UInt64, concurrency: Int, _ emit: (ReplicaID, String) throws -> Void) rethrows -> Int {
        let walks = (0..<max(1, templates)).map { walk(seed: seed &+ UInt64($0)) }
        var generator = SeededGenerator(seed: seed ^ 0x9E37_79B9_7F4A_7C15)
        var lsn = Array(repeating: 0, count: replicaCount)
        var events = 0
        func line(_ replica: ReplicaID, _ instance: UInt64, _ body: String) throws {
            lsn[replica.index] += 1
            events += 1
            try emit(replica, "{\"replica\":\"\(replica)\",\"lsn\":\(lsn[replica.index]),\"instance\":\(instance),\(body)}")
        }
        // Instances in progress: (instance, position in its walk's groups).
        var active: [(instance: UInt64, position: Int)] = []
        var next: UInt64 = 1
        var finished = Set<UInt64>()
        var stable: UInt64 = 0
        while true {
            while active.count < max(1, concurrency) && next <= instances {
                active.append((next, 0))
                next += 1
            }
            guard !active.isEmpty else { break }
            let slot = Int.random(in: 0..<active.count, using: &generator)
            let (instance, position) = active[slot]
            let walk = walks[Int((instance - 1) % UInt64(walks.count))]
            for step in walk[position] { try line(step.replica, instance, step.body) }
            if position + 1 < walk.count {
                active[slot].position = position + 1
                continue
            }
            active.remove(at: slot)
            finished.insert(instance)
            var advanced = false
            while finished.remove(stable + 1) != nil {
                stable += 1
                advanced = true
            }
            if advanced {
                for replica in 0..<replicaCount { try line(ReplicaID(replica), stable, "\"event\":\"stable\"") }
            }
        }
        return events
    }

    /// A run as in-memory files: one per replica with its header (`merged`: one file, every line in
    /// the causal order written), for `TraceValidator.validate(texts:)`.
    public func texts(instances: UInt64, concurrency: Int, merged: Bool = false) -> [(name: String, text: String)] {
        if merged {
            var text = header(for: nil) + "\n"
            write(instances: instances, concurrency: concurrency) { _, line in text += line + "\n" }
            return [("trace.ndjson", text)]
        }
        var texts = (0..<replicaCount).map { header(for: ReplicaID($0)) + "\n" }
        write(instances: instances, concurrency: concurrency) { replica, line in texts[replica.index] += line + "\n" }
        return texts.enumerated().map { ("r\($0.offset).ndjson", $0.element) }
    }

    /// Writes a run as one file per replica under `directory`, streaming (constant memory).
    ///
    /// - Returns: the files' paths and the number of events.
    /// - Throws: when a file cannot be written.
    public func writeFiles(instances: UInt64, concurrency: Int, to directory: String) throws -> (paths: [String], events: Int) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let paths = (0..<replicaCount).map { (directory as NSString).appendingPathComponent("r\($0).ndjson") }
        var buffers = (0..<replicaCount).map { header(for: ReplicaID($0)) + "\n" }
        let handles = try paths.map { path -> FileHandle in
            guard FileManager.default.createFile(atPath: path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
            return try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        }
        defer { for handle in handles { try? handle.close() } }
        let events = try write(instances: instances, concurrency: concurrency) { replica, line in
            buffers[replica.index] += line
            buffers[replica.index] += "\n"
            if buffers[replica.index].utf8.count >= 1 << 20 {
                try handles[replica.index].write(contentsOf: Data(buffers[replica.index].utf8))
                buffers[replica.index] = ""
            }
        }
        for (index, buffer) in buffers.enumerated() where !buffer.isEmpty { try handles[index].write(contentsOf: Data(buffer.utf8)) }
        return (paths, events)
    }
}
