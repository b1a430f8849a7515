/// One cell of a table row: text, plus an optional style override (`.bad` for a late value).
public struct TableCell: Equatable, Sendable, ExpressibleByStringLiteral {
    public var text: String
    public var style: StyleRole?

    public init(_ text: String, style: StyleRole? = nil) {
        self.text = text
        self.style = style
    }

    public init(stringLiteral value: String) { self.init(value) }
}

/// One row: cells in column order, plus an optional row style (`.new` for a fresh row).
public struct TableRow: Equatable, Sendable {
    public var cells: [TableCell]
    public var style: StyleRole?

    public init(_ cells: [TableCell], style: StyleRole? = nil) {
        self.cells = cells
        self.style = style
    }

    public init(texts: [String], style: StyleRole? = nil) {
        self.init(texts.map { TableCell($0) }, style: style)
    }
}

/// Where a table's rows come from. The table asks only for the rows it shows
/// (`rows(in:)` with the visible window), so a source over millions of rows never loads them all.
public protocol TableRowSource {
    /// Total number of rows.
    var rowCount: Int { get }
    /// Rows `range` (within `0..<rowCount`), in order. May return fewer if data moved.
    func rows(in range: Range<Int>) -> [TableRow]
}

/// A row source from two closures (count, window fetch).
public struct ClosureRowSource: TableRowSource {
    public let rowCount: Int
    private let fetch: (Range<Int>) -> [TableRow]

    public init(count: Int, rows: @escaping (Range<Int>) -> [TableRow]) {
        self.rowCount = count
        self.fetch = rows
    }

    public func rows(in range: Range<Int>) -> [TableRow] { fetch(range) }
}

/// A row source over rows already in memory.
public struct ArrayRowSource: TableRowSource, Sendable {
    public var all: [TableRow]
    public init(_ rows: [TableRow]) { self.all = rows }
    public var rowCount: Int { all.count }
    public func rows(in range: Range<Int>) -> [TableRow] {
        let r = range.clamped(to: 0..<all.count)
        return Array(all[r])
    }
}

/// A table column.
public struct TableColumn: Equatable, Sendable {
    public enum Width: Equatable, Sendable {
        /// Always `n` cells.
        case fixed(Int)
        /// As wide as its content (title and the rows shown), up to `max`; squeezed to no less
        /// than `min` when space is short (the column drops instead). Shares what the table
        /// has left over by `weight`, up to `max`.
        case flexible(min: Int, weight: Int = 1, max: Int? = nil)
    }

    public var title: String
    public var align: TextAlign
    public var width: Width
    /// Higher is more important. When the table is too narrow, the columns with the lowest
    /// priority are dropped first (rightmost first among equals). The first column is never dropped.
    public var priority: Int

    public init(_ title: String, align: TextAlign = .left, width: Width = .flexible(min: 8),
                priority: Int = 0) {
        self.title = title
        self.align = align
        self.width = width
        self.priority = priority
    }

    /// A flexible column without a maximum: it takes what the others leave.
    var isOpenEnded: Bool {
        if case .flexible(_, _, nil) = width { return true }
        return false
    }

    var minWidth: Int {
        switch width {
        case .fixed(let n): return max(0, n)
        case .flexible(let m, _, _): return max(0, m)
        }
    }
}

/// Sort indicator shown after a column title.
public enum SortDirection: Sendable, Hashable {
    case ascending
    case descending
    public var marker: String { self == .ascending ? "▲" : "▼" }
}

/// A table over a virtual row source: header with sort marker, selection bar with a `▶`
/// marker, per-cell and per-row style overrides, empty-state message.
public struct Table: Widget {
    public var columns: [TableColumn]
    public var source: any TableRowSource
    public var state: ScrollState
    /// Column index and direction of the current sort, shown as ▲/▼ in the header.
    public var sort: (column: Int, direction: SortDirection)?
    public var emptyMessage: String
    /// Draw the selection bar (false for a table that is not focused).
    public var showsSelection: Bool
    /// Cells between columns.
    public var columnSpacing: Int

