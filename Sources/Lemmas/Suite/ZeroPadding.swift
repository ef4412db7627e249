/// `value` in decimal, left-padded with zeros to `width` digits (`7` → `07`), for file names that sort.
func pad(_ value: Int, width: Int = 2) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
