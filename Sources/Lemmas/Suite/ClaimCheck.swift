/// The answer to `LemmaSession.prove`.
enum ClaimCheck {
    case proved
    case refuted(Z3Model)
    case unknown(String)

    var isProved: Bool { if case .proved = self { true } else { false } }
}
