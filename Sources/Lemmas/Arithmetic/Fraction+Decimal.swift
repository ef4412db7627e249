extension Fraction {
    /// The value with `digits` decimals and thousands separators, e.g. `285,843.3`.
    func decimal(digits: Int = 1) -> String {
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = (numerator * scale * 2 + denominator) / (2 * denominator)
        let whole = scaled / scale
        let fraction = scaled % scale
        let grouped = Fraction.grouped(whole)
        guard digits > 0 else { return grouped }
        let fractionDigits = String(fraction)
        return grouped + "." + String(repeating: "0", count: digits - fractionDigits.count) + fractionDigits
    }

    /// `1,333,720`.
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }
}
