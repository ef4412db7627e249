import MessagePassing
import ModelChecking

/// Which kinds of step the configuration rules out, for coverage reports: the kinds are the layer
/// port's rules, and the reasons are its (`PBFTLayer.whyNeverEnabled(_:)`), read off the same
/// configuration.
extension PBFT {
    /// Why steps of kind `kind` (an index into `actionKindNames`) are never enabled under this
    /// configuration, or `nil` when they may be.
    public func whyNeverEnabled(actionKind kind: Int) -> String? {
        guard let rule = PBFTLayer.Rule(rawValue: PBFTAction.kindNames[kind]) else { return nil }
        return PBFTLayer(configuration).whyNeverEnabled(rule)
    }
}
