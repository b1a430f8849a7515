import Foundation

/// Sort by column, as htop does: `>` steps to the next sort (a column ascending, then the same
/// column descending, then the next column), `<` steps back; past either end the list is back in
/// its own order. Rows compare by their shown cells: as numbers when both cells read as numbers
/// (amounts, counts, ids), else as text.
public struct ListSort: Sendable, Equatable {
    /// nil: the list's own order.
    public var column: Int?
    public var descending = false

    public init(column: Int? = nil, descending: Bool = false) {
        self.column = column
        self.descending = descending
    }

    /// Moves to the next (`forward`) or previous sort among `columns` columns.
    public mutating func step(forward: Bool, columns: Int) {
        guard columns > 0 else { return }
        let states = columns * 2 + 1  // 0: own order, then (c, asc), (c, desc)...
        var i = column.map { 1 + $0 * 2 + (descending ? 1 : 0) } ?? 0
        i = (i + (forward ? 1 : states - 1)) % states
        if i == 0 {
            column = nil
            descending = false
        } else {
            column = (i - 1) / 2
            descending = (i - 1) % 2 == 1
        }
    }

    /// The header marker for `Table`.
    public var marker: (column: Int, direction: SortDirection)? {
        column.map { ($0, descending ? .descending : .ascending) }
    }

    /// "sorted by Status ▼", for a title.
    public func label(_ columns: [TableColumn]) -> String? {
        guard let c = column, c < columns.count else { return nil }
        return "sorted by " + columns[c].title + " " + (descending ? "▼" : "▲")
    }

    /// `items` in this sort (stable: equal rows keep the list's order).
    public func apply<T>(_ items: [T], row: (T) -> TableRow) -> [T] {
        guard let c = column else { return items }
        let keyed = items.enumerated().map { (i, item) -> (Int, SortKey, T) in
            let rowCells = row(item).cells
            return (i, SortKey(c < rowCells.count ? rowCells[c].text : ""), item)
        }
        return keyed.sorted { a, b in
            if a.1 == b.1 { return a.0 < b.0 }
            return descending ? b.1 < a.1 : a.1 < b.1
        }.map(\.2)
    }
}

/// A cell's text as a sort key: a number when it reads as one ("¥1,234.50", "12", "-3"), else
/// the text, ignoring case. Numbers sort before text.
enum SortKey: Comparable {
    case number(Double)
    case text(String)

    init(_ s: String) {
        let digits = s.filter { $0.isNumber || $0 == "." || $0 == "-" }
        let onlyNumberish = s.allSatisfy { $0.isNumber || ".,-+ ¥$€£%".contains($0) }
        if onlyNumberish, !digits.isEmpty, let v = Double(digits) { self = .number(v) } else { self = .text(s.lowercased()) }
    }
}
