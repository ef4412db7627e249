extension Lemma {
    /// The Byzantine learner's byte bounds (tutorial slides "The delayed-replication algorithm",
    /// Observation (n > 2f), and "Delayed-replication: Main result (n > 2f)"): each replica sends
    /// B = ⌈‖S‖/(n − f)⌉ + c ≤ 2‖S‖/n + 1 + c bytes per sequence, the learner receives n·B ≤ 2‖S‖ + n(1 + c),
    /// and over a ledger of m sequences (|𝓛| = n·m transactions) the learner receives |𝓛| messages totalling
    /// at most 2‖𝓛‖ + |𝓛|(1 + c) bytes, i.e. O(‖𝓛‖ + |𝓛| log n). The per-sequence bounds are proved for
    /// all sizes at once; the ledger bound by induction on m, base and step checked by Z3.
    static let learnerBounds = Lemma(
        name: "learner-bounds",
        title: "Delayed replication: B ≤ 2‖S‖/n + 1 + c, learner ≤ 2‖𝓛‖ + |𝓛|(1 + c)",
        statement:
            "For n > 2f ≥ 0, any sequence size s ≥ 0 and checksum size c ≥ 0, a replica sends B = ⌈s/(n − f)⌉ + c ≤ "
            + "2s/n + 1 + c bytes and the learner receives n·B ≤ 2s + n(1 + c) bytes per sequence; over m sequences "
            + "(|𝓛| = n·m) the learner receives n·m = |𝓛| messages, decodes m = |𝓛|/n times, and receives at most "
            + "2‖𝓛‖ + |𝓛|(1 + c) bytes; each replica sends m = |𝓛|/n messages of at most (2‖𝓛‖ + |𝓛|(1 + c))/n bytes in total.",
        formula:
            "n·(⌈s/(n − f)⌉ + c) ≤ 2s + n(1 + c);   T_0 = 0, T_{m+1} = T_m + n·B_{m+1} ⇒ T_m ≤ 2‖𝓛_m‖ + n·m(1 + c)",
        source:
            "tutorial slides \"The delayed-replication algorithm\" (Observation, n > 2f) and "
            + "\"Delayed-replication: Main result (n > 2f)\" (Theorem, items 2–4); Hellings & Sadoghi, ICDT 2020",
        provenance: .tutorial,
        expected: .proved
    ) { session in
        let context = session.context
        let (s, n, f, p, c) = (
            context.constant("s", IntSort.self), context.constant("n", IntSort.self), context.constant("f", IntSort.self),
            context.constant("p", IntSort.self), context.constant("c", IntSort.self)
        )
        let sequence = [s >= 0, f >= 0, n > 2 * f, c >= 0, (n - f) * (p - 1) < s, s <= (n - f) * p]
        let perSequence = session.prove(
            "per-sequence", logic: .nonlinearIntegers, hypotheses: sequence, claim: n * (p + c) <= 2 * s + n * (1 + c))
        // Induction on the number of sequences m: T = bytes received so far, X = ledger bytes so far.
        let (m, total, ledger) = (
            context.constant("m", IntSort.self), context.constant("T", IntSort.self), context.constant("X", IntSort.self)
        )
        let invariant = { (t: Z3Term<IntSort>, x: Z3Term<IntSort>, k: Z3Term<IntSort>) in t <= 2 * x + n * k * (1 + c) }
        let zero = context.numeral(0, IntSort.self)
        let base = session.prove(
            "ledger-base", logic: .nonlinearIntegers, hypotheses: [n > 2 * f, f >= 0, c >= 0],
            claim: invariant(zero, zero, zero))
        let step = session.prove(
            "ledger-step", logic: .nonlinearIntegers,
            hypotheses: sequence + [m >= 0, invariant(total, ledger, m)],
            claim: invariant(total + n * (p + c), ledger + s, m + 1))
        let checks = [perSequence, base, step]
        var outcome = LemmaOutcome.judging(checks) { model in
            "s = \(model.value(of: s)), n = \(model.value(of: n)), f = \(model.value(of: f)), c = \(model.value(of: c))"
        }
        if outcome.counterexample != nil { return outcome }
        let size = 1_000_000
        var table = LemmaTable(
            title: "‖S‖ = 1,000,000 B, 32-byte hashes",
            columns: ["n", "f", "piece", "c", "B", "2‖S‖/n + 1 + c", "learner ≤ n·B"])
        for (n, f) in dispersalExamples {
            let bytes = DispersalArithmetic.replicaBytes(size, n: n, f: f, hashBytes: 32)
            let bound = DispersalArithmetic.replicaBound(size, n: n, f: f, hashBytes: 32)
            if Fraction(bytes) > bound {
                outcome.verdict = .refuted
                outcome.counterexample = "n = \(n), f = \(f): B = \(bytes) > \(bound.decimal())"
            }
            table.rows.append([
                "\(n)", "\(f)", Fraction.grouped(DispersalArithmetic.pieceSize(size, n: n, f: f)),
                "\(DispersalArithmetic.checksumBytes(n: n, hashBytes: 32))", Fraction.grouped(bytes), bound.decimal(),
                Fraction.grouped(n * bytes),
            ])
        }
        outcome.tables = [table]
        if outcome.verdict == .proved {
            outcome.findings = [
                "Per sequence, for all s, c ≥ 0 and n > 2f ≥ 0: n·B ≤ 2s + n(1 + c), i.e. B ≤ 2s/n + 1 + c (QF_NIA, unsat).",
                "Over m sequences: T_m ≤ 2‖𝓛‖ + |𝓛|(1 + c) by induction on m (base and step unsat); with c = (⌈log2 n⌉ + 1)·|h| "
                    + "that is O(‖𝓛‖ + |𝓛| log n), and each replica's share is 1/n of it.",
            ]
        }
        return outcome
    }

    /// The storage theorem's arithmetic (tutorial slide "Application: Scalable storage for resilient
    /// systems"): a replica keeping only its pieces and checksums stores at most
    /// ‖𝓛‖/(n − f) + (|𝓛|/n)(1 + c) + ‖𝓥‖ bytes instead of ‖𝓛‖ + ‖𝓥‖. Proved by induction on the number
    /// of sequences (base and step by Z3), with the slide's worked example n = 100, f = 33.
    static let storageTheorem = Lemma(
        name: "storage-theorem",
        title: "Storage per replica: ‖𝓛‖/(n − f) + (|𝓛|/n)(1 + c) + ‖𝓥‖",
        statement:
            "For n > f ≥ 0, a replica storing only its IDA piece and checksum of each of m sequences "
            + "(|𝓛| = n·m transactions, ‖𝓛‖ bytes) stores P_m + m·c + ‖𝓥‖ bytes with (n − f)·P_m ≤ ‖𝓛‖ + m(n − f), "
            + "i.e. at most ‖𝓛‖/(n − f) + (|𝓛|/n)(1 + c) + ‖𝓥‖ = O(‖𝓛‖/(n − f) + (|𝓛|/n) log n + ‖𝓥‖).",
        formula: "P_0 = 0, P_{m+1} = P_m + ⌈s_{m+1}/(n − f)⌉ ⇒ (n − f)·P_m ≤ X_m + m(n − f)",
        source: "tutorial slide \"Application: Scalable storage for resilient systems\" (Theorem)",
        provenance: .tutorial,
        expected: .proved
    ) { session in
        let context = session.context
        let (s, n, f, p) = (
            context.constant("s", IntSort.self), context.constant("n", IntSort.self),
            context.constant("f", IntSort.self), context.constant("p", IntSort.self)
        )
        let (m, pieces, ledger) = (
            context.constant("m", IntSort.self), context.constant("P", IntSort.self), context.constant("X", IntSort.self)
        )
        let invariant = { (stored: Z3Term<IntSort>, x: Z3Term<IntSort>, k: Z3Term<IntSort>) in
            (n - f) * stored <= x + k * (n - f)
        }
        let zero = context.numeral(0, IntSort.self)
        let base = session.prove(
            "base", logic: .nonlinearIntegers, hypotheses: [n > f, f >= 0], claim: invariant(zero, zero, zero))
        let step = session.prove(
            "step", logic: .nonlinearIntegers,
            hypotheses: [s >= 0, f >= 0, n > f, m >= 0, (n - f) * (p - 1) < s, s <= (n - f) * p, invariant(pieces, ledger, m)],
            claim: invariant(pieces + p, ledger + s, m + 1))
        var outcome = LemmaOutcome(verdict: LemmaOutcome.combining([base, step]))
        outcome.reason = LemmaOutcome.firstUnknownReason([base, step])
        if case .refuted(let model) = step {
            outcome.counterexample = "s = \(model.value(of: s)), n = \(model.value(of: n)), f = \(model.value(of: f))"
            return outcome
        }
        // The worked example: n = 100, f = 33, |𝓛| = 10^9 transactions, ‖𝓛‖ = 10^12 B, 32-byte hashes.
        let (replicas, faulty, transactions, bytes) = (100, 33, 1_000_000_000, 1_000_000_000_000)
        let sequences = transactions / replicas
        let sequenceBytes = bytes / sequences
        let stored = sequences * DispersalArithmetic.pieceSize(sequenceBytes, n: replicas, f: faulty)
        let checksums = sequences * DispersalArithmetic.checksumBytes(n: replicas, hashBytes: 32)
        let checksumBytes = DispersalArithmetic.checksumBytes(n: replicas, hashBytes: 32)
        let bound = Fraction(bytes + (replicas - faulty) * sequences * (1 + checksumBytes), replicas - faulty)
        let table = LemmaTable(
            title: "n = 100, f = 33, |𝓛| = 10^9, ‖𝓛‖ = 10^12 B (10^7 sequences of 10^5 B), 32-byte hashes",
            columns: ["pieces", "checksums", "total per replica", "bound", "full replication"],
            rows: [
                [
                    Fraction.grouped(stored), Fraction.grouped(checksums), Fraction.grouped(stored + checksums),
                    bound.decimal(digits: 0), Fraction.grouped(bytes),
                ]
            ])
        outcome.tables = [table]
        if Fraction(stored + checksums) > bound {
            outcome.verdict = .refuted
            outcome.counterexample = "the worked example stores \(stored + checksums) B, above the bound \(bound.decimal())"
        }
        if outcome.verdict == .proved {
            outcome.findings = [
                "(n − f)·P_m ≤ ‖𝓛‖ + m(n − f) for every m, by induction (base and step QF_NIA, unsat).",
                "Worked example: \(Fraction.grouped(stored + checksums)) B per replica instead of \(Fraction.grouped(bytes)) B "
                    + "(\(Fraction((stored + checksums) * 100, bytes).decimal(digits: 2)) % of full replication).",
            ]
        }
        return outcome
    }
}
