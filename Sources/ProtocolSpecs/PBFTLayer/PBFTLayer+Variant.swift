import MessagePassing

extension PBFTLayer {
    /// A variant of PBFT: exactly one rule replaced (see `ProtocolVariant`) — the seeded mutants of
    /// `PBFTMutant` (M3–M5, against Castro & Liskov, OSDI '99 §4.2–4.4), written as overrides rather than branches in the
    /// rules. The quorum mutations (M1, M2) are the parameters `quorum` and `newview_quorum`.
    ///
    /// Three of them replace a *rule's predicate* that two steps read: which PREPAREs match (the
    /// `prepare` step and the certificates a Byzantine VIEWCHANGE may carry), which certificate O
    /// prefers, and what a valid certificate is (both for NEWVIEWs being built and for NEWVIEWs being
    /// recomputed). The rules call these through the variant (`prepareSupport`, `prefers`,
    /// `isValidCertificate`), whose default is the protocol as specified.
    public enum Variant: String, CaseIterable, ProtocolVariant {
        /// The protocol as specified.
        case asSpecified = "none"
        /// VIEWCHANGEs carry bare claims instead of prepared certificates (M3).
        case viewChangeWithoutCertificates = "viewchange_without_certificates"
        /// O takes the digest of the lowest-view certificate in V (M4).
        case newViewLowestView = "newview_lowest_view"
        /// Matching PREPAREs are counted across views (M5).
        case preparesAcrossViews = "prepares_across_views"
        /// Backups accept a NEWVIEW's O without recomputing it from V (M4).
        case newViewNotRecomputed = "newview_not_recomputed"

        /// The variant of `mutant`.
        public init(_ mutant: PBFTMutant) { self = Variant(rawValue: mutant.rawValue)! }

        /// The raw value.
        public var description: String { rawValue }

        /// The rule each variant replaces.
        public var replacedRule: Rule? {
            switch self {
            case .asSpecified: nil
            case .viewChangeWithoutCertificates: .sendNewView
            case .newViewLowestView: .sendNewView
            case .preparesAcrossViews: .prepare
            case .newViewNotRecomputed: .acceptNewView
            }
        }

        /// `newViewNotRecomputed`: accept O as sent; the others use the base handler.
        public func on(
            _ message: PBFTMessage, from sender: ReplicaID, at replica: ReplicaID, in state: PBFTReplicaState, inbox: Inbox<PBFTLayer>,
            base: PBFTLayer
        ) -> Reaction<PBFTLayer> {
            guard self == .newViewNotRecomputed, message.kind == .newView else {
                return base.on(message, from: sender, at: replica, in: state, inbox: inbox)
            }
            return base.acceptNewView(message, from: sender, at: replica, in: state, inbox: inbox, recomputing: false)
        }

        /// The distinct backups of `view` whose matching PREPARE for (`slot`, `digest`) counts: of
        /// `view` as specified; of any view under `preparesAcrossViews`.
        func prepareSupport(_ view: View, _ slot: SequenceNumber, _ digest: Digest, inbox: Inbox<PBFTLayer>, base: PBFTLayer) -> Int {
            guard self == .preparesAcrossViews else { return base.specifiedPrepareSupport(view, slot, digest, inbox: inbox) }
            var senders = ReplicaSet()
            for other in 0...base.configuration.maxView.number {
                senders = senders.union(inbox.senders(of: .prepare(View(other), slot, digest)))
            }
            return senders.intersection(base.backups(of: view)).count
        }

        /// Whether O's rule picks a certificate of view `a` over one of view `b`: the highest view as
        /// specified, the lowest under `newViewLowestView`.
        func prefers(_ a: View, over b: View) -> Bool { self == .newViewLowestView ? a < b : a > b }

        /// Whether a Byzantine VIEWCHANGE may carry the certificate (`view`, `slot`, `digest`): a valid
        /// one as specified; any claim under `viewChangeWithoutCertificates`.
        func isValidCertificate(_ view: View, _ slot: SequenceNumber, _ digest: Digest, inbox: Inbox<PBFTLayer>, base: PBFTLayer) -> Bool {
            guard self == .viewChangeWithoutCertificates else { return base.specifiedIsValidCertificate(view, slot, digest, inbox: inbox) }
            return digest.isRequest || view.number > 0
        }
    }
}
