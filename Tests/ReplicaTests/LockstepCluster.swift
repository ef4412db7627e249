@testable import Replica

/// A cluster for scripted unit tests: messages are queued in the order sent and delivered one at a time
/// (FIFO) when the test says so, optionally filtered; no randomness and no clock. Timers are only
/// recorded: a test fires them by hand.
struct LockstepCluster {
    var replicas: [PBFTStateMachine<CounterService>]
    var inFlight: [(message: ProtocolMessage, from: ReplicaID, to: ReplicaID)] = []
    var held: [(message: ProtocolMessage, from: ReplicaID, to: ReplicaID)] = []
    var replies: [ClientReply] = []
    var actions: [ReplicaID: [ReplicaAction]] = [:]

    init(_ configuration: ReplicaConfiguration) throws {
        replicas = try configuration.replicas.map { try PBFTStateMachine(configuration: configuration, id: $0) }
    }

    subscript(_ index: Int) -> PBFTStateMachine<CounterService> { replicas[index] }

    mutating func take(_ produced: [ReplicaAction], of replica: ReplicaID) {
        actions[replica, default: []] += produced
        for action in produced {
            switch action {
            case .send(let message, let destinations): for destination in destinations { inFlight.append((message, replica, destination)) }
            case .reply(let reply): replies.append(reply)
            default: continue
            }
        }
    }

    mutating func request(_ request: ClientRequest, to replicas: [Int]) {
        for index in replicas { take(self.replicas[index].receive(request: request), of: ReplicaID(index)) }
    }

    mutating func fire(_ timer: ReplicaTimer, at index: Int) {
        take(replicas[index].timerFired(timer), of: ReplicaID(index))
    }

    /// Delivers queued messages FIFO until none is left (or `limit`); those `hold` selects wait in
    /// `held` until `release()`.
    mutating func deliverAll(limit: Int = 100_000, hold: (ProtocolMessage, ReplicaID, ReplicaID) -> Bool = { _, _, _ in false }) {
        var delivered = 0
        while !inFlight.isEmpty, delivered < limit {
            let (message, sender, receiver) = inFlight.removeFirst()
            delivered += 1
            if hold(message, sender, receiver) {
                held.append((message, sender, receiver))
                continue
            }
            take(replicas[receiver.index].receive(message, from: sender), of: receiver)
        }
    }

    /// Queues the held messages again.
    mutating func release() {
        inFlight += held
        held = []
    }

    /// The trace steps `replica` recorded so far, in order.
    func steps(of index: Int) -> [TraceStep] {
        (actions[ReplicaID(index)] ?? []).compactMap { if case .record(let step) = $0 { step } else { nil } }
    }

    /// The sequence numbers and digests `replica` executed, in order.
    func executed(by index: Int) -> [(SequenceNumber, Digest)] {
        steps(of: index).compactMap { if case .executed(let n, let d, _) = $0 { (n, d) } else { nil } }
    }

    /// The drop reasons `replica` reported.
    func drops(of index: Int) -> [DropReason] {
        (actions[ReplicaID(index)] ?? []).compactMap { if case .dropped(let reason) = $0 { reason } else { nil } }
    }
}

func request(_ client: UInt32, _ timestamp: UInt64, _ operation: String = "x") -> ClientRequest {
    ClientRequest(client: ClientID(client), timestamp: timestamp, operation: Array(operation.utf8))
}

func smallConfiguration(batchSize: Int = 1, interval: UInt64 = 2, window: UInt64 = 4) throws -> ReplicaConfiguration {
    try ReplicaConfiguration(
        replicaCount: 4, faultTolerance: 1, checkpointInterval: interval, window: window, batchSize: batchSize,
        batchTimeout: .milliseconds(5), viewChangeTimeout: .milliseconds(100), stateFetchTimeout: .milliseconds(50))
}
