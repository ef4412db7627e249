extension Lemma {
    /// Worked sizes chosen here: (n, f) with ‖S‖ = 1,000,000 B and 32-byte hashes.
    static let dispersalExamples: [(n: Int, f: Int)] = [(4, 1), (7, 2), (16, 5), (100, 33), (100, 49)]

    /// IDA piece size (tutorial slides "Background: Information dispersal algorithms", Rabin 1989, and
    /// the "Observation (n > 2f)" of "The delayed-replication algorithm"): ⌈s/(n − f)⌉ ≤ 2s/n + 1 when
    /// n > 2f, < 3s/(2n) + 1 when n > 3f, and n − f pieces total less than s + (n − f). Proved for all
    /// integers s, n, f at once (QF_NIA).
    static let dispersalPieceSize = Lemma(
        name: "dispersal-piece-size",
        title: "IDA pieces: ⌈s/(n − f)⌉ ≤ 2s/n + 1 when n > 2f",
        statement:
            "For all integers s ≥ 0 and n > 2f ≥ 0 the IDA piece p = ⌈s/(n − f)⌉ satisfies p ≤ 2s/n + 1; for n > 3f, "
            + "p < 3s/(2n) + 1; and the n − f pieces needed to decode total (n − f)·p < s + (n − f) ≈ s.",
        formula:
            "∀ s ≥ 0, n > 2f ≥ 0, p = ⌈s/(n − f)⌉: n·p ≤ 2s + n;   n > 3f ⇒ 2n·p < 3s + 2n;   (n − f)·p < s + (n − f)",
        source:
            "tutorial slides \"Background: Information dispersal algorithms\" (Theorem, Rabin 1989) and "
            + "\"The delayed-replication algorithm\" (Observation, n > 2f)",
        provenance: .tutorial,
        expected: .proved
    ) { session in
        let context = session.context
        let (s, n, f, p) = (
            context.constant("s", IntSort.self), context.constant("n", IntSort.self),
            context.constant("f", IntSort.self), context.constant("p", IntSort.self)
        )
        let ceiling = [s >= 0, f >= 0, (n - f) * (p - 1) < s, s <= (n - f) * p]
        let checks = [
            session.prove("half-bound", logic: .nonlinearIntegers, hypotheses: ceiling + [n > 2 * f], claim: n * p <= 2 * s + n),
            session.prove("third-bound", logic: .nonlinearIntegers, hypotheses: ceiling + [n > 3 * f], claim: 2 * n * p < 3 * s + 2 * n),
            session.prove("decoding-total", logic: .nonlinearIntegers, hypotheses: ceiling + [n > 2 * f], claim: (n - f) * p < s + (n - f)),
        ]
        var outcome = LemmaOutcome.judging(checks) { model in
            "s = \(model.value(of: s)), n = \(model.value(of: n)), f = \(model.value(of: f)), p = \(model.value(of: p))"
        }
        if outcome.counterexample != nil { return outcome }
        let size = 1_000_000
        var table = LemmaTable(
            title: "‖S‖ = 1,000,000 B", columns: ["n", "f", "piece ⌈‖S‖/(n−f)⌉", "2‖S‖/n + 1", "3‖S‖/(2n) + 1", "(n−f)·piece"])
        for (n, f) in dispersalExamples {
            let piece = DispersalArithmetic.pieceSize(size, n: n, f: f)
            table.rows.append([
                "\(n)", "\(f)", Fraction.grouped(piece), Fraction(2 * size + n, n).decimal(),
                n > 3 * f ? Fraction(3 * size + 2 * n, 2 * n).decimal() : "n ≤ 3f", Fraction.grouped((n - f) * piece),
            ])
        }
        outcome.tables = [table]
        if outcome.verdict == .proved {
            outcome.findings = [
                "All three inequalities hold for every s ≥ 0 and n > 2f ≥ 0 (resp. n > 3f): QF_NIA, unsat, parametric in s, n and f."
            ]
        }
        return outcome
    }

    /// Merkle checksums (tutorial slides "Checksums: Use Merkle-trees to construct checksums"): C_i(S) is
    /// the ⌈log2 n⌉ sibling hashes on the path from leaf i plus the root; for n = 8, C_5(S) =
    /// [h4, h67, h0123, h01234567]. Checked by exact computation for every n ≤ 100 and every leaf,
    /// including that the root recomputed from the path equals the tree's root.
    static let merkleChecksum = Lemma(
        name: "merkle-checksum",
        title: "Merkle checksums: ⌈log2 n⌉ siblings plus the root",
        statement:
            "For every n ≤ 100 and every replica i < n, the checksum C_i(S) consists of ⌈log2 n⌉ sibling hashes and "
            + "the root, the root recomputed from piece i and its siblings is the tree's root, and for n = 8 "
            + "C_5(S) = [h4, h67, h0123, h01234567] as on the slide. With 32-byte hashes c = (⌈log2 n⌉ + 1)·32 B.",
        formula: "∀ 1 ≤ n ≤ 100, 0 ≤ i < n: |C_i(S)| = ⌈log2 n⌉ + 1 ∧ root(h_i, C_i(S)) = root(S)",
        source: "tutorial slides \"Checksums: Use Merkle-trees to construct checksums\"",
        provenance: .tutorial,
        expected: .proved
    ) { _ in
        var failures: [String] = []
        for n in 1...100 {
            let tree = MerkleTree(leaves: n)
            let root = tree.node(level: tree.height, block: 0)
            for leaf in 0..<n {
                let checksum = tree.checksum(of: leaf)
                if checksum.count != MerkleTree.ceilingLog2(n) + 1 {
                    failures.append(
                        "n = \(n), i = \(leaf): \(checksum.count) hashes, expected ⌈log2 n⌉ + 1 = \(MerkleTree.ceilingLog2(n) + 1)")
                }
                if tree.rootRecomputed(from: leaf) != root {
                    failures.append("n = \(n), i = \(leaf): the root recomputed from the path differs")
                }
            }
        }
        let slide = MerkleTree(leaves: 8).checksum(of: 5)
        let slideExpectation = ["h4", "h67", "h0123", "h01234567"]
        if slide != slideExpectation {
            failures.append(
                "n = 8: C_5(S) = [\(slide.joined(separator: ", "))], the slide shows [\(slideExpectation.joined(separator: ", "))]")
        }
        var table = LemmaTable(title: "Checksum sizes with 32-byte hashes", columns: ["n", "⌈log2 n⌉", "hashes", "c (bytes)"])
        for n in [4, 7, 8, 16, 100] {
            table.rows.append([
                "\(n)", "\(MerkleTree.ceilingLog2(n))", "\(MerkleTree(leaves: n).checksum(of: 0).count)",
                "\(DispersalArithmetic.checksumBytes(n: n, hashBytes: 32))",
            ])
        }
        guard failures.isEmpty else {
            return LemmaOutcome(verdict: .refuted, counterexample: failures[0], tables: [table])
        }
        return LemmaOutcome(
            verdict: .proved,
            findings: [
                "Exact computation: for all 1 ≤ n ≤ 100 and all i < n, |C_i(S)| = ⌈log2 n⌉ + 1 and the recomputed root matches.",
                "n = 8: C_5(S) = [\(slide.joined(separator: ", "))], as on the slide.",
            ],
            tables: [table])
    }
}
