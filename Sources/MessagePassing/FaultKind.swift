/// How one replica behaves (tutorial, "Primary failure versus malicious replicas"; Castro & Liskov §2).
public enum FaultKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Follows the protocol. Because the checker assumes no fairness, a correct replica may also stop
    /// taking steps at any point, so a replica that crashes *after* having run correctly for a while is
    /// modelled, for safety, exactly by a correct one: configure crashes that matter that way.
    case correct
    /// Crashed before sending anything: it never takes a step and none of its messages exist.
    case crashed
    /// Byzantine: may send any well-formed message under its own identity, to any subset of replicas,
    /// equivocating freely, or stay silent. It can never forge another replica's message (messages are
    /// signed, Castro & Liskov §2). Its messages are an always-available vocabulary, not steps.
    case byzantine
}
