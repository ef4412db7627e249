/// How far a replica has come, for the retransmission backoff (Castro & Liskov, TOCS 2002 §5.2): any
/// change of view, execution or stable checkpoint starts the interval again from the configured one.
struct RetransmitProgress: Hashable, Sendable {
    var view: ViewNumber
    var executed: SequenceNumber
    var stable: SequenceNumber
}
