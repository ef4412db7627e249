/// What one replica can receive in a state: the messages correct replicas sent to it, and the
/// Byzantine vocabulary. Quorum rules read it ("2f + 1 matching READYs") when they fire, so the
/// network never needs to store what was delivered (see `FaultModel`'s vocabulary notes).
///
/// Handlers see only messages through it, never another replica's local state.
public struct Inbox<P: ReplicaProtocol> {
    @usableFromInline let context: ProtocolContext<P>
    /// The network: the state's sent messages (the inbox never needs the rows); empty when it reads
    /// `receipts`.
    @usableFromInline let sent: [Envelope<P.Message>]
    /// A judged replica's view, blocked by `ReplicaProtocol.messageBlock(of:)`, when the inbox reads
    /// one (`readsReceipts`) instead of `sent`.
    @usableFromInline let receipts: EnvelopeBlocks<P.Message>
    @usableFromInline let readsReceipts: Bool
    /// The replica reading.
    public let receiver: ReplicaID
    /// When the step delivers a vocabulary message, its position in `ProtocolContext
    /// .holderMessages` (else -1): the handler's quorum count then finds the message's Byzantine
    /// holders without a search.
    @usableFromInline var stimulusHolder: Int
    /// The state's memo while its steps are listed (`nil`: values are computed each time).
    @usableFromInline let memo: NetworkMemo?

    @inlinable
    init(context: ProtocolContext<P>, state: MessagePassingState<P>, receiver: ReplicaID, memo: NetworkMemo? = nil) {
        self.init(context: context, sent: state.network, receiver: receiver, stimulusHolder: -1, memo: memo)
    }

    /// What `receiver` reads from `receipts`, a judged replica's view (`MessagePassingSystem
    /// .reaction(to:row:receipts:)`).
    @inlinable
    init(context: ProtocolContext<P>, receipts: EnvelopeBlocks<P.Message>, receiver: ReplicaID) {
        self.context = context
        sent = []
        self.receipts = receipts
        readsReceipts = true
        self.receiver = receiver
        stimulusHolder = -1
        memo = nil
    }

    /// This inbox while the step delivers the vocabulary message at `holder` in
    /// `ProtocolContext.holderMessages`.
    @inlinable
    func delivering(holder: Int) -> Inbox {
        var inbox = self
        inbox.stimulusHolder = holder
        return inbox
    }

    @inlinable
    init(context: ProtocolContext<P>, sent: [Envelope<P.Message>], receiver: ReplicaID, stimulusHolder: Int, memo: NetworkMemo?) {
        self.context = context
        self.sent = sent
        receipts = EnvelopeBlocks(blockCount: 1)
        readsReceipts = false
        self.receiver = receiver
        self.stimulusHolder = stimulusHolder
        self.memo = memo
    }

    /// The value `compute` derives from the network, computed once per state while the system
    /// lists its steps (and each time otherwise). `key` names the value among those the protocol
    /// memoizes; the inboxes of every receiver share the memo, so a value that depends on the
    /// receiver (on messages addressed to some replicas only) must include it in the key.
    @inlinable
    public func memoized<Value>(_ key: Int, _ compute: () -> Value) -> Value {
        guard let memo else { return compute() }
        if let value = memo.values[key] as? Value { return value }
        let value = compute()
        memo.values[key] = value
        return value
    }

    /// The Byzantine replicas whose vocabulary holds `message`: the delivered message's without a
    /// search.
    @inlinable
    func holders(of message: P.Message) -> ReplicaSet {
        if stimulusHolder >= 0 && context.holderMessages[stimulusHolder] == message { return context.holderSenders[stimulusHolder] }
        return context.byzantineHolders(of: message)
    }

    /// The correct replicas that sent `message` to the receiver.
    ///
    /// - Complexity: O(c log m) for c correct participants and m messages on the network: the
    ///   network is sorted by sender, then message, so each candidate is one binary search (rather
    ///   than a scan that copies every message on the way).
    @inlinable
    public func correctSenders(of message: P.Message) -> ReplicaSet {
        var senders = ReplicaSet()
        for sender in context.correct where context.isAddressed(message, from: sender, to: receiver) {
            if hasSent(message, by: sender) { senders.insert(sender) }
        }
        return senders
    }

    /// Whether correct `sender` sent `message` (whoever it was addressed to): a binary search for
    /// the sender's run of the network, then one for the message within it, comparing senders as
    /// integers and never copying a message.
    @inlinable
    func hasSent(_ message: P.Message, by sender: ReplicaID) -> Bool {
        if readsReceipts { return receipts.contains(message, from: sender, block: context.spec.messageBlock(of: message)) }
        let low = firstPosition(from: sender, notBelow: message, searchingFrom: runStart(of: sender))
        return low < sent.count && sent[low].from == sender && sent[low].message == message
    }

