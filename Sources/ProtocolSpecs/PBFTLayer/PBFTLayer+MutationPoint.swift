import MessagePassing

extension PBFTLayer {
    /// The places in PBFT's rules where `bftcheck mutate` applies its operators (`MutationOperator`):
    /// every guard of a correct replica's steps, every quorum threshold, every view and
    /// sequence-number comparison, the content of the VIEWCHANGE, NEWVIEW and CHECKPOINT messages a
    /// correct replica sends, and every state update (Castro & Liskov, OSDI '99 §4.2–4.4, for what
    /// each one implements). Named `rule.part`; the rules read each through `mutation`.
    public enum MutationPoint: String, MutationSite {
        /// §4.2: only the primary of the view orders requests.
        case proposePrimary = "propose.primary"
        /// §4.4: no normal-case step while awaiting NEWVIEW.
        case proposeInView = "propose.inView"
        /// §4.2: the next slot is at most H.
        case proposeWindow = "propose.window"
        /// A request is ordered once per view and never again once executed.
        case proposeOnce = "propose.once"
        /// §4.2: a PREPREPARE is accepted only from its view's primary.
        case acceptPrePrepareFromPrimary = "acceptPrePrepare.fromPrimary"
        /// The primary does not act as a backup on its own PREPREPARE.
        case acceptPrePrepareNotOwn = "acceptPrePrepare.notOwn"
        /// §4.4: no normal-case step while awaiting NEWVIEW.
        case acceptPrePrepareInView = "acceptPrePrepare.inView"
        /// §4.2: the PREPREPARE is for the replica's view (relaxed: any view).
        case acceptPrePrepareView = "acceptPrePrepare.view"
        /// §4.2: h < n (relaxed: h ≤ n).
        case acceptPrePrepareLowWatermark = "acceptPrePrepare.lowWatermark"
        /// §4.2: n ≤ H (relaxed: n ≤ H + 1).
        case acceptPrePrepareHighWatermark = "acceptPrePrepare.highWatermark"
        /// §4.2: no other PREPREPARE for (v, n) was accepted.
        case acceptPrePrepareOnce = "acceptPrePrepare.once"
        /// §4.4: no normal-case step while awaiting NEWVIEW.
        case prepareInView = "prepare.inView"
        /// h < n (relaxed: h ≤ n).
        case prepareLowWatermark = "prepare.lowWatermark"
        /// One COMMIT per view and sequence number.
        case prepareOnce = "prepare.once"
        /// §4.2: 2f matching PREPAREs from distinct backups (quorum − 1).
        case prepareQuorum = "prepare.quorum"
        /// §4.4: no normal-case step while awaiting NEWVIEW.
        case commitInView = "commit.inView"
        /// h < n (relaxed: h ≤ n).
        case commitLowWatermark = "commit.lowWatermark"
        /// A slot is committed once.
        case commitOnce = "commit.once"
        /// §4.2: 2f + 1 matching COMMITs (the quorum).
        case commitQuorum = "commit.quorum"
        /// §4.2: committed-local fills the ledger.
        case commitLedger = "commit.ledger"
        /// §4.3: CHECKPOINT(n, state) carries the state through n (omitted: the null ledger).
        case checkpointState = "checkpoint.state"
        /// §4.3: the checkpoint is above h (relaxed: at or above).
        case stabilizeCheckpointNewer = "stabilizeCheckpoint.newer"
        /// §4.3: the checkpoint's state agrees with what the replica executed.
        case stabilizeCheckpointConsistent = "stabilizeCheckpoint.consistent"
        /// §4.3: 2f + 1 matching CHECKPOINTs (the quorum).
        case stabilizeCheckpointQuorum = "stabilizeCheckpoint.quorum"
        /// §4.3: the stable checkpoint moves h (and fills the ledger by state transfer).
        case stabilizeCheckpointAdopt = "stabilizeCheckpoint.adopt"
        /// §4.4: VIEWCHANGE carries P, the prepared certificates above h (omitted: none).
        case viewChangeCertificates = "viewChange.certificates"
        /// §4.4: VIEWCHANGE carries h and its state (omitted: the genesis checkpoint).
        case viewChangeCheckpoint = "viewChange.checkpoint"
        /// §4.4: the replica enters the new view.
        case timeoutEnterView = "timeout.enterView"
        /// §4.4: the replica stops normal-case steps until NEWVIEW.
        case timeoutAwaitNewView = "timeout.awaitNewView"
        /// §4.4: only the new view's primary sends NEWVIEW.
        case sendNewViewPrimary = "sendNewView.primary"
        /// §4.4: NEWVIEW carries O (omitted: no proposals).
        case newViewProposals = "newView.proposals"
        /// §4.4: the primary adopts min-s.
        case sendNewViewAdopt = "sendNewView.adopt"
        /// §4.4: V holds 2f + 1 VIEWCHANGEs (`newview_quorum`).
        case newViewQuorum = "newView.quorum"
        /// §4.4: the primary's own VIEWCHANGE is in V.
        case newViewIncludesBuilder = "newView.includesBuilder"
        /// §4.4: O takes the certificate of the highest view in V (dropped: any member's).
        case newViewHighestView = "newView.highestView"
        /// §4.4: NEWVIEW is accepted only from its view's primary.
        case acceptNewViewFromPrimary = "acceptNewView.fromPrimary"
        /// The primary does not act as a backup on its own NEWVIEW.
        case acceptNewViewNotOwn = "acceptNewView.notOwn"
        /// §4.4: NEWVIEW is for a view not yet entered (relaxed: or the current one).
        case acceptNewViewNewer = "acceptNewView.newer"
        /// §4.4: backups recompute O from V.
        case acceptNewViewRecompute = "acceptNewView.recompute"
        /// §4.4: PREPAREs for O above h only (relaxed: h ≤ n).
        case acceptNewViewLowWatermark = "acceptNewView.lowWatermark"
        /// §4.4: the backup adopts min-s.
        case acceptNewViewAdopt = "acceptNewView.adopt"
        /// §4.4: a prepared certificate in a VIEWCHANGE holds a PREPREPARE.
        case certificatePrePrepare = "certificate.prePrepare"
        /// §4.4: and 2f matching PREPAREs (quorum − 1).
        case certificateQuorum = "certificate.quorum"
        /// §4.4: a VIEWCHANGE's checkpoint is stable: 2f + 1 matching CHECKPOINTs.
        case stableCheckpointQuorum = "stableCheckpoint.quorum"

        /// Guards, thresholds, comparisons, message contents and updates, by the part they name.
        public var kind: MutationSiteKind {
            switch self {
            case .prepareQuorum, .commitQuorum, .stabilizeCheckpointQuorum, .newViewQuorum, .certificateQuorum, .stableCheckpointQuorum:
                .threshold
            case .proposeWindow, .acceptPrePrepareView, .acceptPrePrepareLowWatermark, .acceptPrePrepareHighWatermark,
                .prepareLowWatermark, .commitLowWatermark, .stabilizeCheckpointNewer, .acceptNewViewNewer, .acceptNewViewLowWatermark:
                .comparison
            case .checkpointState, .viewChangeCertificates, .viewChangeCheckpoint, .newViewProposals: .content
            case .commitLedger, .stabilizeCheckpointAdopt, .timeoutEnterView, .timeoutAwaitNewView, .sendNewViewAdopt, .acceptNewViewAdopt:
                .update
            default: .guard
            }
        }
    }
}
