import ProtocolSpecs

extension PBFTAction {
    /// The kind's name, e.g. `prepare`.
    static func kindName(of action: PBFTAction) -> String {
        switch action {
        case .propose: "propose"
        case .acceptPrePrepare: "acceptPrePrepare"
        case .prepare: "prepare"
        case .commit: "commit"
        case .stabilizeCheckpoint: "stabilizeCheckpoint"
        case .timeout: "timeout"
        case .sendNewView: "sendNewView"
        case .acceptNewView: "acceptNewView"
        }
    }
}
