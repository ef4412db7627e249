import ModelChecking

extension ModelCatalog {
    /// The protocol specs (PBFT, cluster-sending, …), registered by their modules' owners here.
    static var protocolEntries: [ModelEntry] { [] }
}
