/// What receives the successors a transition system lists in
/// `TransitionSystem.forEachSuccessor(of:scratch:into:)`: the checker's work on each successor
/// (fingerprint, route, keep), handed to the system as a value it calls.
///
/// A visitor is a generic parameter rather than a closure, so the checker's work is specialised
/// for the system and inlined into the system's own loop over its steps, and the successor is
/// handed over (`consuming`) where the system built it. Through a closure, each call went through a
/// context and a reabstraction thunk that copied the state and every value the closure captured
/// (the checker's whole configuration among them): on the PBFT model that was about 140 of 1,340
/// instructions a transition.
public protocol SuccessorVisitor<State, Action> {
    /// The states of the system visited.
    associatedtype State
    /// The actions of the system visited.
    associatedtype Action

    /// Receives `successor`, the state after `action`, the action at position `ordinal` of
    /// `TransitionSystem.actions(in:into:)` of the state being expanded. The successor is handed
    /// over: a system passes the state it built and does not use it again.
    mutating func visit(ordinal: Int, action: borrowing Action, successor: consuming State)
}