    public init(columns: [TableColumn], source: any TableRowSource, state: ScrollState = ScrollState(),
                sort: (column: Int, direction: SortDirection)? = nil, emptyMessage: String = "No rows",
                showsSelection: Bool = true, columnSpacing: Int = 1) {
        self.columns = columns
        self.source = source
        self.state = state
        self.sort = sort
        self.emptyMessage = emptyMessage
        self.showsSelection = showsSelection
        self.columnSpacing = columnSpacing
    }

    /// Number of data rows that fit in a rect of `height` (one row is the header).
    public static func visibleRows(height: Int) -> Int { max(0, height - 1) }

    /// Which columns are shown and where, for a table `width` cells wide showing `rows`:
    /// (column index, x offset from the table's left, width). The selection marker takes the
    /// first 2 cells.
    ///
    /// 1. While the minimum widths do not fit, the lowest priority column is dropped.
    /// 2. Each column gets its content's width (title and `rows`, up to `max`); one whose
    ///    content is narrower than its minimum gives the difference away. Columns are served
    ///    by priority, those with a `max` before those without (the long text that takes the
    ///    rest): first every column that can be shown whole is, then the cells left go to the
    ///    columns still cut. So short values (a colour, a channel, an order number) show whole
    ///    and the long free text is the one cut.
    /// 3. What is left after that is shared among flexible columns by weight, up to `max`.
    public func layout(width: Int, rows: [TableRow] = []) -> [(column: Int, x: Int, width: Int)] {
        let avail = width - SelectionMarker.width
        guard avail > 0, !columns.isEmpty else { return [] }
        var shown = Array(columns.indices)
        func needed(_ cols: [Int]) -> Int {
            cols.reduce(0) { $0 + columns[$1].minWidth } + columnSpacing * max(0, cols.count - 1)
        }
        while shown.count > 1, needed(shown) > avail {
            // Drop the lowest priority column, the rightmost among equals, never the first.
            var victim = shown[1]
            for i in shown.dropFirst() where columns[i].priority <= columns[victim].priority { victim = i }
            shown.removeAll { $0 == victim }
        }
        // A column starts at its minimum, or at its content when that is narrower.
        let wants = shown.map { contentWidth(of: $0, rows: rows) }
        var widths = shown.indices.map { min(columns[shown[$0]].minWidth, wants[$0]) }
        let spare = avail - widths.reduce(0, +) - columnSpacing * max(0, shown.count - 1)
        let left = fitContent(&widths, wants: wants, shown: shown, spare: spare)
        shareByWeight(&widths, shown: shown, spare: left)
        // A single column too wide for the table is narrowed to fit.
        if shown.count == 1 { widths[0] = min(widths[0], avail) }
        var out: [(column: Int, x: Int, width: Int)] = []
        var x = SelectionMarker.width
        for (slot, ci) in shown.enumerated() {
            out.append((ci, x, widths[slot]))
            x += widths[slot] + columnSpacing
        }
        return out
    }

    /// The width column `ci` needs to show its title and every cell of `rows` whole, up to its
    /// maximum (a fixed column: its width).
    func contentWidth(of ci: Int, rows: [TableRow]) -> Int {
        let column = columns[ci]
        guard case .flexible(_, _, let high) = column.width else { return column.minWidth }
        var title = column.title
        if let sort, sort.column == ci { title += " " + sort.direction.marker }
        var widest = title.displayWidth
        for row in rows where ci < row.cells.count {
            widest = max(widest, SafeText.sanitize(row.cells[ci].text).displayWidth)
        }
        return min(widest, high ?? Int.max)
    }

