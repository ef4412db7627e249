import Testing

@testable import Lemmas

/// Quorum intersection, the 2f + 1 trap and the view change: verdicts, numbers and counterexamples,
/// the counterexamples re-checked here by plain set arithmetic.
@Suite struct QuorumLemmaTests {
    @Test func parametricQuorumIntersectionIsProved() {
        for name in ["quorum-intersection", "quorum-intersection-tutorial-form", "view-change", "quorum-2f-plus-1-trap"] {
            let report = standardReport(name)
            #expect(report.verdict == .proved, "\(name)")
            #expect(report.isAsExpected, "\(name)")
            #expect(report.queries.allSatisfy { $0.outcome != .unknown }, "\(name)")
        }
    }

    @Test func droppingNAbove3fIsRefutedWithTheSmallestCounterexample() throws {
        let report = standardReport("quorum-intersection-below-3f")
        #expect(report.expected == .refuted)
        #expect(report.verdict == .refuted)
        #expect(report.isAsExpected)
        let sets = try #require(ParsedSets(report.counterexample ?? ""))
        #expect(sets.n == 3 && sets.f == 1)
        let (q1, q2, faulty) = (sets.sets["Q1"]!, sets.sets["Q2"]!, sets.sets["F"]!)
        #expect(q1.count == sets.n - sets.f && q2.count == sets.n - sets.f && faulty.count <= sets.f)
        #expect(q1.intersection(q2).isSubset(of: faulty))
        #expect(q1.union(q2).union(faulty).allSatisfy { (0..<sets.n).contains($0) })
        // Minimality is certified by an unsat query for every smaller n.
        #expect(report.queries.contains { $0.id == "counterexample-n-below-3" && $0.outcome == .unsat })
    }

    @Test func aDeliberatelyFalseLemmaIsRefutedWithACorrectCounterexample() throws {
        // Claims n − f quorums are safe when n = 3f: false, and the run must say so with sets that show it.
        let falseLemma = Lemma(
            name: "false-quorums-at-3f", title: "n − f quorums at n = 3f (false)", statement: "", formula: "",
            source: "test", provenance: .derived, expected: .proved
        ) { session in
            let context = session.context
            let n = context.constant("n", IntSort.self)
            let f = context.constant("f", IntSort.self)
            let venn = VennRegions(["Q1", "Q2", "F"], universe: n)
            let check = session.prove(
                "claim", logic: .linearIntegers,
                hypotheses: venn.wellFormed + [f >= 1, n == 3 * f, venn.size(0) == n - f, venn.size(1) == n - f, venn.size(2) <= f],
                claim: venn.size(inside: [0, 1], outside: [2]) >= 1)
            guard case .refuted(let model) = check else { return LemmaOutcome(verdict: .proved) }
            return LemmaOutcome(verdict: .refuted, counterexample: QuorumWitness(venn: venn, model: model, n: n, f: f).description)
        }
        let run = falseLemma.run()
        #expect(run.report.verdict == .refuted)
        #expect(!run.report.isAsExpected)
        #expect(!SuiteRun(runs: [run], seconds: 0).isAsExpected)
        let sets = try #require(ParsedSets(run.report.counterexample ?? ""))
        #expect(sets.n == 3 * sets.f && sets.f >= 1)
        let (q1, q2, faulty) = (sets.sets["Q1"]!, sets.sets["Q2"]!, sets.sets["F"]!)
        #expect(q1.count == sets.n - sets.f && q2.count == sets.n - sets.f && faulty.count <= sets.f)
        #expect(q1.intersection(q2).isSubset(of: faulty))
    }

    @Test func quorumSetsAgreeWithTwoQMinusNAboveF() throws {
        let report = standardReport("quorum-sets")
        #expect(report.verdict == .proved)
        #expect(report.queries.count == 180)
        for query in report.queries {
            let numbers = query.id.split(separator: "-").map { Int($0.dropFirst())! }
            let (n, f, q) = (numbers[0], numbers[1], numbers[2])
            #expect(query.outcome == (2 * q - n > f ? .unsat : .sat), "\(query.id)")
        }
        let table = try #require(report.tables.first)
        #expect(table.rows.count == 25)
        #expect(table.rows.allSatisfy { $0.last == "yes" })
        // n − f quorums are safe exactly when n > 3f.
        for row in table.rows {
            let (n, f) = (Int(row[0])!, Int(row[1])!)
            #expect(row[5] == (n > 3 * f ? "yes" : "no"))
        }
    }

    @Test func everyQuorumSetsWitnessIsAValidCounterexample() throws {
        let run = LemmaSuite.standard().lemmas.first { $0.name == "quorum-sets" }!.run()
        let file = try #require(run.counterexampleFile)
        let lines = file.contents.split(separator: "\n").filter { $0.hasPrefix("q = ") }
        var expectedCount = 0
        for n in 2...10 {
            for f in 1...(n / 2) {
                for q in 1...n where 2 * q - n <= f { expectedCount += 1 }
            }
        }
        #expect(lines.count == expectedCount)
        for line in lines {
            let q = Int(line.dropFirst(4).prefix { $0.isNumber })!
            let sets = try #require(ParsedSets(String(line)))
            let (q1, q2, faulty) = (sets.sets["Q1"]!, sets.sets["Q2"]!, sets.sets["F"]!)
            #expect(q1.count == q && q2.count == q && faulty.count == sets.f, "\(line)")
            #expect(q1.intersection(q2).isSubset(of: faulty), "\(line)")
            #expect(2 * q - sets.n <= sets.f, "\(line)")
        }
    }

    @Test func theTrapsSmallestUnsafeCaseIsFiveAndOne() throws {
        let report = standardReport("quorum-2f-plus-1-trap")
        let finding = try #require(report.findings.first { $0.hasPrefix("Smallest unsafe case") })
        let sets = try #require(ParsedSets(finding))
        #expect(sets.n == 5 && sets.f == 1)
        let (q1, q2, faulty) = (sets.sets["Q1"]!, sets.sets["Q2"]!, sets.sets["F"]!)
        #expect(q1.count == 3 && q2.count == 3 && faulty.count <= 1)
        #expect(q1.intersection(q2).isSubset(of: faulty))
        #expect(report.queries.contains { $0.id == "2f-plus-1-safe-at-3f-plus-1" && $0.outcome == .unsat })
        #expect(report.queries.contains { $0.id == "2f-plus-1-unsafe-from-3f-plus-2" && $0.outcome == .unsat })
    }

    @Test func viewChangeNeedsNAbove3f() throws {
        let report = standardReport("view-change")
        let finding = try #require(report.findings.first { $0.hasPrefix("n > 3f is needed") })
        let sets = try #require(ParsedSets(finding))
        #expect(sets.n == 3 && sets.f == 1)
        let (committed, senders, faulty) = (sets.sets["S"]!, sets.sets["E"]!, sets.sets["F"]!)
        #expect(committed.count == sets.n - 2 * sets.f && senders.count == sets.n - sets.f && faulty.count <= sets.f)
        #expect(committed.isDisjoint(with: senders) && committed.isDisjoint(with: faulty))
    }
}
