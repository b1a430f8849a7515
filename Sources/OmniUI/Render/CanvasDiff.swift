/// A horizontal run of cells on one row that share one style and must be (re)written.
/// `x..<x+columns` never starts on the continuation half of a wide grapheme nor ends on its
/// first half, so a backend can write the run without splitting a character.
public struct CellRun: Equatable, Sendable {
    public var x: Int
    public var y: Int
    /// Number of columns (cells, continuation cells included).
    public var columns: Int
    public var style: StyleRole

    public init(x: Int, y: Int, columns: Int, style: StyleRole) {
        self.x = x
        self.y = y
        self.columns = columns
        self.style = style
    }

    /// The cells of this run in `canvas` (the canvas the run was computed for).
    public func cells(in canvas: Canvas) -> ArraySlice<Cell> {
        let start = y * canvas.width + x
        return canvas.cells[start..<start + columns]
    }

    /// The run's text (continuation cells contribute nothing), for tests and debugging.
    public func text(in canvas: Canvas) -> String {
        var s = ""
        for cell in cells(in: canvas) { s += cell.text }
        return s
    }
}

/// Computes what changed between two frames. Pure: no terminal needed, so it is unit tested
/// and benchmarked on its own.
public enum CanvasDiff {
    /// The runs of `next` that differ from `previous`, row by row, left to right.
    /// A nil `previous`, or one of another size, means every cell of `next` is a change.
    /// Each run has one style; a wide grapheme (lead cell + continuation cell) is always
    /// entirely inside one run, and takes the style of its lead cell.
    public static func runs(from previous: Canvas?, to next: Canvas) -> [CellRun] {
        let w = next.width
        let h = next.height
        guard w > 0, h > 0 else { return [] }
        let full = previous == nil || previous!.width != w || previous!.height != h
        let new = next.cells
        let old = previous?.cells ?? []
        var runs: [CellRun] = []

        for y in 0..<h {
            let base = y * w
            // Fast path: identical rows (the common case for an idle or slowly moving screen).
            if !full && rowsEqual(old, new, from: base, count: w) { continue }
            var x = 0
            var open: CellRun?
            while x < w {
                // The grapheme at x: a wide lead with its continuation is one unit of 2 columns.
                let cell = new[base + x]
                let unit = (cell.width == 2 && x + 1 < w && new[base + x + 1].isContinuation) ? 2 : 1
                var changed = full
                if !changed {
                    for i in 0..<unit where old[base + x + i] != new[base + x + i] {
                        changed = true
                        break
                    }
                }
                if changed {
                    if var run = open, run.style == cell.style, run.x + run.columns == x {
                        run.columns += unit
                        open = run
                    } else {
                        if let run = open { runs.append(run) }
                        open = CellRun(x: x, y: y, columns: unit, style: cell.style)
                    }
                } else if let run = open {
                    runs.append(run)
                    open = nil
                }
                x += unit
            }
            if let run = open { runs.append(run) }
        }
        return runs
    }

    private static func rowsEqual(_ a: [Cell], _ b: [Cell], from start: Int, count: Int) -> Bool {
        var i = start
        let end = start + count
        while i < end {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }
}