    /// Grows the columns towards `wants` with `spare` cells, most important first and open-ended
    /// columns last: every column that can be shown whole is, then what is left goes to the
    /// columns still cut. Returns the cells left over.
    private func fitContent(_ widths: inout [Int], wants: [Int], shown: [Int], spare: Int) -> Int {
        let order = shown.indices.sorted { a, b in
            let (ca, cb) = (columns[shown[a]], columns[shown[b]])
            return (ca.isOpenEnded ? 1 : 0, -ca.priority, a) < (cb.isOpenEnded ? 1 : 0, -cb.priority, b)
        }
        var spare = spare
        for slot in order where wants[slot] - widths[slot] <= spare {
            spare -= wants[slot] - widths[slot]
            widths[slot] = wants[slot]
        }
        for slot in order where spare > 0 {
            let extra = min(wants[slot] - widths[slot], spare)
            widths[slot] += extra
            spare -= extra
        }
        return spare
    }

    /// Shares `spare` cells among the flexible columns by weight, respecting their maximum;
    /// repeats while some columns hit their maximum and others can still grow.
    private func shareByWeight(_ widths: inout [Int], shown: [Int], spare: Int) {
        var spare = spare
        while spare > 0 {
            var growable: [(slot: Int, weight: Int, cap: Int)] = []
            for (slot, ci) in shown.enumerated() {
                if case .flexible(_, let w, let mx) = columns[ci].width, w > 0 {
                    let cap = mx.map { $0 - widths[slot] } ?? Int.max
                    if cap > 0 { growable.append((slot, w, cap)) }
                }
            }
            if growable.isEmpty { break }
            let totalWeight = growable.reduce(0) { $0 + $1.weight }
            var given = 0
            for g in growable {
                let share = min(g.cap, spare * g.weight / totalWeight)
                widths[g.slot] += share
                given += share
            }
            if given == 0 {
                for g in growable where given < spare {
                    widths[g.slot] += 1
                    given += 1
                }
            }
            if given == 0 { break }
            spare -= given
        }
    }

    public func render(into canvas: inout Canvas, in rect: Rect) {
        guard rect.width > 0, rect.height > 0 else { return }
        let visible = Self.visibleRows(height: rect.height)
        let count = source.rowCount
        let s = state.clamped(count: count, visible: visible)
        let rows = visible > 0 && count > 0 ? source.rows(in: s.offset..<min(count, s.offset + visible)) : []
        let layout = self.layout(width: rect.width, rows: rows)
        // Header.
        canvas.fill(rect.row(0), style: .tableHeader)
        for col in layout {
            var title = columns[col.column].title
            if let sort, sort.column == col.column { title += " " + sort.direction.marker }
            canvas.draw(title, x: rect.x + col.x, y: rect.y, width: col.width, style: .tableHeader,
                        align: columns[col.column].align)
        }
        guard visible > 0 else { return }
        if count == 0 {
            canvas.fill(rect.inset(by: EdgeInsets(top: 1)), style: .normal)
            canvas.draw(emptyMessage, x: rect.x, y: rect.y + 1 + (visible - 1) / 2, width: rect.width,
                        style: .placeholder, align: .center)
            return
        }
        for i in 0..<visible {
            let y = rect.y + 1 + i
            let index = s.offset + i
            canvas.fill(x: rect.x, y: y, width: rect.width, height: 1, style: .normal)
            guard i < rows.count, index < count else { continue }
            let row = rows[i]
            let selected = showsSelection && index == s.selected
            let rowStyle = row.style ?? .normal
            if selected {
                canvas.fill(x: rect.x, y: y, width: rect.width, height: 1, style: .selection)
                canvas.draw(SelectionMarker.selected, x: rect.x, y: y, width: 1, style: .selection)
            } else if row.style != nil {
                canvas.fill(x: rect.x, y: y, width: rect.width, height: 1, style: rowStyle)
            }
            for col in layout {
                let cell = col.column < row.cells.count ? row.cells[col.column] : TableCell("")
                let style: StyleRole = selected ? .selection : (cell.style ?? rowStyle)
                canvas.draw(cell.text, x: rect.x + col.x, y: y, width: col.width, style: style,
                            align: columns[col.column].align)
            }
        }
    }
}
