/// How one grapheme of the canvas reaches curses, which holds per cell one spacing character
/// followed by at most four zero-width ones, and takes the cell's width from `wcwidth` of the
/// first. Every grapheme is written in exactly the cells the canvas gave it, and never as `？`:
///
/// 1. as one cell when curses can hold it as is (a spacing character of the grapheme's width
///    and up to four zero-width ones: `e` + accents, most CJK and emoji);
/// 2. as one cell holding the whole cluster when its first scalar has the grapheme's width
///    (emoji with skin-tone modifiers, ZWJ families of up to five scalars): the terminal draws
///    the cluster, as terminals that support them do; a longer cluster keeps its first scalar;
/// 3. as a run of cells, one per spacing scalar with its marks, when their widths add up to
///    the grapheme's (Devanagari conjuncts such as क्ष, drawn scalar by scalar by terminals);
/// 4. a flag (two regional indicators) as its two ASCII letters (`CN`), two cells;
/// 5. a text-default symbol with VS16 (`❤️`, keycaps) as its base and a space, two cells;
/// 6. otherwise its first scalar that fits, padded with spaces, or U+FFFD.
public enum GlyphPlan {
    public struct Cell: Equatable, Sendable {
        public var scalars: [UInt32]
        /// Columns curses gives this cell (`wcwidth` of its first scalar).
        public var width: Int
    }

    static let maxPerCell = 5

    public static func cells(for text: String, width: Int, wcwidth: (UInt32) -> Int) -> [Cell] {
        let scalars = text.unicodeScalars.map(\.value)
        guard let first = scalars.first else { return [Cell(scalars: [0x20], width: 1)] }
        let firstWidth = wcwidth(first)
        let restZero = scalars.dropFirst().allSatisfy { wcwidth($0) == 0 }
        // 1. curses holds it as is.
        if firstWidth == width, restZero, scalars.count <= maxPerCell { return [Cell(scalars: scalars, width: width)] }
        // 2. a cluster led by a scalar of the grapheme's width: the terminal draws the cluster.
        if firstWidth == width, width == 2 {
            return [Cell(scalars: scalars.count <= maxPerCell ? scalars : [first], width: width)]
        }
        // 3. one cell per spacing scalar (with its marks) when the widths add up.
        var runs: [Cell] = []
        var fits = firstWidth > 0
        for s in scalars {
            let w = wcwidth(s)
            if w > 0 {
                runs.append(Cell(scalars: [s], width: w))
            } else if w == 0, !runs.isEmpty, runs[runs.count - 1].scalars.count < maxPerCell {
                runs[runs.count - 1].scalars.append(s)
            } else if w < 0 {
                fits = false
            }
        }
        if fits, runs.reduce(0, { $0 + $1.width }) == width { return runs }
        if width == 2 {
            // 4. a flag: its two letters.
            let regional = scalars.filter { (0x1F1E6...0x1F1FF).contains($0) }
            if regional.count == 2 {
                return regional.map { Cell(scalars: [$0 - 0x1F1E6 + 0x41], width: 1) }
            }
            // 5. a one-cell base in emoji presentation: the base, then a space.
            if firstWidth == 1 { return [Cell(scalars: [first], width: 1), Cell(scalars: [0x20], width: 1)] }
        }
        // 6. the first scalar that fits, padded; else the replacement character.
        if let s = scalars.first(where: { let w = wcwidth($0); return w > 0 && w <= width }) {
            let w = wcwidth(s)
            return [Cell(scalars: [s], width: w)] + Array(repeating: Cell(scalars: [0x20], width: 1), count: width - w)
        }
        return [Cell(scalars: [0xFFFD], width: 1)] + Array(repeating: Cell(scalars: [0x20], width: 1), count: max(0, width - 1))
    }
}
