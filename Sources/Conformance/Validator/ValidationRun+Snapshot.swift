import Foundation
import MessagePassing

/// The starting snapshot of a log that begins mid-run (Docs/trace-format.md, "Version 2"):
/// each replica's stable point, and each live instance's spec state in the layer's readable form.
extension ValidationRun {
    /// Loads `snapshot`: `{"stable": {"r1": mark, …}, "instances": [{"instance": i, "state":
    /// {"replicas": [row, …], "sent": {"r0": [message, …], …}}}, …]}`. A replica's view of an
    /// instance starts with every message of the instance's network addressed to it.
    ///
    /// - Throws: `MalformedTrace` naming the snapshot field at fault.
    mutating func load(_ snapshot: JSONValue, at location: TraceLocation) throws {
        func failure(_ field: String, _ problem: String) -> MalformedTrace {
            MalformedTrace(location.file, location.line, field: "snapshot.\(field)", problem)
        }
        let names = Dictionary(uniqueKeysWithValues: header.replicaNames.enumerated().map { ($1, ReplicaID($0)) })
        for member in snapshot.members ?? [] {
            switch member.key {
            case "stable":
                for entry in member.value.members ?? [] {
                    guard let replica = names[entry.key] else { throw failure("stable.\(entry.key)", "unknown replica") }
                    guard let mark = codec.mark(from: entry.value) else {
                        throw failure("stable.\(entry.key)", "not a stable point of \(Codec.protocolName): \(entry.value.kindDescription)")
                    }
                    tracks[replica.index].mark = mark
                }
            case "instances":
                guard let entries = member.value.elements else { throw failure("instances", "expected an array") }
                for (position, entry) in entries.enumerated() {
                    let path = "instances[\(position)]"
                    guard let value = entry["instance"], let instance = codec.instance(from: value) else {
                        throw failure("\(path).instance", "missing or not an instance of \(Codec.protocolName)")
                    }
                    guard let stateValue = entry["state"] else { throw failure("\(path).state", "missing") }
                    let state: MessagePassingState<Spec>
                    do {
                        state = try JSONDecoder().decode(MessagePassingState<Spec>.self, from: Data(JSONWriter.compact(stateValue).utf8))
                    } catch {
                        throw failure("\(path).state", "not a state of \(Codec.protocolName): \(error)")
                    }
                    guard state.replicas.count == header.replicaCount else {
                        throw failure("\(path).state.replicas", "expected \(header.replicaCount) rows, got \(state.replicas.count)")
                    }
                    for envelope in state.sent { recordSend(envelope.message, from: envelope.from, in: instance) }
                    for replica in judged where !codec.isRetired(instance, at: tracks[replica.index].mark) {
                        var live = Live(row: state.replicas[replica.index], received: noReceipts)
                        for envelope in state.sent
                        where spec.recipients(of: envelope.message, from: envelope.from)?.contains(replica) ?? true {
                            insert(envelope.message, from: envelope.from, into: &live)
                        }
                        liveStates += 1
                        tracks[replica.index].instances[instance] = live
                    }
                }
            default:
                throw failure(member.key, "unknown field; a snapshot has stable, instances")
            }
        }
        notePeaks()
    }
}
