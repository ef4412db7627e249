import MessagePassing
import ModelChecking
import ProtocolSpecs

/// Renders a trace of the PBFT spec as the logs real replicas would write: the receives each step
/// needs (from correct senders' sends, or from the Byzantine vocabulary as sends of the faulty
/// replicas), the step, and the messages it multicasts; plus, at random, deliveries nothing needed
/// and duplicate deliveries, as an unordered, duplicating network makes.
///
/// The output is a faithful implementation trace of that spec behaviour, so the oracle must accept
/// it; and each event knows why it is there, so mutants know where they must be rejected.
public struct TraceSynthesizer {
    let spec: PBFT
    let noise: Double
    var generator: SeededGenerator

    /// A synthesizer for `spec`, its random choices (which senders' messages a quorum step reads,
    /// extra deliveries) seeded by `seed`; `noise` is the chance of an extra delivery after a step.
    public init(spec: PBFT, seed: UInt64, noise: Double = 0.3) {
        self.spec = spec
        self.noise = noise
        generator = SeededGenerator(seed: seed ^ 0x5EED_70_7AC3)
    }

    /// The header of runs of `spec`: replicas `r0`…, requests `req1`…, the spec's quorums and bounds.
    public static func header(for spec: PBFT) -> TraceHeader {
        let configuration = spec.configuration
        return TraceHeader(
            replicaNames: (0..<configuration.replicaCount).map { "r\($0)" }, faultThreshold: configuration.faultThreshold,
            faulty: configuration.faults.byzantine, crashed: configuration.faults.crashed, quorum: configuration.quorum,
            newViewQuorum: configuration.newViewQuorum, checkpointInterval: configuration.checkpointInterval, window: configuration.window,
            requests: (1...configuration.requestCount).map { Digest.request(RequestID($0)).description },
            implementation: "bftcheck simulate (the PBFT spec itself)")
    }

    /// The run of `trace`.
    public mutating func render(_ trace: Trace<PBFT>) -> SynthesizedRun {
        var renderer = SynthesisRenderer(spec: spec, header: Self.header(for: spec), noise: noise, generator: generator)
        var before = trace.initialState
        for step in trace.steps {
            renderer.render(step.action, from: before, to: step.state)
            before = step.state
        }
        generator = renderer.generator
        return SynthesizedRun(header: renderer.header, entries: renderer.entries)
    }
}
