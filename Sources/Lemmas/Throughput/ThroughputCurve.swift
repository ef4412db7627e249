/// The five curves of the tutorial's slides "PBFT: Modeling real-world performance", with their
/// formulas (our bandwidth-bound reconstruction of those charts from the footnote's parameters: the primary's
/// outgoing link is the bottleneck, it sends every message to the n − 1 others).
public enum ThroughputCurve: String, Sendable, CaseIterable, Codable {
    /// "Maximum throughput of any primary-backup broadcast protocol": T = B / ((n − 1)·s_pp).
    case primaryBackup = "primary-backup"
    /// "in-order PBFT": one round at a time, three phases each costing δ plus transmission:
    /// T = 1 / (3δ + (n − 1)(s_pp + s_p + s_c)/B).
    case inOrder = "pbft-in-order"
    /// "in-order PBFT with batching": T = β / (3δ + (n − 1)(β·s_pp + s_p + s_c)/B).
    case inOrderBatched = "pbft-in-order-batched"
    /// "out-of-order PBFT": rounds pipelined, bandwidth only: T = B / ((n − 1)(s_pp + s_p + s_c)).
    case outOfOrder = "pbft-out-of-order"
    /// "out-of-order PBFT with batching": T = β·B / ((n − 1)(β·s_pp + s_p + s_c)).
    case outOfOrderBatched = "pbft-out-of-order-batched"

    /// The slide's caption.
    public var title: String {
        switch self {
        case .primaryBackup: "any primary-backup broadcast"
        case .inOrder: "in-order PBFT"
        case .inOrderBatched: "in-order PBFT, batching"
        case .outOfOrder: "out-of-order PBFT"
        case .outOfOrderBatched: "out-of-order PBFT, batching"
        }
    }

    /// The formula in plain text.
    public var formula: String {
        switch self {
        case .primaryBackup: "B / ((n − 1)·s_pp)"
        case .inOrder: "1 / (3δ + (n − 1)(s_pp + s_p + s_c) / B)"
        case .inOrderBatched: "β / (3δ + (n − 1)(β·s_pp + s_p + s_c) / B)"
        case .outOfOrder: "B / ((n − 1)(s_pp + s_p + s_c))"
        case .outOfOrderBatched: "β·B / ((n − 1)(β·s_pp + s_p + s_c))"
        }
    }

    /// Maximum transactions per second with `n` replicas.
    ///
    /// - Precondition: n ≥ 2.
    public func throughput(replicas n: Int, _ p: ThroughputParameters) -> Double {
        precondition(n >= 2, "the throughput model needs a primary and at least one backup")
        let others = Double(n - 1)
        let round = Double(p.preprepareBytes + p.prepareBytes + p.commitBytes)
        let batch = Double(p.batchSize * p.preprepareBytes + p.prepareBytes + p.commitBytes)
        let beta = Double(p.batchSize)
        switch self {
        case .primaryBackup: return p.bandwidth / (others * Double(p.preprepareBytes))
        case .inOrder: return 1 / (3 * p.phaseLatency + others * round / p.bandwidth)
        case .inOrderBatched: return beta / (3 * p.phaseLatency + others * batch / p.bandwidth)
        case .outOfOrder: return p.bandwidth / (others * round)
        case .outOfOrderBatched: return beta * p.bandwidth / (others * batch)
        }
    }
}
