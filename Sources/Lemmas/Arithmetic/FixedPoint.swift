/// Deterministic fixed-point formatting of doubles (no locale, no Foundation).
enum FixedPoint {
    /// `value` rounded half away from zero to `decimals` places, optionally with thousands separators.
    static func format(_ value: Double, decimals: Int, grouping: Bool = false) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((abs(value) * scale).rounded(.toNearestOrAwayFromZero))
        let integerScale = Int(scale)
        let whole = scaled / integerScale
        let fraction = scaled % integerScale
        var text = grouping ? Fraction.grouped(whole) : String(whole)
        if decimals > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return (value < 0 && scaled != 0 ? "-" : "") + text
    }
}
