import MessagePassing
import ProtocolSpecs
import Testing

/// The mutation catalogue is derived from a protocol's sites (one mutant per operator of each site's
/// kind), names round-trip, and the schema answers as specified except at the one mutated site.
@Suite struct MutationCatalogueTests {
    /// Three sites, one per kind that has a single operator, and a threshold with two.
    enum Sites: String, MutationSite {
        case check = "rule.check"
        case count = "rule.count"
        case order = "rule.order"
        case field = "rule.field"
        case store = "rule.store"

        var kind: MutationSiteKind {
            switch self {
            case .check: .guard
            case .count: .threshold
            case .order: .comparison
            case .field: .content
            case .store: .update
            }
        }
    }

    @Test func catalogueIsEverySiteWithEachOperatorOfItsKind() {
        #expect(
            RuleMutation<Sites>.catalogue.map(\.description) == [
                "rule.check/drop-guard", "rule.count/threshold-1", "rule.count/threshold+1", "rule.order/relax", "rule.field/omit-content",
                "rule.store/skip-update",
            ])
        #expect(RuleMutation<NoMutationSites>.catalogue.isEmpty)
        for mutation in RuleMutation<Sites>.catalogue { #expect(RuleMutation<Sites>(name: mutation.description) == mutation) }
        #expect(RuleMutation<Sites>(name: "rule.check/relax") == nil)
        #expect(RuleMutation<Sites>(name: "nothing") == nil)
    }

    @Test func schemaAnswersAsSpecifiedExceptAtTheMutatedSite() {
        let specified = MutationSchema<Sites>()
        #expect(!specified.holds(.check, false))
        #expect(specified.threshold(.count, 3) == 3)
        #expect(!specified.compare(.order, false, relaxed: true))
        #expect(specified.content(.field, 7, omitted: 0) == 7)
        #expect(specified.updates(.store))

        #expect(MutationSchema(RuleMutation(Sites.check, .dropGuard)).holds(.check, false))
        #expect(MutationSchema(RuleMutation(Sites.count, .lowerThreshold)).threshold(.count, 3) == 2)
        #expect(MutationSchema(RuleMutation(Sites.count, .raiseThreshold)).threshold(.count, 3) == 4)
        #expect(MutationSchema(RuleMutation(Sites.order, .relaxComparison)).compare(.order, false, relaxed: true))
        #expect(MutationSchema(RuleMutation(Sites.field, .omitContent)).content(.field, 7, omitted: 0) == 0)
        #expect(!MutationSchema(RuleMutation(Sites.store, .skipUpdate)).updates(.store))
        #expect(MutationSchema(RuleMutation(Sites.check, .dropGuard)).drops(.check))
        #expect(!specified.drops(.check))
        #expect(MutationSchema(RuleMutation(Sites.order, .relaxComparison)).relaxes(.order))
        #expect(!specified.relaxes(.order))

        // Another site is untouched.
        let other = MutationSchema(RuleMutation(Sites.check, .dropGuard))
        #expect(other.threshold(.count, 3) == 3)
        #expect(!other.compare(.order, false, relaxed: true))
        #expect(other.updates(.store))
    }

    /// PBFT's and Bracha's catalogues: every site named `rule.part` after one of the protocol's rules,
    /// names unique, and the count per kind pinned (a site added or removed shows here).
    @Test func specCataloguesArePinned() {
        let pbft = RuleMutation<PBFTLayer.MutationPoint>.catalogue
        #expect(pbft.count == 50)
        #expect(Set(pbft.map(\.description)).count == pbft.count)
        var kinds: [MutationSiteKind: Int] = [:]
        for site in PBFTLayer.MutationPoint.allCases { kinds[site.kind, default: 0] += 1 }
        #expect(kinds == [.guard: 19, .threshold: 6, .comparison: 9, .content: 4, .update: 6])

        let broadcast = RuleMutation<ReliableBroadcast.MutationPoint>.catalogue
        #expect(broadcast.count == 18)
        let rules = Set(ReliableBroadcast.Rule.allCases.map(\.rawValue))
        for site in ReliableBroadcast.MutationPoint.allCases {
            #expect(rules.contains(String(site.rawValue.split(separator: ".")[0])), "\(site.rawValue)")
        }
    }
}
