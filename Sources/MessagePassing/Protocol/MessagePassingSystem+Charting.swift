import ModelChecking

/// Message sequence charts of counterexamples: a receipt is an arrow from its sender (Byzantine
/// senders included — that is where equivocation shows), a quorum step draws an arrow from each
/// sender it needed, a client request an arrow from `client`, and what a step sends is a note.
extension MessagePassingSystem: MessageSequenceCharting {
    /// `client`, then every participant, faulty ones labelled.
    public func chartParticipants(of state: State) -> [String] {
        ["client"]
            + spec.faults.all.map { replica in
                switch spec.faults.kind(of: replica) {
                case .correct: replica.description
                case .byzantine: "\(replica) as \(replica) (Byzantine)"
                case .crashed: "\(replica) as \(replica) (crashed)"
                }
            }
    }

    /// The arrows and notes of one step.
    public func chartEvents(of action: Action, from before: State, to after: State) -> [ChartEvent] {
        guard case .fires(let effect) = reaction(to: action, in: before) else { return [] }
        let me = action.replica
        var events: [ChartEvent] = []
        switch action {
        case .receive(_, let message, let sender):
            if sender != me { events.append(.message(from: sender.description, to: me.description, label: message.description)) }
        case .input(_, let input):
            switch spec.inputKind(of: input) {
            case .request: events.append(.message(from: "client", to: me.description, label: input.description))
            case .timer: events.append(.note(over: me.description, text: "timer: \(input)"))
            case .local:
                if let quorum = effect.quorum {
                    // Its own message needs no arrow.
                    for sender in quorumSenders(of: quorum, at: me, in: before) where sender != me {
                        events.append(.message(from: sender.description, to: me.description, label: quorum.message.description))
                    }
                }
                events.append(.note(over: me.description, text: input.description))
            }
        }
        for message in effect.sends {
            let audience = spec.recipients(of: message, from: me)?.description ?? "all"
            events.append(.note(over: me.description, text: "\(message) to \(audience)"))
        }
        return events
    }
}
