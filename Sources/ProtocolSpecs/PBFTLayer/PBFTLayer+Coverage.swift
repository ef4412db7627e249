import MessagePassing

/// Which rules the configuration rules out, for coverage reports: each reason is a guard no state
/// within the bounds can pass, read off the configuration. The packed `pbft` reports the same
/// reasons from here (its kinds are these rules).
extension PBFTLayer {
    /// Why `rule` never fires under this configuration, or `nil` when it may:
    /// - `propose` needs a correct primary of some view up to `max_view` (a Byzantine primary's
    ///   PRE-PREPAREs are messages of the adversary's vocabulary, not steps);
    /// - `acceptPrePrepare` needs a primary that is not crashed;
    /// - `timeout`, `sendNewView` and `acceptNewView` need a view above 0; `sendNewView` a correct
    ///   primary of such a view, `acceptNewView` one that is not crashed;
    /// - `stabilizeCheckpoint` needs a checkpoint slot: a multiple of `checkpoint_interval` within
    ///   `max_seq`.
    public func whyNeverEnabled(_ rule: Rule) -> String? {
        guard !isJudging else { return nil }
        let maxView = configuration.maxView.number
        func primaries(from first: Int) -> [FaultKind] {
            first > maxView ? [] : (first...maxView).map { faults.kind(of: primary(of: View($0))) }
        }
        let views = maxView == 0 ? "view 0" : "every view 0...\(maxView)"
        let newViews = maxView == 1 ? "view 1" : "every view 1...\(maxView)"
        switch rule {
        case .propose:
            guard !primaries(from: 0).contains(.correct) else { return nil }
            return "the primary of \(views) is faulty: a Byzantine primary's PRE-PREPAREs come from the adversary, not from propose steps"
        case .acceptPrePrepare:
            guard primaries(from: 0).allSatisfy({ $0 == .crashed }) else { return nil }
            return "the primary of \(views) is crashed"
        case .stabilizeCheckpoint:
            guard checkpointSlots.isEmpty else { return nil }
            if configuration.checkpointInterval == 0 { return "checkpoint_interval = 0: checkpoints are off" }
            return
                "no multiple of checkpoint_interval = \(configuration.checkpointInterval) is within max_seq = \(configuration.maxSequence.number)"
        case .timeout:
            return maxView == 0 ? "max_view = 0: no view changes" : nil
        case .sendNewView:
            if maxView == 0 { return "max_view = 0: no view changes" }
            guard !primaries(from: 1).contains(.correct) else { return nil }
            return "the primary of \(newViews) is faulty: a Byzantine NEWVIEW comes from the adversary, not from sendNewView steps"
        case .acceptNewView:
            if maxView == 0 { return "max_view = 0: no view changes" }
            guard primaries(from: 1).allSatisfy({ $0 == .crashed }) else { return nil }
            return "the primary of \(newViews) is crashed"
        case .prepare, .commit:
            return nil
        }
    }
}
