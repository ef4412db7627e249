import Foundation
import MessagePassing

/// Divergences and what they carry: the replica's spec state, its enabled steps, and the nearest
/// miss — the spec handler's own refusal reason, never a second copy of the rules.
extension ValidationRun {
    /// A candidate step for an event, and why it did not explain it.
    struct Miss {
        var step: ProtocolStep<Spec>
        /// The spec's refusal, when its handler refused the step: worded only for a divergence (most
        /// misses are of steps tried before the one that explains the event).
        var refusal: Spec.Refusal?
        /// Why else the step did not explain the event (a missing receipt or another send).
        var other = ""

        /// A step whose handler refused it.
        init(step: ProtocolStep<Spec>, refusal: Spec.Refusal) {
            self.step = step
            self.refusal = refusal
        }

        /// A step that did not explain the event for `reason`.
        init(step: ProtocolStep<Spec>, reason: String) {
            self.step = step
            other = reason
        }

        /// Whether the reason is the spec's refusal (rather than a missing receipt or another send).
        var isRefusal: Bool { refusal != nil }
        var reason: String { refusal.map(\.description) ?? other }
        var text: String { "\(step) — \(reason)" }
    }

    /// Records a divergence at a replica whose live state in `instance` is in `tracks`, if any.
    mutating func diverge(
        at location: TraceLocation, replica: ReplicaID, instance: Codec.Instance?, event: String, problem: String, misses: [Miss]
    ) {
        let live = instance.flatMap { tracks[replica.index].instances[$0] }
        record(at: location, replica: replica, instance: instance, event: event, problem: problem, live: live, misses: misses)
    }

    /// Records a divergence at a replica whose live state in `instance` is `live`.
    mutating func diverge(
        at location: TraceLocation, replica: ReplicaID, instance: Codec.Instance, event: String, problem: String, live: Live, misses: [Miss]
    ) {
        record(at: location, replica: replica, instance: instance, event: event, problem: problem, live: live, misses: misses)
    }

    private mutating func record(
        at location: TraceLocation, replica: ReplicaID, instance: Codec.Instance?, event: String, problem: String, live: Live?,
        misses: [Miss]
    ) {
        var ordered = misses.filter(\.isRefusal)
        ordered += misses.filter { !$0.isRefusal }
        var enabled: [String] = []
        var state = "(no live state)"
        if var live {
            state = Self.json(live.row)
            enabled = enabledSteps(of: replica, &live).map(\.description)
        }
        divergences.append(
            ValidatorDivergence(
                location: location, replica: replica, replicaName: header.name(of: replica), instance: instance.map(\.description) ?? "-",
                event: event, problem: problem, state: state, enabled: enabled, nearestMiss: ordered.first?.text,
                misses: ordered.map(\.text),
                glossary: codec.glossary(
                    of: ([event, problem, state] + enabled + ordered.map(\.text)).joined(separator: "\n"), names: names)))
        if !options.reportsAll { stopped = true }
    }

    /// The steps the spec lets `replica` take on its own view: its inputs, then receipts of what it
    /// received, in the layer's order, whose handlers fire.
    mutating func enabledSteps(of replica: ReplicaID, _ live: inout Live) -> [ProtocolStep<Spec>] {
        var inputs: [Spec.Input] = []
        spec.inputs(at: replica, in: live.row, inbox: system.inbox(of: replica, receipts: live.received), into: &inputs)
        var steps: [ProtocolStep<Spec>] = inputs.map { .input(replica: replica, input: $0) }
        live.received.forEach { sender, message in
            if spec.rule(of: message) != nil { steps.append(.receive(replica: replica, message: message, from: sender)) }
        }
        return steps.filter { evaluate($0, &live).isFiring }
    }

    /// `messages` as `ECHO(a), READY(a)`.
    func describe(_ messages: [Message]) -> String { messages.map(\.description).joined(separator: ", ") }

    /// A value as canonical JSON (sorted keys), for reports.
    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return String(describing: value) }
        return String(decoding: data, as: UTF8.self)
    }
}
