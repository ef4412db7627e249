import Foundation

extension MutationReport {
    /// The kill table: one line per mutant — killed by which config and invariant, in how many steps
    /// and how long — then the score.
    public var table: String {
        var lines = ["mutants of \(model), judged by \(configs.count) config\(configs.count == 1 ? "" : "s") (fewest states first):"]
        for judge in configs {
            lines.append("  \(judge.config): \(judge.states) states un-mutated, \(MutationAnalysis.format(judge.seconds))")
        }
        lines.append("")
        let width = mutants.map(\.name.count).max() ?? 0
        for mutant in mutants {
            lines.append(Self.line(for: mutant, width: width))
            if let note = mutant.note, mutant.verdict != .survived { lines.append("    " + note) }
        }
        lines.append("")
        lines.append(score)
        for name in wronglyArgued {
            lines.append("argued equivalent but killed (the argument is wrong): \(name)")
        }
        return lines.joined(separator: "\n")
    }

    /// `score: 41 of 41 non-equivalent mutants killed (100.0 %); 9 argued equivalent; 0 survived; 0 incomplete`:
    /// killed among the mutants not argued equivalent (an argued one that was killed counts as killed
    /// and makes the argument wrong); incomplete counts every mutant a limit left undecided.
    public var score: String {
        let judged = mutants.count { $0.note == nil || $0.verdict == .killed }
        let percent = judged == 0 ? 100 : 100 * Double(killed) / Double(judged)
        return "score: \(killed) of \(judged) non-equivalent mutants killed (\(String(format: "%.1f", percent)) %); "
            + "\(argued - wronglyArgued.count) argued equivalent (\(unchecked) not run); \(survived) survived; \(incomplete) incomplete"
    }

    /// One mutant's line, its name padded to `width`.
    static func line(for mutant: Mutant, width: Int = 0) -> String {
        let name = mutant.name.padding(toLength: max(width, mutant.name.count), withPad: " ", startingAt: 0)
        switch mutant.verdict {
        case .killed:
            let kill = mutant.killedBy!
            let config = (kill.config as NSString).lastPathComponent.replacingOccurrences(of: ".cfg", with: "")
            let steps = kill.steps.map { "\($0) steps" } ?? "no trace"
            return "\(name)  killed      by \(config): \(kill.property), \(steps), \(MutationAnalysis.format(kill.seconds))"
        case .survived: return "\(name)  SURVIVED    every config holds (\(MutationAnalysis.format(mutant.seconds)))"
        case .equivalent: return "\(name)  equivalent  every config holds, as argued"
        case .argued: return "\(name)  argued      equivalent, not run (--check-argued runs it)"
        case .incomplete:
            let argued = mutant.note == nil ? "" : " (argued equivalent)"
            return "\(name)  incomplete  a limit stopped a run before any invariant failed\(argued)"
        }
    }
}
