/// A one-line text field as a value: text plus a cursor counted in graphemes (so a CJK
/// character or an emoji ZWJ sequence is one step). Rendering scrolls horizontally so the
/// cursor is always visible, and reports the cursor's screen column.
public struct InputLine: Equatable, Sendable {
    public private(set) var text: String
    /// Cursor position in graphemes, `0...text.count`.
    public private(set) var cursor: Int

    public init(_ text: String = "", cursor: Int? = nil) {
        let clean = Self.clean(text)
        self.text = clean
        self.cursor = min(max(0, cursor ?? clean.count), clean.count)
    }

    /// Input is one line: line breaks and tabs become spaces, other controls are dropped.
    static func clean(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            switch u.value {
            case 0x09, 0x0A, 0x0D: out.append(" ")
            case 0x00...0x1F, 0x7F...0x9F: continue
            default: out.append(u)
            }
        }
        return String(out)
    }

    private func index(_ n: Int) -> String.Index { text.index(text.startIndex, offsetBy: n) }

    public var isEmpty: Bool { text.isEmpty }

    public mutating func setText(_ newText: String) {
        text = Self.clean(newText)
        cursor = text.count
    }

    /// Inserts at the cursor (a typed character or a paste) and moves the cursor after it.
    public mutating func insert(_ s: String) {
        let clean = Self.clean(s)
        guard !clean.isEmpty else { return }
        let before = String(text[..<index(cursor)]) + clean
        let after = text[index(cursor)...]
        text = before + after
        // A combining mark may merge with the grapheme before it: count the result.
        cursor = min(before.count, text.count)
    }

    public mutating func insert(_ c: Character) { insert(String(c)) }

    /// Deletes the grapheme before the cursor.
    public mutating func backspace() {
        guard cursor > 0 else { return }
        text.remove(at: index(cursor - 1))
        cursor -= 1
    }

    /// Deletes the grapheme under the cursor.
    public mutating func deleteForward() {
        guard cursor < text.count else { return }
        text.remove(at: index(cursor))
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(text.count, cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = text.count }

    /// Ctrl-W: deletes spaces before the cursor, then the word before them.
    public mutating func deleteWordBackward() {
        let chars = Array(text)
        var i = cursor
        while i > 0, chars[i - 1].isWhitespace { i -= 1 }
        while i > 0, !chars[i - 1].isWhitespace { i -= 1 }
        text.removeSubrange(index(i)..<index(cursor))
        cursor = i
    }

    /// Ctrl-U: deletes everything before the cursor.
    public mutating func killToStart() {
        text.removeSubrange(text.startIndex..<index(cursor))
        cursor = 0
    }

    /// Ctrl-K: deletes everything from the cursor to the end.
    public mutating func killToEnd() {
        text.removeSubrange(index(cursor)...)
    }

    /// Applies an editing key. Returns false for keys that are not editing keys (Enter, Esc,
    /// arrows up/down...), which the caller handles.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c): insert(c)
        case .backspace: backspace()
        case .delete: deleteForward()
        case .left: moveLeft()
        case .right: moveRight()
        case .home: moveHome()
        case .end: moveEnd()
        case .ctrl("a"): moveHome()
        case .ctrl("e"): moveEnd()
        case .ctrl("b"): moveLeft()
        case .ctrl("f"): moveRight()
        case .ctrl("d"): deleteForward()
        case .ctrl("w"): deleteWordBackward()
        case .ctrl("u"): killToStart()
        case .ctrl("k"): killToEnd()
        default: return false
        }
        return true
    }

    /// Index of the first grapheme shown when `width` cells are available, so that the cursor
    /// cell (one past the text when at the end) is visible.
    public func scrollStart(width: Int) -> Int {
        guard width > 0 else { return cursor }
        let chars = Array(SafeText.sanitizeGraphemes(text))
        var start = cursor
        var used = 1 // the cursor cell itself
        if cursor < chars.count { used = max(1, chars[cursor].displayWidth) }
        while start > 0, used + chars[start - 1].displayWidth <= width {
            used += chars[start - 1].displayWidth
            start -= 1
        }
        return start
    }

    /// Draws `prompt` then the text in `rect`'s first row, the cursor cell in `.inputCursor`,
    /// `placeholder` in `.placeholder` when empty. Returns the cursor's screen column (x).
    @discardableResult
    public func render(into canvas: inout Canvas, in rect: Rect, prompt: String = "",
                       placeholder: String = "") -> Int {
        guard rect.width > 0, rect.height > 0 else { return rect.x }
        let y = rect.y
        canvas.fill(rect.row(0), style: .input)
        var x = rect.x
        x += canvas.draw(prompt, x: x, y: y, width: rect.width, style: .input)
        let width = rect.maxX - x
        guard width > 0 else { return rect.maxX - 1 }
        if text.isEmpty, !placeholder.isEmpty {
            canvas.draw(placeholder, x: x + 1, y: y, width: width - 1, style: .placeholder)
        }
        let chars = Array(SafeText.sanitizeGraphemes(text))
        let start = scrollStart(width: width)
        var cx = x
        var cursorX = x
        var i = start
        while i < chars.count {
            let w = chars[i].displayWidth
            if cx + w > rect.maxX { break }
            if i == cursor { cursorX = cx }
            if w > 0 {
                canvas.put(String(chars[i]), width: w, x: cx, y: y, style: i == cursor ? .inputCursor : .input)
            }
            cx += w
            i += 1
        }
        if cursor >= chars.count {
            cursorX = min(cx, rect.maxX - 1)
            canvas.restyle(x: cursorX, y: y, width: 1, style: .inputCursor)
        }
        return cursorX
    }
}

extension SafeText {
    /// Sanitises grapheme by grapheme, so the result has exactly one grapheme per input
    /// grapheme (a control becomes its single Control Picture, a marker stays one unit).
    /// Used where positions must line up with the original text (input cursor).
    static func sanitizeGraphemes(_ text: String) -> [Character] {
        text.map { ch -> Character in
            if ch.unicodeScalars.allSatisfy({ replacement(for: $0) == nil }) { return ch }
            // Keep one grapheme: a Control Picture for C0/DEL, U+FFFD otherwise.
            if let first = ch.unicodeScalars.first, let r = replacement(for: first), r.count == 1 {
                return Character(r)
            }
            return "\u{FFFD}"
        }
    }
}
