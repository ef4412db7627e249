/// A (view, sequence number) pair: where the normal-case messages of one ordering attempt are kept
/// (Castro & Liskov, OSDI '99 §4.2).
struct SlotKey: Hashable, Comparable, Sendable {
    let view: ViewNumber
    let sequence: SequenceNumber

    static func < (a: SlotKey, b: SlotKey) -> Bool { (a.view, a.sequence) < (b.view, b.sequence) }
}