    /// The position of `sender`'s first message on the network that is not below `lowest`, or
    /// where it would be, searching from `start` (within or at the start of the sender's run): a
    /// binary search that never copies a message.
    @inlinable
    func firstPosition(from sender: ReplicaID, notBelow lowest: P.Message, searchingFrom start: Int) -> Int {
        var low = start
        var high = sent.count
        while low < high {
            let middle = (low + high) / 2
            if sent[middle].from == sender && sent[middle].message < lowest { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The position of `sender`'s first message on the network (sorted by sender), or where its run
    /// would begin: a binary search comparing senders as integers.
    @inlinable
    func runStart(of sender: ReplicaID) -> Int {
        var low = 0
        var high = sent.count
        while low < high {
            let middle = (low + high) / 2
            if sent[middle].from < sender { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The Byzantine replicas whose vocabulary offers `message` to the receiver in this state.
    @inlinable
    public func byzantineSenders(of message: P.Message) -> ReplicaSet {
        let holders = holders(of: message)
        guard !holders.isEmpty else { return holders }
        var senders = ReplicaSet()
        for sender in holders
        where context.isAddressed(message, from: sender, to: receiver)
            && context.spec.isAvailable(message, fromByzantine: sender, inbox: self)
        {
            senders.insert(sender)
        }
        return senders
    }

    /// Every replica from which the receiver can receive `message`.
    @inlinable
    public func senders(of message: P.Message) -> ReplicaSet { correctSenders(of: message).union(byzantineSenders(of: message)) }

    /// The number of distinct senders in `eligible` (default: all) from which the receiver can
    /// receive `message`: what a quorum rule compares with its threshold.
    @inlinable
    public func support(of message: P.Message, among eligible: ReplicaSet? = nil) -> Int {
        let senders = senders(of: message)
        return (eligible.map(senders.intersection) ?? senders).count
    }

    /// Whether the receiver can receive `message` from `sender`.
    @inlinable
    public func canReceive(_ message: P.Message, from sender: ReplicaID) -> Bool {
        guard context.isAddressed(message, from: sender, to: receiver) else { return false }
        if context.correctSet.contains(sender) { return hasSent(message, by: sender) }
        return context.byzantineSet.contains(sender) && holders(of: message).contains(sender)
            && context.spec.isAvailable(message, fromByzantine: sender, inbox: self)
    }

    /// Calls `body` with every message correct `sender` has sent to the receiver, in the network's
    /// order (a replica reading its own log passes itself).
    ///
    /// - Complexity: O(log m + k) for m messages on the network, k of them from `sender`.
    @inlinable
    public func forEachMessage(from sender: ReplicaID, _ body: (P.Message) -> Void) {
        if readsReceipts {
            receipts.forEachMessage(from: sender) { message in
                if context.isAddressed(message, from: sender, to: receiver) { body(message) }
            }
            return
        }
        var low = runStart(of: sender)
        while low < sent.count && sent[low].from == sender {
            let message = sent[low].message
            if context.isAddressed(message, from: sender, to: receiver) { body(message) }
            low += 1
        }
    }

    /// Calls `body` with the messages correct `sender` has sent to the receiver that are not below
    /// `lowest` in the network's order, in that order, until it returns `false`: a rule that reads
    /// one block of the sender's messages (e.g. those of one kind, view and sequence number, which
    /// the message order keeps together) finds it by binary search instead of a scan.
    ///
    /// - Complexity: O(log m + k) for m messages on the network, k of them visited.
    @inlinable
    public func forEachMessage(from sender: ReplicaID, notBelow lowest: P.Message, _ body: (P.Message) -> Bool) {
        if readsReceipts {
            receipts.forEachMessage(from: sender, block: context.spec.messageBlock(of: lowest), notBelow: lowest) { message in
                !context.isAddressed(message, from: sender, to: receiver) || body(message)
            }
            return
        }
        var low = runStart(of: sender)
        // A few steps first (a model's inboxes are small), then a binary search (a judged log's are not).
        var steps = 0
        while steps < 4 && low < sent.count && sent[low].from == sender && sent[low].message < lowest {
            low += 1
            steps += 1
        }
        if steps == 4 { low = firstPosition(from: sender, notBelow: lowest, searchingFrom: low) }
        while low < sent.count && sent[low].from == sender {
            let message = sent[low].message
            if context.isAddressed(message, from: sender, to: receiver), !body(message) { return }
            low += 1
        }
    }

    /// Calls `body` with every message correct replicas have sent to the receiver, with its sender,
    /// by sender then message.
    ///
    /// - Complexity: O(m) for m messages on the network.
    @inlinable
    public func forEachCorrectMessage(_ body: (ReplicaID, P.Message) -> Void) {
        if readsReceipts {
            receipts.forEach { sender, message in
                if context.isAddressed(message, from: sender, to: receiver) { body(sender, message) }
            }
            return
        }
        for envelope in sent where context.isAddressed(envelope.message, from: envelope.from, to: receiver) {
            body(envelope.from, envelope.message)
        }
    }
}
