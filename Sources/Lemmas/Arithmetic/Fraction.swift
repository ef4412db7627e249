/// An exact rational number in lowest terms with a positive denominator.
///
/// Used for exact expectations (e.g. the expected number of attempts of probabilistic cluster-sending,
/// 16/9 for n = 4, f = 1) and for real values read back from Z3 models.
public struct Fraction: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The numerator.
    public let numerator: Int
    /// The denominator, always positive.
    public let denominator: Int

    /// `numerator / denominator` reduced to lowest terms.
    ///
    /// - Precondition: `denominator != 0`.
    public init(_ numerator: Int, _ denominator: Int = 1) {
        precondition(denominator != 0, "a fraction needs a non-zero denominator")
        let divisor = Fraction.gcd(abs(numerator), abs(denominator))
        let sign = denominator < 0 ? -1 : 1
        self.numerator = sign * numerator / max(divisor, 1)
        self.denominator = sign * denominator / max(divisor, 1)
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    /// The nearest `Double`.
    public var doubleValue: Double { Double(numerator) / Double(denominator) }

    /// `7/3`, or `2` when the denominator is 1.
    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }

    /// Exact comparison by cross-multiplication.
    public static func < (lhs: Fraction, rhs: Fraction) -> Bool {
        lhs.numerator * rhs.denominator < rhs.numerator * lhs.denominator
    }

    /// Exact product.
    public static func * (lhs: Fraction, rhs: Fraction) -> Fraction {
        Fraction(lhs.numerator * rhs.numerator, lhs.denominator * rhs.denominator)
    }

    /// Exact quotient.
    ///
    /// - Precondition: `rhs` is not zero.
    public static func / (lhs: Fraction, rhs: Fraction) -> Fraction {
        Fraction(lhs.numerator * rhs.denominator, lhs.denominator * rhs.numerator)
    }
}
