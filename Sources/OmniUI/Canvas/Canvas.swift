/// One cell of the screen. A wide grapheme occupies its cell (width 2) and the next cell,
/// which holds a continuation (`width == 0`, empty text) so columns never shift.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var width: UInt8
    public var style: StyleRole

    public init(text: String, width: UInt8, style: StyleRole) {
        self.text = text
        self.width = width
        self.style = style
    }

    public static let blank = Cell(text: " ", width: 1, style: .normal)
    public static func continuation(_ style: StyleRole) -> Cell { Cell(text: "", width: 0, style: style) }
    public var isContinuation: Bool { width == 0 }
}

/// A grid of cells that views render into. Pure value: tests read it back as text.
public struct Canvas: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    public func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// Puts one grapheme at (x, y). A wide grapheme that would cross the right edge, or a write
    /// over half of an existing wide grapheme, leaves blanks rather than half a character.
    public mutating func put(_ grapheme: String, width w: Int, x: Int, y: Int, style: StyleRole) {
        guard y >= 0, y < height, x >= 0, x < width, w > 0 else { return }
        if w == 2 && x + 1 >= width {
            clearWide(at: x, y: y)
            self[x, y] = Cell(text: " ", width: 1, style: style)
            return
        }
        clearWide(at: x, y: y)
        if w == 2 { clearWide(at: x + 1, y: y) }
        self[x, y] = Cell(text: grapheme, width: UInt8(w), style: style)
        if w == 2 { self[x + 1, y] = .continuation(style) }
    }

    /// Overwriting either half of a wide grapheme blanks the other half.
    private mutating func clearWide(at x: Int, y: Int) {
        let cell = self[x, y]
        if cell.isContinuation, x > 0 {
            self[x - 1, y] = Cell(text: " ", width: 1, style: self[x - 1, y].style)
        } else if cell.width == 2, x + 1 < width {
            self[x + 1, y] = Cell(text: " ", width: 1, style: cell.style)
        }
    }

    /// Sets the style of a run of cells without touching their text (selection bars, highlights).
    public mutating func restyle(x: Int, y: Int, width w: Int, style: StyleRole) {
        guard y >= 0, y < height else { return }
        for cx in max(0, x)..<min(width, x + w) { cells[y * width + cx].style = style }
    }

    /// Copies rows `from..<from + count` of `source`, whole, to rows `y...` from column `x`
    /// (a scrolled window onto a taller canvas). Rows or cells outside this canvas are skipped.
    public mutating func copyRows(of source: Canvas, from: Int, count: Int, toX x: Int, y: Int) {
        let first = max(0, from, from - y)
        let end = min(from + count, source.height, from + height - y)
        let left = max(0, -x)
        let right = min(source.width, width - x)
        guard first < end, left < right else { return }
        for row in first..<end {
            let src = row * source.width
            let dst = (y + row - from) * width + x
            cells.replaceSubrange((dst + left)..<(dst + right), with: source.cells[(src + left)..<(src + right)])
        }
    }

    /// Fills a rectangle with blanks of one style.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, style: StyleRole) {
        for cy in max(0, y)..<min(height, y + h) {
            for cx in max(0, x)..<min(width, x + w) {
                cells[cy * width + cx] = Cell(text: " ", width: 1, style: style)
            }
        }
    }

    /// Row `y` as plain text (continuation cells contribute nothing), for tests and dumps.
    public func line(_ y: Int) -> String {
        var s = ""
        for x in 0..<width { s += self[x, y].text }
        return s
    }

    /// The whole canvas as text, one line per row, trailing spaces kept.
    public var text: String { (0..<height).map(line).joined(separator: "\n") }
}
