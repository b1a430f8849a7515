import OmniUI
import XCTest

final class CanvasDiffTests: XCTestCase {
    private func canvas(_ rows: [String], width: Int, style: StyleRole = .normal) -> Canvas {
        var c = Canvas(width: width, height: rows.count)
        for (y, row) in rows.enumerated() {
            var x = 0
            for ch in row {
                let w = ch.unicodeScalars.first!.value >= 0x1100 ? 2 : 1
                c.put(String(ch), width: w, x: x, y: y, style: style)
                x += w
            }
        }
        return c
    }

    func testIdenticalCanvasesHaveNoRuns() {
        let a = canvas(["hello", "東京 x"], width: 8)
        XCTAssertEqual(CanvasDiff.runs(from: a, to: a), [])
    }

    func testOneChangedCellIsOneRun() {
        let a = canvas(["hello", "world"], width: 5)
        var b = a
        b.put("J", width: 1, x: 2, y: 1, style: .normal)
        let runs = CanvasDiff.runs(from: a, to: b)
        XCTAssertEqual(runs, [CellRun(x: 2, y: 1, columns: 1, style: .normal)])
        XCTAssertEqual(runs[0].text(in: b), "J")
    }

    func testAdjacentChangesJoinAndStylesSplit() {
        let a = canvas(["abcdef"], width: 6)
        var b = a
        b.put("X", width: 1, x: 1, y: 0, style: .normal)
        b.put("Y", width: 1, x: 2, y: 0, style: .normal)
        b.put("Z", width: 1, x: 3, y: 0, style: .selection)
        b.put("W", width: 1, x: 5, y: 0, style: .normal)
        XCTAssertEqual(CanvasDiff.runs(from: a, to: b), [
            CellRun(x: 1, y: 0, columns: 2, style: .normal),
            CellRun(x: 3, y: 0, columns: 1, style: .selection),
            CellRun(x: 5, y: 0, columns: 1, style: .normal),
        ])
        // A style change alone is a change.
        var c = a
        c.restyle(x: 0, y: 0, width: 2, style: .bad)
        XCTAssertEqual(CanvasDiff.runs(from: a, to: c), [CellRun(x: 0, y: 0, columns: 2, style: .bad)])
    }

    func testWideCharacterChangeCoversBothCells() {
        let a = canvas(["a東b"], width: 4)
        var b = a
        b.put("京", width: 2, x: 1, y: 0, style: .normal)
        let runs = CanvasDiff.runs(from: a, to: b)
        XCTAssertEqual(runs, [CellRun(x: 1, y: 0, columns: 2, style: .normal)])
        XCTAssertEqual(runs[0].text(in: b), "京")

        // Only the continuation half differs (a restyle of that cell): the run still starts at
        // the lead, and takes the lead's style.
        var c = a
        c.restyle(x: 2, y: 0, width: 1, style: .accent)
        XCTAssertEqual(CanvasDiff.runs(from: a, to: c), [CellRun(x: 1, y: 0, columns: 2, style: .normal)])

        // Narrow text over half of a wide character: both former halves are rewritten.
        var d = a
        d.put("z", width: 1, x: 2, y: 0, style: .normal)
        let dRuns = CanvasDiff.runs(from: a, to: d)
        XCTAssertEqual(dRuns, [CellRun(x: 1, y: 0, columns: 2, style: .normal)])
        XCTAssertEqual(dRuns[0].text(in: d), " z")
    }

    func testWideCharacterNeverSplitByStyle() {
        var a = canvas(["東京"], width: 4)
        a.restyle(x: 1, y: 0, width: 2, style: .selection)  // continuation of 東, lead of 京
        let runs = CanvasDiff.runs(from: nil, to: a)
        XCTAssertEqual(runs, [CellRun(x: 0, y: 0, columns: 2, style: .normal),
                              CellRun(x: 2, y: 0, columns: 2, style: .selection)])
    }

    func testNilOrResizedPreviousMeansEverything() {
        let b = canvas(["ab", "cd"], width: 2)
        let full = [CellRun(x: 0, y: 0, columns: 2, style: .normal), CellRun(x: 0, y: 1, columns: 2, style: .normal)]
        XCTAssertEqual(CanvasDiff.runs(from: nil, to: b), full)
        XCTAssertEqual(CanvasDiff.runs(from: canvas(["ab"], width: 2), to: b), full)
        XCTAssertEqual(CanvasDiff.runs(from: canvas(["ab ", "cd "], width: 3), to: b), full)
        XCTAssertEqual(CanvasDiff.runs(from: nil, to: Canvas(width: 0, height: 3)), [])
    }

    func testEveryChangedCellIsCoveredExactlyOnce() {
        // Random edits: applying the runs to the old frame must give the new one.
        var rng = SystemRandomNumberGenerator()
        let glyphs: [(String, Int)] = [("a", 1), ("b", 1), ("東", 2), ("王", 2), (" ", 1)]
        let styles: [StyleRole] = [.normal, .selection, .bad]
        for _ in 0..<200 {
            var a = Canvas(width: 12, height: 3)
            var b = a
            for _ in 0..<20 {
                let (g, w) = glyphs.randomElement(using: &rng)!
                a.put(g, width: w, x: Int.random(in: 0..<12, using: &rng), y: Int.random(in: 0..<3, using: &rng),
                      style: styles.randomElement(using: &rng)!)
                let (g2, w2) = glyphs.randomElement(using: &rng)!
                b.put(g2, width: w2, x: Int.random(in: 0..<12, using: &rng), y: Int.random(in: 0..<3, using: &rng),
                      style: styles.randomElement(using: &rng)!)
            }
            var patched = a
            var covered = Set<Int>()
            for run in CanvasDiff.runs(from: a, to: b) {
                XCTAssertFalse(b[run.x, run.y].isContinuation, "run starts on a continuation")
                let last = run.x + run.columns - 1
                XCTAssertFalse(b[last, run.y].width == 2 && last + 1 < b.width && b[last + 1, run.y].isContinuation,
                               "run ends on a wide lead")
                for x in run.x...last {
                    XCTAssertTrue(covered.insert(run.y * 12 + x).inserted)
                    patched[x, run.y] = b[x, run.y]
                }
            }
            XCTAssertEqual(patched, b)
        }
    }
}
