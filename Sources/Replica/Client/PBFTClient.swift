/// A PBFT client as a pure state machine (Castro & Liskov, OSDI '99 §4.1): it sends its request to the
/// primary it believes in, waits for f + 1 replies with the same result from different replicas, and on a
/// timeout multicasts the request to every replica (so that backups notice a faulty primary). It has one
/// request outstanding at a time; timestamps increase by one per request.
public struct PBFTClient: Sendable {
    /// This client.
    public let id: ClientID
    /// The cluster's parameters.
    public let configuration: ReplicaConfiguration
    /// The retransmission timeout.
    public let retransmitTimeout: Duration

    /// The view of the latest reply: the client sends new requests to its primary.
    public private(set) var view: ViewNumber = .initial
    /// The request waiting for replies.
    public private(set) var outstanding: ClientRequest?
    /// The timestamp of the last request submitted.
    public private(set) var timestamp: UInt64 = 0
    /// For the outstanding request: the replicas that replied, per result.
    var replies: [ByteKey: Set<ReplicaID>] = [:]

    /// A client `id` of the cluster configured by `configuration`.
    ///
    /// - Parameter firstTimestamp: the timestamp of its first request is this plus one. A client that
    ///   starts again against replicas that executed its earlier requests must begin above them (e.g. at a
    ///   clock reading), or the replicas drop its requests as stale (§4.1).
    public init(id: ClientID, configuration: ReplicaConfiguration, retransmitTimeout: Duration, firstTimestamp: UInt64 = 0) {
        self.id = id
        timestamp = firstTimestamp
        self.configuration = configuration
        self.retransmitTimeout = retransmitTimeout
    }

    /// Submits `operation` as the next request.
    ///
    /// - Throws: `ClientError.requestOutstanding` while a request waits for replies.
    public mutating func submit(_ operation: [UInt8]) throws(ClientError) -> [ClientAction] {
        if let outstanding { throw .requestOutstanding(timestamp: outstanding.timestamp) }
        timestamp += 1
        let request = ClientRequest(client: id, timestamp: timestamp, operation: operation)
        outstanding = request
        replies = [:]
        return [.send(request, to: [configuration.primary(of: view)]), .setTimer(after: retransmitTimeout)]
    }

    /// Whether `reply`, which arrived authenticated by `sender`, answers the outstanding request: it names
    /// this client, the request's timestamp and `sender` itself (a replica votes only for itself), and
    /// `sender` is a replica of the cluster. A host may drop any other reply unread, before checking its
    /// authenticator (§4.1).
    public func awaits(_ reply: ClientReply, from sender: ReplicaID) -> Bool {
        guard let request = outstanding else { return false }
        return reply.client == id && reply.timestamp == request.timestamp && reply.replica == sender && configuration.contains(sender)
    }

    /// Handles a reply authenticated by `sender`; completes the request once f + 1 replicas sent the same
    /// result.
    public mutating func receive(_ reply: ClientReply, from sender: ReplicaID) -> [ClientAction] {
        guard awaits(reply, from: sender), let request = outstanding else { return [] }
        let result = ByteKey(reply.result)
        replies[result, default: []].insert(reply.replica)
        if reply.view > view { view = reply.view }
        guard replies[result]!.count >= configuration.replyQuorum else { return [] }
        outstanding = nil
        replies = [:]
        return [.cancelTimer, .completed(request, result: reply.result)]
    }

    /// The retransmission timer fired: multicast the outstanding request to every replica (§4.1).
    public mutating func timerFired() -> [ClientAction] {
        guard let request = outstanding else { return [] }
        return [.send(request, to: configuration.replicas), .setTimer(after: retransmitTimeout)]
    }
}
