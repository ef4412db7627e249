/// A table of per-case results inside a lemma report (e.g. one row per cluster-size combination).
public struct LemmaTable: Sendable, Hashable, Codable {
    /// What the table shows.
    public var title: String
    /// Column headers.
    public var columns: [String]
    /// Rows of cells, each as many as `columns`.
    public var rows: [[String]]

    /// A table titled `title`.
    public init(title: String, columns: [String], rows: [[String]] = []) {
        self.title = title
        self.columns = columns
        self.rows = rows
    }

    /// The table as aligned plain text (numbers right-aligned), one line per row, no trailing newline.
    public var rendered: String {
        let widths = columns.indices.map { column in
            ([columns[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func isNumeric(_ cell: String) -> Bool {
            !cell.isEmpty && cell.allSatisfy { $0.isNumber || $0 == "." || $0 == "/" || $0 == "-" || $0 == "," }
        }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { cell, width in
                let padding = String(repeating: " ", count: max(0, width - cell.count))
                return isNumeric(cell) ? padding + cell : cell + padding
            }.joined(separator: "  ").replacingTrailingSpaces()
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(columns), rule] + rows.map(line)).joined(separator: "\n")
    }
}

extension String {
    fileprivate func replacingTrailingSpaces() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
