/// A deliberate departure from Castro & Liskov's rules, so that users (and the test suite) can see the
/// checker catch it (mutations M3–M5, against OSDI '99 §4.2–4.4). The quorum mutations (M1, M2: quorums of
/// 2f + 1 when n ≠ 3f + 1; NEWVIEW on fewer than n − f VIEWCHANGEs) are the parameters `quorum` and
/// `newview_quorum` instead.
public enum PBFTMutant: String, Hashable, Sendable, Codable, CaseIterable {
    /// The protocol as specified.
    case none
    /// VIEWCHANGE messages carry bare claims "I prepared d at n in view w" instead of prepared
    /// certificates (the PREPREPARE plus its matching PREPAREs), so a Byzantine replica's claim needs
    /// no proof (M3).
    case viewChangeWithoutCertificates = "viewchange_without_certificates"
    /// NEWVIEW's O takes, for each slot, the digest of the *lowest*-view certificate in V instead of the
    /// highest (M4).
    case newViewLowestView = "newview_lowest_view"
    /// A replica counts matching PREPAREs for the same slot and digest from any view, not only from
    /// the view of the PREPREPARE it accepted (M5).
    case preparesAcrossViews = "prepares_across_views"
    /// Backups accept a NEWVIEW's O as sent, without recomputing it from V (M4).
    case newViewNotRecomputed = "newview_not_recomputed"

    /// One line on what the mutant changes.
    public var summary: String {
        switch self {
        case .none: "the protocol as specified"
        case .viewChangeWithoutCertificates: "VIEWCHANGE carries bare claims instead of prepared certificates"
        case .newViewLowestView: "NEWVIEW takes the digest of the lowest-view certificate"
        case .preparesAcrossViews: "matching PREPAREs are counted across views"
        case .newViewNotRecomputed: "backups accept NEWVIEW without recomputing O"
        }
    }
}
